// The core's side of a plugin-host child process: starts it, calls hooks with deadlines, answers
// its API calls, and turns every way it can end into a SandboxError. The child is not trusted:
// every message from it is checked here again (sizes, ids, the in-flight cap), and a child that
// misses a deadline by more than KILL_GRACE_MS is killed outright.
import { fork, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { HOOK_NAMES, type HookName } from '@parley/plugin-api';
import { isApiMethod } from './api-methods.ts';
import type { PluginProcess, PluginProcessOptions, SandboxErrorShape, SandboxLogEntry } from './plugin-process.ts';
import {
  HOST_HEAP_MB,
  KILL_GRACE_MS,
  MAX_API_CALLS_IN_FLIGHT,
  MAX_API_CALLS_QUEUED,
  MAX_PAYLOAD_CHARS,
  MEMORY_POLL_MS,
  processMemoryCapMb,
  type ChildMessage,
  type ParentMessage,
  type Settled,
} from './protocol.ts';
import { SandboxError, sandboxErrors } from './sandbox-error.ts';

const HOST_PROCESS = new URL('./host-process.ts', import.meta.url);
const MAX_LOG_LINE_CHARS = 4096;

interface PendingCall {
  timer: NodeJS.Timeout;
  resolve(value: unknown): void;
  reject(error: SandboxError): void;
}

/** Starts a plugin in its own host process; resolves once its factory ran and its hooks are known. */
export async function startPluginProcess(options: PluginProcessOptions): Promise<PluginProcess> {
  const child = fork(HOST_PROCESS, [], {
    execArgv: ['--no-node-snapshot', `--max-old-space-size=${HOST_HEAP_MB}`, '--disable-warning=ExperimentalWarning'],
    // Nothing of the server's environment (MM_* settings, the database DataSource) reaches the plugin host.
    env: {},
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    serialization: 'json',
  });
  forwardLines(child.stdout!, 'stdout', options.log);
  forwardLines(child.stderr!, 'stderr', options.log);
  const pluginProcess = new ChildPluginProcess(options, child);
  try {
    await pluginProcess.started;
  } catch (err) {
    await pluginProcess.stop();
    throw err;
  }
  return pluginProcess;
}

/** Resident memory of a process in MB, from /proc (Linux); undefined where that cannot be read. */
async function residentMb(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    return kb === undefined ? undefined : Math.round(Number(kb) / 1024);
  } catch {
    return undefined;
  }
}

function forwardLines(stream: Readable, name: SandboxLogEntry['stream'], log: PluginProcessOptions['log']): void {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    log?.({ level: name === 'stderr' ? 'warn' : 'info', stream: name, message: line.slice(0, MAX_LOG_LINE_CHARS) });
  });
}

class ChildPluginProcess implements PluginProcess {
  readonly pluginId: string;
  readonly started: Promise<void>;
  #hooks = new Set<string>();
  #options: PluginProcessOptions;
  #child: ChildProcess;
  #nextCallId = 1;
  #calls = new Map<number, PendingCall>();
  #pings = new Map<number, PendingCall>();
  #apiCallsInFlight = 0;
  #exitListeners: Array<(reason: SandboxErrorShape) => void> = [];
  /** Why the process ended or is ending; set once. */
  #endReason: SandboxErrorShape | undefined;
  #stopping = false;
  #exited: Promise<void>;
  #hasExited = false;
  #startSettled = false;

  constructor(options: PluginProcessOptions, child: ChildProcess) {
    this.pluginId = options.pluginId;
    this.#options = options;
    this.#child = child;
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => resolve(this.#onExit(code, signal)));
      // A child that could not be spawned emits 'error' and no 'exit'.
      child.once('error', (err) => {
        this.#endReason ??= sandboxErrors.crashed(err.message);
        if (child.pid === undefined) resolve(this.#onExit(null, null));
        else child.kill('SIGKILL');
      });
    });
    this.started = new Promise((resolve, reject) => {
      const startTimer = setTimeout(() => this.#kill(sandboxErrors.startTimeout(options.startTimeoutMs)), options.startTimeoutMs + KILL_GRACE_MS);
      const settleStart = (error?: SandboxErrorShape) => {
        if (this.#startSettled) return;
        this.#startSettled = true;
        clearTimeout(startTimer);
        if (error) reject(SandboxError.from(error));
        else resolve();
      };
      child.on('message', (message: ChildMessage) => {
        try {
          this.#onMessage(message, settleStart);
        } catch (err) {
          this.#kill(sandboxErrors.crashed(`the plugin host sent a malformed message (${err instanceof Error ? err.message : String(err)})`));
        }
      });
      this.#exited.then(() => settleStart(this.#endReason));
    });
    this.#watchMemory(processMemoryCapMb(options.memoryLimitMb));
    this.#send({
      type: 'start',
      pluginId: options.pluginId,
      code: options.code,
      memoryLimitMb: options.memoryLimitMb,
      startTimeoutMs: options.startTimeoutMs,
    });
  }

