// The plugin-host child process: runs one plugin in an isolated-vm isolate and speaks the protocol of
// protocol.ts with the core over the IPC channel. Started by start-plugin-process.ts with
// --no-node-snapshot and a capped heap. Whatever goes wrong with the isolate (deadline overrun,
// memory limit, a catastrophic V8 error), this process reports it once and exits: the core starts a
// fresh one if it wants the plugin back.
import { randomBytes } from 'node:crypto';
import ivm from 'isolated-vm';
import { HOOK_NAMES } from '@parley/plugin-api';
import { API_METHODS, isApiMethod } from './api-methods.ts';
import { BOOTSTRAP_SOURCE, MAX_RANDOM_BYTES, type BootstrapConfig, type HostCallKind } from './bootstrap.ts';
import type { PluginAppError, SandboxErrorShape } from './plugin-process.ts';
import { MAX_API_CALLS_IN_FLIGHT, MAX_API_CALLS_QUEUED, MAX_PAYLOAD_CHARS, MAX_QUEUED_API_CHARS, type ChildMessage, type ParentMessage } from './protocol.ts';
import { MAX_ERROR_MESSAGE_CHARS, pluginAppError, sandboxErrors, truncateMessage } from './sandbox-error.ts';

type StartMessage = Extract<ParentMessage, { type: 'start' }>;
type CallMessage = Extract<ParentMessage, { type: 'call' }>;
type ApiResultMessage = Extract<ParentMessage, { type: 'apiResult' }>;
type PingMessage = Extract<ParentMessage, { type: 'ping' }>;
type ResultMessage = Extract<ChildMessage, { type: 'result' }>;

/** Extra time given to the host-side watchdog over isolated-vm's own `timeout` on a synchronous run. */
const WATCHDOG_SLACK_MS = 250;
const INIT_CALL_ID = 0;

interface Waiter {
  deadline: number;
  onTimeout: SandboxErrorShape;
  timer: NodeJS.Timeout;
  settle(result: ResultMessage): void;
}

interface Runtime {
  isolate: ivm.Isolate;
  init: ivm.Reference<(namespace: unknown) => void>;
  dispatch: ivm.Reference<(id: number, hook: string, args: string) => void>;
  settle: ivm.Reference<(id: number, ok: boolean, payload: string, message?: string) => void>;
  ping: ivm.Reference<() => boolean>;
}

let start: StartMessage;
/** The plugins this process hosts: its title names them all, so `ps` and `top` tell the hosts apart. */
const hosted: string[] = [];
let runtime: Runtime | undefined;
let dying = false;
let nextApiId = 0;
let apiCallsInFlight = 0;
/** Calls waiting for one of the MAX_API_CALLS_IN_FLIGHT slots, oldest first. */
const apiQueue: Array<{ id: number; method: string; args: string }> = [];
let queuedApiChars = 0;
/** Runs into the isolate in progress (each under its deadline and watchdog). */
let entered = 0;
/** Hook calls (and the factory call, id 0) waiting for the isolate to report their outcome. */
const waiters = new Map<number, Waiter>();

function send(message: ChildMessage, then?: () => void): void {
  if (process.connected) process.send!(message, undefined, undefined, () => then?.());
  else then?.();
}

/**
 * Reports why the isolate is gone and ends the process; the first reason wins. After a catastrophic
 * V8 error the isolate's thread is parked for good and process.exit would wait on it, so the process
 * kills itself instead.
 */
function die(error: SandboxErrorShape, how: 'exit' | 'kill' = 'exit'): void {
  if (dying) return;
  dying = true;
  for (const waiter of waiters.values()) clearTimeout(waiter.timer);
  const end = () => (how === 'kill' ? process.kill(process.pid, 'SIGKILL') : process.exit(70));
  if (how === 'exit') {
    try {
      runtime?.isolate.dispose();
    } catch {
      // Already disposed by isolated-vm itself (memory limit).
    }
  }
  send({ type: 'fatal', error }, end);
  setTimeout(end, 1000).unref();
}

/** Turns a failure of isolated-vm itself into the reason the isolate is gone. */
function isolateFailure(err: unknown, onTimeout: SandboxErrorShape): SandboxErrorShape | undefined {
  const message = messageOf(err);
  if (/memory limit/i.test(message)) return sandboxErrors.memoryLimit(start.memoryLimitMb);
  if (/timed out|disposed/i.test(message) || runtime?.isolate.isDisposed) return onTimeout;
  return undefined;
}

