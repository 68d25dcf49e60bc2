// Where a plugin runs: in a plugin-host process of its own, or in the shared host of its group; and
// a spare host kept warm while an admin installs plugins, so a new plugin does not wait for a fork.
import { PluginHost, type PluginHostOptions } from './plugin-host.ts';
import type { PluginProcess, PluginProcessOptions } from './plugin-process.ts';

/**
 * How long a spare host waits for a plugin before it is let go: it costs a Node.js process (~50 MB)
 * while it waits, so it is kept only while an admin is at work, not for ever.
 */
const SPARE_IDLE_MS = 10 * 60_000;

/** How long after a plugin took the spare the next one is forked: past its activation. */
const SPARE_REFILL_DELAY_MS = 250;

/** Starts a plugin in a host process of its own, which ends with it; resolves once its factory ran and its hooks are known. */
export function startPluginProcess(options: PluginProcessOptions): Promise<PluginProcess> {
  return new PluginHost().start(options);
}

/**
 * The host processes of one server. Plugins of the same group share one process (an isolate each):
 * a plugin more costs its isolate and its code, not a Node.js process. A plugin without a group gets
 * a process of its own. A host ends with its last plugin; the next start of its group takes a new one.
 * A new host is the spare when one is ready (prewarm), which a fork would otherwise cost (~400 ms).
 */
export class PluginHosts {
  readonly #spareIdleMs: number;
  readonly #hostOptions: PluginHostOptions;
  /** The memory limit the last prewarm asked for: the spare's isolate is made with it. */
  #spareMemoryLimitMb: number | undefined;
  readonly #shared = new Map<string, PluginHost>();
  #spare: PluginHost | undefined;
  #spareTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: PluginHostOptions & { spareIdleMs?: number } = {}) {
    this.#spareIdleMs = options.spareIdleMs ?? SPARE_IDLE_MS;
    this.#hostOptions = { compileCacheDir: options.compileCacheDir };
  }

  start(options: PluginProcessOptions, group?: string): Promise<PluginProcess> {
    if (this.#closed) return Promise.reject(new Error('the plugin hosts are closed'));
    let host = group === undefined ? undefined : this.#shared.get(group);
    let tookSpare = false;
    if (!host?.accepting) {
      const spare = this.#takeSpare();
      tookSpare = spare !== undefined;
      host = spare ?? new PluginHost(this.#hostOptions);
      if (group !== undefined) this.#shared.set(group, host);
    }
    const started = host.start(options);
    // One install is often followed by another: the next spare is forked a little after this plugin
    // started, not while it starts (a fork from a large process costs its event loop milliseconds, and
    // the new process's start-up takes CPU the plugin's activation needs).
    if (tookSpare) {
      const refill = () => setTimeout(() => this.prewarm(), SPARE_REFILL_DELAY_MS).unref();
      started.then(refill, refill);
    }
    return started;
  }

  /**
   * Forks a spare host now, for a plugin about to be installed (an upload or a download under way),
   * and keeps it — or the one already waiting — for SPARE_IDLE_MS (or the constructor's `spareIdleMs`)
   * more. With `memoryLimitMb` (the plugins' setting) the spare also makes the plugin's isolate ahead.
   */
  prewarm(options: { memoryLimitMb?: number } = {}): void {
    if (this.#closed) return;
    this.#spareMemoryLimitMb = options.memoryLimitMb ?? this.#spareMemoryLimitMb;
    if (!this.#spare?.accepting) this.#spare = new PluginHost({ ...this.#hostOptions, prepareMemoryLimitMb: this.#spareMemoryLimitMb });
    clearTimeout(this.#spareTimer);
    this.#spareTimer = setTimeout(() => void this.#dropSpare(), this.#spareIdleMs);
    this.#spareTimer.unref();
  }

  /** Ends the spare; the plugins' hosts end with their plugins (their supervisor stops them). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#dropSpare();
  }

  /** The spare, when one is waiting and alive. */
  #takeSpare(): PluginHost | undefined {
    const spare = this.#spare;
    if (!spare?.accepting) return undefined;
    this.#spare = undefined;
    return spare;
  }

  async #dropSpare(): Promise<void> {
    clearTimeout(this.#spareTimer);
    const spare = this.#spare;
    this.#spare = undefined;
    await spare?.close();
  }
}