  /** Kills the host when its resident memory passes `capMb`: memory a builtin allocates outside the isolate's limit. */
  #watchMemory(capMb: number): void {
    const pid = this.#child.pid;
    if (pid === undefined) return;
    const poll = setInterval(async () => {
      const rss = await residentMb(pid);
      if (rss !== undefined && rss > capMb && !this.#hasExited) this.#kill(sandboxErrors.processMemory(rss, capMb));
    }, MEMORY_POLL_MS);
    poll.unref();
    void this.#exited.then(() => clearInterval(poll));
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  get hooks(): ReadonlySet<string> {
    return this.#hooks;
  }

  call(hook: HookName, args: unknown[], timeoutMs: number): Promise<unknown> {
    if (this.#endReason) return Promise.reject(SandboxError.from(this.#endReason));
    if (!this.#hooks.has(hook)) return Promise.reject(SandboxError.from(sandboxErrors.hookNotImplemented(hook)));
    let json: string;
    try {
      json = JSON.stringify(args);
    } catch (err) {
      return Promise.reject(err);
    }
    if (json.length > MAX_PAYLOAD_CHARS) return Promise.reject(SandboxError.from(sandboxErrors.argsTooLarge(json.length, MAX_PAYLOAD_CHARS)));
    const id = this.#nextCallId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.#kill(sandboxErrors.hookTimeout(hook, timeoutMs)), timeoutMs + KILL_GRACE_MS);
      this.#calls.set(id, { timer, resolve, reject });
      this.#send({ type: 'call', id, hook, args: json, timeoutMs });
    });
  }

  ping(timeoutMs: number): Promise<void> {
    if (this.#endReason) return Promise.reject(SandboxError.from(this.#endReason));
    const id = this.#nextCallId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pings.delete(id);
        reject(SandboxError.from(sandboxErrors.pingTimeout(timeoutMs)));
      }, timeoutMs);
      this.#pings.set(id, { timer, resolve: () => resolve(), reject });
      this.#send({ type: 'ping', id, timeoutMs });
    });
  }

  async stop(): Promise<void> {
    // A process that already failed still reports that failure to onExit.
    if (!this.#endReason) this.#stopping = true;
    if (!this.#hasExited) this.#kill(sandboxErrors.stopped());
    await this.#exited;
  }

  onExit(listener: (reason: SandboxErrorShape) => void): void {
    this.#exitListeners.push(listener);
  }

  #send(message: ParentMessage): void {
    if (this.#child.connected) this.#child.send(message);
  }

  /** Ends the child for `reason`; pending calls are rejected when it has exited. */
  #kill(reason: SandboxErrorShape): void {
    this.#endReason ??= reason;
    this.#child.kill('SIGKILL');
  }

  #onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#hasExited) return;
    this.#hasExited = true;
    const reason = (this.#endReason ??= sandboxErrors.crashed(signal ? `killed by ${signal}` : `exit code ${code}`));
    for (const call of [...this.#calls.values(), ...this.#pings.values()]) {
      clearTimeout(call.timer);
      call.reject(SandboxError.from(reason));
    }
    this.#calls.clear();
    this.#pings.clear();
    if (this.#stopping || !this.#startSettled) return;
    for (const listener of this.#exitListeners) listener(reason);
  }

  #onMessage(message: ChildMessage, settleStart: (error?: SandboxErrorShape) => void): void {
    switch (message.type) {
      case 'ready':
        if (!Array.isArray(message.hooks)) throw new TypeError('ready without a hook list');
        for (const hook of HOOK_NAMES) if (message.hooks.includes(hook)) this.#hooks.add(hook);
        settleStart();
        break;
      case 'startFailed':
        this.#endReason ??= SandboxError.from(message.error).toJSON();
        settleStart(this.#endReason);
        break;
      case 'fatal':
        this.#endReason ??= SandboxError.from(message.error).toJSON();
        break;
      case 'result':
        this.#onResult(message);
        break;
      case 'api':
        void this.#answerApi(message.id, message.method, message.args);
        break;
      case 'pong': {
        const ping = this.#pings.get(message.id);
        if (!ping) break;
        this.#pings.delete(message.id);
        clearTimeout(ping.timer);
        ping.resolve(undefined);
        break;
      }
    }
  }

  #onResult(result: Extract<ChildMessage, { type: 'result' }>): void {
    const call = this.#calls.get(result.id);
    if (!call) return;
    this.#calls.delete(result.id);
    clearTimeout(call.timer);
    if (!result.ok) return call.reject(SandboxError.from(result.error, 'sandbox.plugin.error'));
    if (typeof result.json !== 'string' || result.json.length > MAX_PAYLOAD_CHARS) {
      return call.reject(SandboxError.from(sandboxErrors.resultTooLarge(String(result.json).length, MAX_PAYLOAD_CHARS)));
    }
    let value: unknown;
    try {
      value = JSON.parse(result.json);
    } catch (err) {
      return call.reject(SandboxError.from(sandboxErrors.resultNotJson(err instanceof Error ? err.message : String(err))));
    }
    call.resolve(value);
  }

  async #answerApi(id: number, method: string, args: string): Promise<void> {
    const reply = (settled: Settled) => this.#send({ type: 'apiResult', id, ...settled });
    if (!isApiMethod(method)) return reply({ ok: false, error: sandboxErrors.apiUnknownMethod(String(method)) });
    if (this.#apiCallsInFlight >= MAX_API_CALLS_IN_FLIGHT) return reply({ ok: false, error: sandboxErrors.apiTooManyCalls(MAX_API_CALLS_IN_FLIGHT, MAX_API_CALLS_QUEUED) });
    let parsed: unknown;
    try {
      parsed = typeof args === 'string' && args.length <= MAX_PAYLOAD_CHARS ? JSON.parse(args) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!Array.isArray(parsed)) return reply({ ok: false, error: sandboxErrors.apiInvalidArgs(method) });
    this.#apiCallsInFlight++;
    try {
      const result = await this.#options.onApiCall(method, parsed);
      const json = JSON.stringify(result ?? null);
      reply(json.length > MAX_PAYLOAD_CHARS ? { ok: false, error: sandboxErrors.apiTooLarge(MAX_PAYLOAD_CHARS) } : { ok: true, json });
    } catch (err) {
      reply({ ok: false, error: SandboxError.from(err, 'sandbox.api.failed').toJSON() });
    } finally {
      this.#apiCallsInFlight--;
    }
  }
}
