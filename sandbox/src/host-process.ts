// The plugin-host child process: runs plugins, each in an isolated-vm isolate of its own, and speaks
// the protocol of protocol.ts with the core over the IPC channel. Started by plugin-host.ts with
// --no-node-snapshot and a capped heap. Whatever goes wrong with one plugin's isolate (deadline
// overrun, memory limit), that isolate is disposed and reported once; the other plugins of the
// process keep running. Only a catastrophic V8 error, which parks an isolate's thread for good,
// ends the whole process — after saying whose isolate it was.
import { randomBytes } from 'node:crypto';
import { flushCompileCache } from 'node:module';
import ivm from 'isolated-vm';
import { HOOK_NAMES } from '@parley/plugin-api';
import { API_METHODS, isApiMethod } from './api-methods.ts';
import { BOOTSTRAP_SOURCE, MAX_RANDOM_BYTES, type BootstrapConfig, type HostCallKind } from './bootstrap.ts';
import type { PluginAppError, SandboxErrorShape } from './plugin-process.ts';
import {
  MAX_API_CALLS_IN_FLIGHT,
  MAX_API_CALLS_QUEUED,
  MAX_PAYLOAD_CHARS,
  MAX_QUEUED_API_CHARS,
  HOST_MEMORY_POLL_MS,
  processMemoryCapMb,
  type ChildMessage,
  type ParentMessage,
} from './protocol.ts';
import { MAX_ERROR_MESSAGE_CHARS, pluginAppError, sandboxErrors, truncateMessage } from './sandbox-error.ts';

type StartMessage = Extract<ParentMessage, { type: 'start' }>;
type CallMessage = Extract<ParentMessage, { type: 'call' }>;
type ApiResultMessage = Extract<ParentMessage, { type: 'apiResult' }>;
type PingMessage = Extract<ParentMessage, { type: 'ping' }>;
type ResultMessage = Extract<ChildMessage, { type: 'result' }>;

/** Extra time given to the host-side watchdog over isolated-vm's own `timeout` on a synchronous run. */
const WATCHDOG_SLACK_MS = 250;
const INIT_CALL_ID = 0;
/**
 * Share of the core's resident-memory cap at which this process disposes its largest isolate itself:
 * below the cap, so the plugin that used the memory is the one that stops, not every plugin here.
 */
const SELF_CAP_SHARE = 0.9;
const MB = 1024 * 1024;

interface Waiter {
  deadline: number;
  onTimeout: SandboxErrorShape;
  timer: NodeJS.Timeout;
  settle(result: ResultMessage): void;
}

/** The isolate's entry points, made by the bootstrap; held here, never reachable from plugin code. */
interface Entry {
  init: ivm.Reference<(namespace: unknown) => void>;
  dispatch: ivm.Reference<(id: number, hook: string, args: string) => void>;
  settle: ivm.Reference<(id: number, ok: boolean, payload: string, message?: string) => void>;
  ping: ivm.Reference<() => boolean>;
}

