// One plugin run in a plugin-host process, as the core sees it (the PluginProcess interface): its
// hook calls with their deadlines, its API calls, and the one reason it ended. Several of these may
// share a host (plugin-host.ts), which routes each message of the run's slot here.
import { HOOK_NAMES, type HookName } from '@parley/plugin-api';
import { isApiMethod } from './api-methods.ts';
import type { PluginHost } from './plugin-host.ts';
import type { PluginProcess, PluginProcessOptions, SandboxErrorShape, SandboxLogEntry } from './plugin-process.ts';
import { KILL_GRACE_MS, MAX_API_CALLS_IN_FLIGHT, MAX_API_CALLS_QUEUED, MAX_PAYLOAD_CHARS, type ChildMessage, type Settled } from './protocol.ts';
import { SandboxError, sandboxErrors } from './sandbox-error.ts';

interface PendingCall {
  timer: NodeJS.Timeout;
  resolve(value: unknown): void;
  reject(error: SandboxError): void;
}

export class HostedPluginProcess implements PluginProcess {
  readonly pluginId: string;
  readonly started: Promise<void>;
  readonly #host: PluginHost;
  readonly #slot: number;
  readonly #options: PluginProcessOptions;
  #hooks = new Set<string>();
  #nextCallId = 1;
  #calls = new Map<number, PendingCall>();
  #pings = new Map<number, PendingCall>();
  #apiCallsInFlight = 0;
  #exitListeners: Array<(reason: SandboxErrorShape) => void> = [];
  /** Why the run ended or is ending; set once. */
  #endReason: SandboxErrorShape | undefined;
  #stopping = false;
  #hasEnded = false;
  #endedListeners: Array<() => void> = [];
  #startSettled = false;
  #settleStart!: (error?: SandboxErrorShape) => void;

  constructor(host: PluginHost, slot: number, options: PluginProcessOptions) {
    this.pluginId = options.pluginId;
    this.#host = host;
    this.#slot = slot;
    this.#options = options;
    this.started = new Promise((resolve, reject) => {
      const startTimer = setTimeout(() => host.kill(sandboxErrors.startTimeout(options.startTimeoutMs), slot), options.startTimeoutMs + KILL_GRACE_MS);
      this.#settleStart = (error) => {
        if (this.#startSettled) return;
        this.#startSettled = true;
        clearTimeout(startTimer);
        if (error) reject(SandboxError.from(error));
        else resolve();
      };
    });
    host.send({ type: 'start', slot, pluginId: options.pluginId, code: options.code, memoryLimitMb: options.memoryLimitMb, startTimeoutMs: options.startTimeoutMs });
  }

  get pid(): number | undefined {
    return this.#host.pid;
  }

  get hooks(): ReadonlySet<string> {
    return this.#hooks;
  }

  get memoryLimitMb(): number {
    return this.#options.memoryLimitMb;
  }

  log(entry: SandboxLogEntry): void {
    this.#options.log?.(entry);
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
      // The host disposes an isolate that overruns; one that does not answer even then is stuck in native code.
      const timer = setTimeout(() => this.#host.kill(sandboxErrors.hookTimeout(hook, timeoutMs), this.#slot), timeoutMs + KILL_GRACE_MS);
      this.#calls.set(id, { timer, resolve, reject });
      this.#host.send({ type: 'call', slot: this.#slot, id, hook, args: json, timeoutMs });
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
      this.#host.send({ type: 'ping', slot: this.#slot, id, timeoutMs });
    });
  }

  /**
   * Disposes of the plugin's isolate; when the host answers too late (stuck in native code), the
   * host is killed. A host left with no plugin ends, and then this waits for its process to exit.
   */
  async stop(): Promise<void> {
    // A run that already failed still reports that failure to onExit.
    if (!this.#endReason) this.#stopping = true;
    if (!this.#hasEnded) {
      this.#endReason ??= sandboxErrors.stopped();
      this.#host.send({ type: 'stop', slot: this.#slot });
      const gone = new Promise<void>((resolve) => this.#endedListeners.push(resolve));
      const grace = setTimeout(() => this.#host.kill(sandboxErrors.stopped(), this.#slot), KILL_GRACE_MS);
      await gone;
      clearTimeout(grace);
    }
    if (this.#host.size === 0) await this.#host.exited;
  }

  onExit(listener: (reason: SandboxErrorShape) => void): void {
    this.#exitListeners.push(listener);
  }

  onMessage(message: ChildMessage): void {
    switch (message.type) {
      case 'ready':
        if (!Array.isArray(message.hooks)) throw new TypeError('ready without a hook list');
        for (const hook of HOOK_NAMES) if (message.hooks.includes(hook)) this.#hooks.add(hook);
        this.#settleStart();
        break;
      case 'startFailed':
        this.ended(SandboxError.from(message.error).toJSON());
        break;
      case 'fatal':
        this.ended(SandboxError.from(message.error).toJSON());
        break;
      case 'stopped':
        this.ended(sandboxErrors.stopped());
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

  /** The run is over (its isolate disposed, or its process gone): pending calls reject with the first reason. */
  ended(reason: SandboxErrorShape): void {
    if (this.#hasEnded) return;
    this.#hasEnded = true;
    const endReason = (this.#endReason ??= reason);
    for (const call of [...this.#calls.values(), ...this.#pings.values()]) {
      clearTimeout(call.timer);
      call.reject(SandboxError.from(endReason));
    }
    this.#calls.clear();
    this.#pings.clear();
    // Only a run that started reports its end to onExit: a failed start rejects `started` instead.
    const wasRunning = this.#startSettled;
    this.#settleStart(endReason);
    this.#host.forget(this.#slot);
    for (const listener of this.#endedListeners) listener();
    if (this.#stopping || !wasRunning) return;
    for (const listener of this.#exitListeners) listener(endReason);
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
    const reply = (settled: Settled) => {
      if (!this.#hasEnded) this.#host.send({ type: 'apiResult', slot: this.#slot, id, ...settled });
    };
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