/** How long the isolate may run now: until the latest deadline of the calls in progress, else the start budget. */
function budgetNow(): { ms: number; onTimeout: SandboxErrorShape } {
  let latest: Waiter | undefined;
  for (const waiter of waiters.values()) if (!latest || waiter.deadline > latest.deadline) latest = waiter;
  if (latest) return { ms: Math.max(1, latest.deadline - Date.now()), onTimeout: latest.onTimeout };
  return { ms: start.startTimeoutMs, onTimeout: sandboxErrors.backgroundTimeout(start.startTimeoutMs) };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Runs into the isolate with isolated-vm's timeout, and a watchdog in case that timeout fails to fire. */
async function enter<T>(budgetMs: number, onTimeout: SandboxErrorShape, run: (timeout: number) => Promise<T>): Promise<T> {
  const watchdog = setTimeout(() => die(onTimeout), budgetMs + WATCHDOG_SLACK_MS);
  entered++;
  try {
    return await run(budgetMs);
  } finally {
    entered--;
    clearTimeout(watchdog);
  }
}

function hostCallback(kind: HostCallKind, a: unknown, b: unknown, c: unknown, d: unknown, e: unknown): number | string | undefined {
  if (dying) return JSON.stringify(sandboxErrors.crashed('the isolate is being disposed'));
  if (kind === 'api') return requestApi(a, b);
  if (kind === 'result') onOutcome(a, b, c, d, e);
  if (kind === 'random') return randomHex(a);
  return undefined;
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

/** An API call from the plugin: refused here when malformed or over the in-flight cap, else forwarded. */
function requestApi(method: unknown, args: unknown): number | string {
  if (!isApiMethod(method)) return JSON.stringify(sandboxErrors.apiUnknownMethod(String(method)));
  if (typeof args !== 'string' || args.length > MAX_PAYLOAD_CHARS) return JSON.stringify(sandboxErrors.apiTooLarge(MAX_PAYLOAD_CHARS));
  const id = ++nextApiId;
  if (apiCallsInFlight < MAX_API_CALLS_IN_FLIGHT) {
    apiCallsInFlight++;
    send({ type: 'api', id, method, args });
    return id;
  }
  if (apiQueue.length >= MAX_API_CALLS_QUEUED || queuedApiChars + args.length > MAX_QUEUED_API_CHARS) {
    return JSON.stringify(sandboxErrors.apiTooManyCalls(MAX_API_CALLS_IN_FLIGHT, MAX_API_CALLS_QUEUED));
  }
  apiQueue.push({ id, method, args });
  queuedApiChars += args.length;
  return id;
}

/** An answered call frees its slot for the oldest waiting one. */
function sendQueuedApi(): void {
  const next = apiQueue.shift();
  if (!next) {
    apiCallsInFlight--;
    return;
  }
  queuedApiChars -= next.args.length;
  send({ type: 'api', ...next });
}

/** The isolate reports how a hook call (or the factory) ended; every field is checked, none trusted. */
function onOutcome(id: unknown, ok: unknown, payload: unknown, message: unknown, appError: unknown): void {
  if (typeof id !== 'number') return;
  const waiter = waiters.get(id);
  if (waiter === undefined) return;
  waiters.delete(id);
  clearTimeout(waiter.timer);
  waiter.settle(outcome(id, ok, payload, message, appError));
}

function outcome(id: number, ok: unknown, payload: unknown, message: unknown, appError: unknown): ResultMessage {
  if (ok !== true) {
    const errorId = typeof payload === 'string' && payload.startsWith('sandbox.') ? payload.slice(0, 100) : 'sandbox.plugin.error';
    const text = typeof message === 'string' ? message.slice(0, MAX_ERROR_MESSAGE_CHARS + 1) : 'the plugin failed';
    const deliberate = errorId === 'sandbox.plugin.error' ? parsedAppError(appError) : undefined;
    return { type: 'result', id, ok: false, error: { id: errorId, message: truncateMessage(text), ...(deliberate ? { app_error: deliberate } : {}) } };
  }
  if (typeof payload !== 'string') return { type: 'result', id, ok: false, error: sandboxErrors.resultNotJson('not a JSON string') };
  if (payload.length > MAX_PAYLOAD_CHARS) return { type: 'result', id, ok: false, error: sandboxErrors.resultTooLarge(payload.length, MAX_PAYLOAD_CHARS) };
  return { type: 'result', id, ok: true, json: payload };
}

function awaitOutcome(id: number, timeoutMs: number, onTimeout: SandboxErrorShape, settle: (result: ResultMessage) => void): void {
  const timer = setTimeout(() => die(onTimeout), timeoutMs);
  waiters.set(id, { deadline: Date.now() + timeoutMs, onTimeout, timer, settle });
}

async function startPlugin(message: StartMessage): Promise<void> {
  start = message;
  hosted.push(message.pluginId);
  process.title = `parley-plugin-host ${hosted.join(' ')}`;
  const timeout = sandboxErrors.startTimeout(message.startTimeoutMs);
  const isolate = new ivm.Isolate({
    memoryLimit: message.memoryLimitMb,
    onCatastrophicError: () => die(sandboxErrors.memoryLimit(message.memoryLimitMb), 'kill'),
  });
  const context = await isolate.createContext();
  const config: BootstrapConfig = {
    methods: API_METHODS,
    hookNames: HOOK_NAMES,
    maxPayloadChars: MAX_PAYLOAD_CHARS,
    maxMessageChars: MAX_ERROR_MESSAGE_CHARS,
    maxRandomBytes: MAX_RANDOM_BYTES,
  };
  const bootstrap = await context.eval(BOOTSTRAP_SOURCE, { reference: true, filename: 'parley:bootstrap' });
  const entry: ivm.Reference = await bootstrap.apply(undefined, [new ivm.Callback(hostCallback), JSON.stringify(config)], {
    result: { reference: true },
    timeout: message.startTimeoutMs,
  });
  runtime = {
    isolate,
    init: await entry.get('init', { reference: true }),
    dispatch: await entry.get('dispatch', { reference: true }),
    settle: await entry.get('settle', { reference: true }),
    ping: await entry.get('ping', { reference: true }),
  };

  let module: ivm.Module;
  try {
    module = await isolate.compileModule(message.code, { filename: `parley-plugin:///${encodeURIComponent(message.pluginId)}/server.js` });
  } catch (err) {
    return failStart(sandboxErrors.invalid(messageOf(err)));
  }
  if (module.dependencySpecifiers.length > 0) {
    return failStart(sandboxErrors.invalid(`imports are not allowed (found ${module.dependencySpecifiers.join(', ')}); bundle the plugin into one module`));
  }
  // Never called (there are no imports); a resolver must reject rather than throw (isolated-vm #559).
  await module.instantiate(context, (specifier) => Promise.reject(new Error(`import of ${specifier} refused`)));

  try {
    await enter(message.startTimeoutMs, timeout, (ms) => module.evaluate({ timeout: ms }));
  } catch (err) {
    const fatal = isolateFailure(err, timeout);
    if (fatal) return die(fatal);
    return failStart(sandboxErrors.pluginError(messageOf(err)));
  }

  awaitOutcome(INIT_CALL_ID, message.startTimeoutMs, timeout, (result) => {
    if (!result.ok) return failStart(result.error);
    const hooks: unknown = JSON.parse(result.json);
    const known: readonly string[] = HOOK_NAMES;
    send({ type: 'ready', hooks: Array.isArray(hooks) ? known.filter((name) => hooks.includes(name)) : [] });
  });
  try {
    await enter(message.startTimeoutMs, timeout, (ms) => runtime!.init.apply(undefined, [module.namespace.derefInto()], { timeout: ms }));
  } catch (err) {
    die(isolateFailure(err, timeout) ?? sandboxErrors.invalid(messageOf(err)));
  }
}

function failStart(error: SandboxErrorShape): void {
  dying = true;
  send({ type: 'startFailed', error }, () => process.exit(0));
}

async function callHook(message: CallMessage): Promise<void> {
  const timeout = sandboxErrors.hookTimeout(message.hook, message.timeoutMs);
  awaitOutcome(message.id, message.timeoutMs, timeout, send);
  try {
    await enter(message.timeoutMs, timeout, (ms) => runtime!.dispatch.apply(undefined, [message.id, message.hook, message.args], { timeout: ms }));
  } catch (err) {
    const fatal = isolateFailure(err, timeout);
    if (fatal) return die(fatal);
    onOutcome(message.id, false, 'sandbox.plugin.error', messageOf(err), undefined);
  }
}

async function settleApi(message: ApiResultMessage): Promise<void> {
  sendQueuedApi();
  const { ms: budget, onTimeout } = budgetNow();
  const args: [number, boolean, string, string?] = message.ok
    ? [message.id, true, message.json]
    : [message.id, false, message.error.id, message.error.message];
  try {
    await enter(budget, onTimeout, (ms) => runtime!.settle.apply(undefined, args, { timeout: ms }));
  } catch (err) {
    die(isolateFailure(err, onTimeout) ?? sandboxErrors.crashed(messageOf(err)));
  }
}

/**
 * Answers a health check. A run in progress already holds the isolate under its own deadline, so
 * the event loop answering is proof enough then; otherwise a trivial call must get through the
 * isolate's thread. No answer at all when it does not: the core counts the missed pong.
 */
async function answerPing(message: PingMessage): Promise<void> {
  if (!runtime) return;
  if (entered === 0) {
    try {
      await runtime.ping.apply(undefined, [], { timeout: message.timeoutMs });
    } catch {
      return;
    }
  }
  send({ type: 'pong', id: message.id });
}

process.on('message', (message: ParentMessage) => {
  if (dying) return;
  if (message.type === 'start') {
    startPlugin(message).catch((err: unknown) => die(sandboxErrors.crashed(messageOf(err))));
  } else if (message.type === 'call') {
    void callHook(message);
  } else if (message.type === 'apiResult') {
    void settleApi(message);
  } else if (message.type === 'ping') {
    void answerPing(message);
  }
});

// The core went away: a plugin host never outlives it.
process.on('disconnect', () => process.exit(0));