function send(message: ChildMessage, then?: () => void): void {
  if (process.connected) process.send!(message, undefined, undefined, () => then?.());
  else then?.();
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The id and status of an error the plugin threw on purpose, from the isolate's JSON; undefined when absent or malformed. */
function parsedAppError(json: unknown): PluginAppError | undefined {
  if (typeof json !== 'string' || json === '' || json.length > 512) return undefined;
  try {
    return pluginAppError(JSON.parse(json));
  } catch {
    return undefined;
  }
}

/** Bytes for the isolate's crypto.getRandomValues; the size is checked again here, the isolate being untrusted. */
function randomHex(size: unknown): string {
  const bytes = typeof size === 'number' && Number.isInteger(size) && size >= 0 && size <= MAX_RANDOM_BYTES ? size : 0;
  return randomBytes(bytes).toString('hex');
}

function outcome(slot: number, id: number, ok: unknown, payload: unknown, message: unknown, appError: unknown): ResultMessage {
  if (ok !== true) {
    const errorId = typeof payload === 'string' && payload.startsWith('sandbox.') ? payload.slice(0, 100) : 'sandbox.plugin.error';
    const text = typeof message === 'string' ? message.slice(0, MAX_ERROR_MESSAGE_CHARS + 1) : 'the plugin failed';
    const deliberate = errorId === 'sandbox.plugin.error' ? parsedAppError(appError) : undefined;
    return { type: 'result', slot, id, ok: false, error: { id: errorId, message: truncateMessage(text), ...(deliberate ? { app_error: deliberate } : {}) } };
  }
  if (typeof payload !== 'string') return { type: 'result', slot, id, ok: false, error: sandboxErrors.resultNotJson('not a JSON string') };
  if (payload.length > MAX_PAYLOAD_CHARS) return { type: 'result', slot, id, ok: false, error: sandboxErrors.resultTooLarge(payload.length, MAX_PAYLOAD_CHARS) };
  return { type: 'result', slot, id, ok: true, json: payload };
}

/** An isolate with its context and the bootstrap's entry points, ready for a plugin's module. */
interface Runtime {
  isolate: ivm.Isolate;
  context: ivm.Context;
  entry: Entry;
  memoryLimitMb: number;
  /** Gives the isolate to the plugin that runs in it: its host calls and a catastrophic error go to that plugin. */
  bind(plugin: HostedPlugin): void;
}

/** Budget of the bootstrap (the sandbox's own code) in an isolate made ahead of its plugin. */
const PREPARE_TIMEOUT_MS = 5000;

/**
 * Makes an isolate and runs the bootstrap in it. Until a plugin is bound, the isolate runs nothing
 * but the bootstrap: a host call then is refused, a catastrophic error ends the process.
 */
async function makeRuntime(memoryLimitMb: number, timeoutMs: number, onIsolate?: (isolate: ivm.Isolate) => void): Promise<Runtime> {
  let owner: HostedPlugin | undefined;
  const isolate = new ivm.Isolate({
    memoryLimit: memoryLimitMb,
    onCatastrophicError: () => (owner ? owner.die(sandboxErrors.memoryLimit(memoryLimitMb), 'kill') : process.kill(process.pid, 'SIGKILL')),
  });
  onIsolate?.(isolate);
  const context = await isolate.createContext();
  const config: BootstrapConfig = {
    methods: API_METHODS,
    hookNames: HOOK_NAMES,
    maxPayloadChars: MAX_PAYLOAD_CHARS,
    maxMessageChars: MAX_ERROR_MESSAGE_CHARS,
    maxRandomBytes: MAX_RANDOM_BYTES,
  };
  const bootstrap = await context.eval(BOOTSTRAP_SOURCE, { reference: true, filename: 'parley:bootstrap' });
  const callback = new ivm.Callback((kind: HostCallKind, a: unknown, b: unknown, c: unknown, d: unknown, e: unknown) =>
    owner ? owner.hostCallback(kind, a, b, c, d, e) : JSON.stringify(sandboxErrors.crashed('no plugin runs in this isolate yet')),
  );
  const entry: ivm.Reference = await bootstrap.apply(undefined, [callback, JSON.stringify(config)], { result: { reference: true }, timeout: timeoutMs });
  return {
    isolate,
    context,
    memoryLimitMb,
    entry: {
      init: await entry.get('init', { reference: true }),
      dispatch: await entry.get('dispatch', { reference: true }),
      settle: await entry.get('settle', { reference: true }),
      ping: await entry.get('ping', { reference: true }),
    },
    bind: (plugin) => {
      owner = plugin;
    },
  };
}

/**
 * The isolate a spare host makes while it waits (the `prepare` message): the next plugin started
 * with the same memory limit runs in it, and skips the isolate's creation and bootstrap (~9 ms).
 */
let prepared: Promise<Runtime> | undefined;

/** The prepared isolate when its memory limit is the plugin's, else a new one; `onIsolate` gets it at once. */
async function runtimeFor(memoryLimitMb: number, timeoutMs: number, onIsolate: (isolate: ivm.Isolate) => void): Promise<Runtime> {
  const ready = prepared;
  prepared = undefined;
  const runtime = await ready?.catch(() => undefined);
  if (runtime?.memoryLimitMb === memoryLimitMb) {
    onIsolate(runtime.isolate);
    return runtime;
  }
  runtime?.isolate.dispose();
  return makeRuntime(memoryLimitMb, timeoutMs, onIsolate);
}

/** The plugins of this process, by the slot the core gave each run. */
const plugins = new Map<number, HostedPlugin>();

/** Names every plugin hosted, so `ps` and `top` tell the hosts apart. */
function retitle(): void {
  process.title = ['parley-plugin-host', ...[...plugins.values()].map((plugin) => plugin.pluginId)].join(' ');
}

/** One plugin run: its isolate, the hook calls waiting for it and its API calls in flight. */
class HostedPlugin {
  readonly slot: number;
  readonly pluginId: string;
  readonly start: StartMessage;
  #isolate: ivm.Isolate | undefined;
  #entry: Entry | undefined;
  #ended = false;
  #nextApiId = 0;
  #apiCallsInFlight = 0;
  /** Calls waiting for one of the MAX_API_CALLS_IN_FLIGHT slots, oldest first. */
  #apiQueue: Array<{ id: number; method: string; args: string }> = [];
  #queuedApiChars = 0;
  /** Runs into the isolate in progress (each under its deadline and watchdog). */
  #entered = 0;
  /** Hook calls (and the factory call, id 0) waiting for the isolate to report their outcome. */
  #waiters = new Map<number, Waiter>();

  constructor(start: StartMessage) {
    this.slot = start.slot;
    this.pluginId = start.pluginId;
    this.start = start;
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** True while plugin code runs (a hook, a settled API call, the start): the only time its memory can grow. */
  get running(): boolean {
    return this.#entered > 0;
  }

  /**
   * The isolate's heap and the memory it holds outside it (array buffers): what disposing it gives
   * back. Read on the isolate's thread, so only asked of isolates that are not running code.
   */
  async memoryBytes(): Promise<number> {
    const isolate = this.#isolate;
    if (!isolate || isolate.isDisposed) return 0;
    try {
      const heap = await isolate.getHeapStatistics();
      return heap.total_heap_size + heap.externally_allocated_size;
    } catch {
      return 0;
    }
  }

  /**
   * Reports why the isolate is gone and forgets the plugin; the first reason wins. A catastrophic V8
   * error ('kill') parks the isolate's thread for good, and process.exit would wait on it: the whole
   * process kills itself, once the core knows whose isolate it was.
   */
  die(error: SandboxErrorShape, how: 'dispose' | 'kill' = 'dispose'): void {
    if (this.#ended) return;
    this.#end();
    if (how === 'kill') {
      const kill = () => process.kill(process.pid, 'SIGKILL');
      send({ type: 'fatal', slot: this.slot, error }, kill);
      setTimeout(kill, 1000).unref();
      return;
    }
    this.#dispose();
    send({ type: 'fatal', slot: this.slot, error });
  }

  /** The core asked: the isolate goes, whatever it was doing. */
  stop(): void {
    if (this.#ended) return;
    this.#end();
    this.#dispose();
    send({ type: 'stopped', slot: this.slot });
  }

  async run(): Promise<void> {
    const message = this.start;
    const timeout = sandboxErrors.startTimeout(message.startTimeoutMs);
    const runtime = await runtimeFor(message.memoryLimitMb, message.startTimeoutMs, (isolate) => {
      this.#isolate = isolate;
    });
    // Stopped while the isolate was being made: nothing of the plugin ever ran in it.
    if (this.#ended) return this.#dispose();
    runtime.bind(this);
    this.#entry = runtime.entry;
    const { isolate, context } = runtime;

    let module: ivm.Module;
    try {
      module = await isolate.compileModule(message.code, { filename: `parley-plugin:///${encodeURIComponent(message.pluginId)}/server.js` });
    } catch (err) {
      return this.#failStart(sandboxErrors.invalid(messageOf(err)));
    }
    if (module.dependencySpecifiers.length > 0) {
      return this.#failStart(sandboxErrors.invalid(`imports are not allowed (found ${module.dependencySpecifiers.join(', ')}); bundle the plugin into one module`));
    }
    // Never called (there are no imports); a resolver must reject rather than throw (isolated-vm #559).
    await module.instantiate(context, (specifier) => Promise.reject(new Error(`import of ${specifier} refused`)));

    try {
      await this.#enter(message.startTimeoutMs, timeout, (ms) => module.evaluate({ timeout: ms }));
    } catch (err) {
      const fatal = this.#isolateFailure(err, timeout);
      if (fatal) return this.die(fatal);
      return this.#failStart(sandboxErrors.pluginError(messageOf(err)));
    }

    this.#awaitOutcome(INIT_CALL_ID, message.startTimeoutMs, timeout, (result) => {
      if (!result.ok) return this.#failStart(result.error);
      const hooks: unknown = JSON.parse(result.json);
      const known: readonly string[] = HOOK_NAMES;
      send({ type: 'ready', slot: this.slot, hooks: Array.isArray(hooks) ? known.filter((name) => hooks.includes(name)) : [] });
    });
    try {
      await this.#enter(message.startTimeoutMs, timeout, (ms) => this.#entry!.init.apply(undefined, [module.namespace.derefInto()], { timeout: ms }));
    } catch (err) {
      this.die(this.#isolateFailure(err, timeout) ?? sandboxErrors.invalid(messageOf(err)));
    }
  }

  async callHook(message: CallMessage): Promise<void> {
    const timeout = sandboxErrors.hookTimeout(message.hook, message.timeoutMs);
    this.#awaitOutcome(message.id, message.timeoutMs, timeout, (result) => send(result));
    try {
      await this.#enter(message.timeoutMs, timeout, (ms) => this.#entry!.dispatch.apply(undefined, [message.id, message.hook, message.args], { timeout: ms }));
    } catch (err) {
      const fatal = this.#isolateFailure(err, timeout);
      if (fatal) return this.die(fatal);
      this.#onOutcome(message.id, false, 'sandbox.plugin.error', messageOf(err), undefined);
    }
  }

  async settleApi(message: ApiResultMessage): Promise<void> {
    this.#sendQueuedApi();
    const { ms: budget, onTimeout } = this.#budgetNow();
    const args: [number, boolean, string, string?] = message.ok
      ? [message.id, true, message.json]
      : [message.id, false, message.error.id, message.error.message];
    try {
      await this.#enter(budget, onTimeout, (ms) => this.#entry!.settle.apply(undefined, args, { timeout: ms }));
    } catch (err) {
      this.die(this.#isolateFailure(err, onTimeout) ?? sandboxErrors.crashed(messageOf(err)));
    }
  }

  /**
   * Answers a health check. A run in progress already holds the isolate under its own deadline, so
   * the event loop answering is proof enough then; otherwise a trivial call must get through the
   * isolate's thread. No answer at all when it does not: the core counts the missed pong.
   */
  async answerPing(message: PingMessage): Promise<void> {
    const entry = this.#entry;
    if (!entry) return;
    if (this.#entered === 0) {
      try {
        await entry.ping.apply(undefined, [], { timeout: message.timeoutMs });
      } catch {
        return;
      }
    }
    if (!this.#ended) send({ type: 'pong', slot: this.slot, id: message.id });
  }

  #end(): void {
    this.#ended = true;
    for (const waiter of this.#waiters.values()) clearTimeout(waiter.timer);
    this.#waiters.clear();
    plugins.delete(this.slot);
    retitle();
  }

  #dispose(): void {
    try {
      this.#isolate?.dispose();
    } catch {
      // Already disposed by isolated-vm itself (memory limit).
    }
  }

  #failStart(error: SandboxErrorShape): void {
    if (this.#ended) return;
    this.#end();
    this.#dispose();
    send({ type: 'startFailed', slot: this.slot, error });
  }

  /** Turns a failure of isolated-vm itself into the reason the isolate is gone. */
  #isolateFailure(err: unknown, onTimeout: SandboxErrorShape): SandboxErrorShape | undefined {
    const message = messageOf(err);
    if (/memory limit/i.test(message)) return sandboxErrors.memoryLimit(this.start.memoryLimitMb);
    if (/timed out|disposed/i.test(message) || this.#isolate?.isDisposed) return onTimeout;
    return undefined;
  }

  /** How long the isolate may run now: until the latest deadline of the calls in progress, else the start budget. */
  #budgetNow(): { ms: number; onTimeout: SandboxErrorShape } {
    let latest: Waiter | undefined;
    for (const waiter of this.#waiters.values()) if (!latest || waiter.deadline > latest.deadline) latest = waiter;
    if (latest) return { ms: Math.max(1, latest.deadline - Date.now()), onTimeout: latest.onTimeout };
    return { ms: this.start.startTimeoutMs, onTimeout: sandboxErrors.backgroundTimeout(this.start.startTimeoutMs) };
  }

  /** Runs into the isolate with isolated-vm's timeout, and a watchdog in case that timeout fails to fire. */
  async #enter<T>(budgetMs: number, onTimeout: SandboxErrorShape, run: (timeout: number) => Promise<T>): Promise<T> {
    const watchdog = setTimeout(() => this.die(onTimeout), budgetMs + WATCHDOG_SLACK_MS);
    this.#entered++;
    try {
      return await run(budgetMs);
    } finally {
      this.#entered--;
      clearTimeout(watchdog);
    }
  }

  /** A call of the bootstrap (on the plugin's behalf) to this process: an API call, a hook's outcome, random bytes. */
  hostCallback(kind: HostCallKind, a: unknown, b: unknown, c: unknown, d: unknown, e: unknown): number | string | undefined {
    if (this.#ended) return JSON.stringify(sandboxErrors.crashed('the isolate is being disposed'));
    if (kind === 'api') return this.#requestApi(a, b);
    if (kind === 'result') this.#onOutcome(a, b, c, d, e);
    if (kind === 'random') return randomHex(a);
    return undefined;
  }

  /** An API call from the plugin: refused here when malformed or over the in-flight cap, else forwarded. */
  #requestApi(method: unknown, args: unknown): number | string {
    if (!isApiMethod(method)) return JSON.stringify(sandboxErrors.apiUnknownMethod(String(method)));
    if (typeof args !== 'string' || args.length > MAX_PAYLOAD_CHARS) return JSON.stringify(sandboxErrors.apiTooLarge(MAX_PAYLOAD_CHARS));
    const id = ++this.#nextApiId;
    if (this.#apiCallsInFlight < MAX_API_CALLS_IN_FLIGHT) {
      this.#apiCallsInFlight++;
      send({ type: 'api', slot: this.slot, id, method, args });
      return id;
    }
    if (this.#apiQueue.length >= MAX_API_CALLS_QUEUED || this.#queuedApiChars + args.length > MAX_QUEUED_API_CHARS) {
      return JSON.stringify(sandboxErrors.apiTooManyCalls(MAX_API_CALLS_IN_FLIGHT, MAX_API_CALLS_QUEUED));
    }
    this.#apiQueue.push({ id, method, args });
    this.#queuedApiChars += args.length;
    return id;
  }

  /** An answered call frees its slot for the oldest waiting one. */
  #sendQueuedApi(): void {
    const next = this.#apiQueue.shift();
    if (!next) {
      this.#apiCallsInFlight--;
      return;
    }
    this.#queuedApiChars -= next.args.length;
    send({ type: 'api', slot: this.slot, ...next });
  }

  /** The isolate reports how a hook call (or the factory) ended; every field is checked, none trusted. */
  #onOutcome(id: unknown, ok: unknown, payload: unknown, message: unknown, appError: unknown): void {
    if (typeof id !== 'number') return;
    const waiter = this.#waiters.get(id);
    if (waiter === undefined) return;
    this.#waiters.delete(id);
    clearTimeout(waiter.timer);
    waiter.settle(outcome(this.slot, id, ok, payload, message, appError));
  }

  #awaitOutcome(id: number, timeoutMs: number, onTimeout: SandboxErrorShape, settle: (result: ResultMessage) => void): void {
    const timer = setTimeout(() => this.die(onTimeout), timeoutMs);
    this.#waiters.set(id, { deadline: Date.now() + timeoutMs, onTimeout, timer, settle });
  }
}

/**
 * Keeps this process under the core's resident-memory cap: once it passes SELF_CAP_SHARE of it, the
 * isolates running code are disposed (memory grows only while code runs; builtins such as
 * Array.prototype.fill allocate past an isolate's own limit), or, when none is, the one holding the
 * most memory. The core kills the process at the cap itself, which would stop every plugin here;
 * this stops the one responsible first.
 */
function watchMemory(): void {
  let checking = false;
  // The resident memory when a plugin was last ended for it, until it falls back under the line: a
  // disposed isolate's memory goes back to the system a little later, and the plugin that runs next
  // (a neighbour answering a call) must not be blamed for it. Only growth past this level is new.
  let lastEndedAt = 0;
  setInterval(async () => {
    const hosted = [...plugins.values()];
    if (checking || hosted.length === 0) return;
    const capMb = processMemoryCapMb(hosted.map((plugin) => plugin.start.memoryLimitMb));
    const rss = process.memoryUsage.rss();
    if (rss <= capMb * MB * SELF_CAP_SHARE) {
      lastEndedAt = 0;
      return;
    }
    if (rss <= lastEndedAt) return;
    lastEndedAt = rss;
    const reason = sandboxErrors.processMemory(Math.round(rss / MB), capMb, 'isolate');
    const running = hosted.filter((plugin) => plugin.running);
    if (running.length > 0) return running.forEach((plugin) => plugin.die(reason));
    checking = true;
    try {
      const sizes = await Promise.all(hosted.map((plugin) => plugin.memoryBytes()));
      hosted[sizes.indexOf(Math.max(...sizes))].die(reason);
    } finally {
      checking = false;
    }
  }, HOST_MEMORY_POLL_MS).unref();
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'prepare') {
    prepared ??= makeRuntime(message.memoryLimitMb, PREPARE_TIMEOUT_MS);
    prepared.catch(() => {}); // a start that finds it failed makes its own
    return;
  }
  if (message.type === 'start') {
    if (plugins.has(message.slot)) return;
    const plugin = new HostedPlugin(message);
    plugins.set(message.slot, plugin);
    retitle();
    plugin.run().catch((err: unknown) => plugin.die(sandboxErrors.crashed(messageOf(err))));
    return;
  }
  const plugin = plugins.get(message.slot);
  if (!plugin || plugin.ended) return;
  if (message.type === 'call') void plugin.callHook(message);
  else if (message.type === 'apiResult') void plugin.settleApi(message);
  else if (message.type === 'ping') void plugin.answerPing(message);
  else if (message.type === 'stop') plugin.stop();
});

retitle(); // a spare host, waiting for its first plugin, shows as `parley-plugin-host` alone
// With NODE_COMPILE_CACHE set (plugin-host.ts), keep this program's compiled modules for the next
// host: written now, as a host usually ends killed, when Node would write nothing.
flushCompileCache();
watchMemory();
// The core went away: a plugin host never outlives it.
process.on('disconnect', () => process.exit(0));
