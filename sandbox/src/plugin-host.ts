// The core's side of one plugin-host child process, which runs one or several plugins: it forks the
// process, routes each message to the plugin run (slot) it names, watches the process's memory and
// turns every way the process can end into a SandboxError for each plugin in it. The child is not
// trusted: every message is checked here (sizes, ids, the in-flight cap, the slot), and a child that
// misses a deadline by more than KILL_GRACE_MS is killed outright.
import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { HostedPluginProcess } from './hosted-plugin-process.ts';
import type { PluginProcess, PluginProcessOptions, SandboxErrorShape, SandboxLogEntry } from './plugin-process.ts';
import { HOST_HEAP_MB, MEMORY_POLL_MS, processMemoryCapMb, type ChildMessage, type ParentMessage } from './protocol.ts';
import { ResidentMemory } from './resident-memory.ts';
import { sandboxErrors } from './sandbox-error.ts';

const HOST_PROCESS = new URL('./host-process.ts', import.meta.url);
const MAX_LOG_LINE_CHARS = 4096;

/** Why the process is ending, and which plugin run caused it (none: the process as a whole). */
interface EndCause {
  reason: SandboxErrorShape;
  slot?: number;
}

export interface PluginHostOptions {
  compileCacheDir?: string;
  /** A spare host: make an isolate with this memory limit at once, for the plugin that will come. */
  prepareMemoryLimitMb?: number;
}

export class PluginHost {
  readonly #child: ChildProcess;
  readonly #slots = new Map<number, HostedPluginProcess>();
  #nextSlot = 1;
  #cause: EndCause | undefined;
  #hasExited = false;
  readonly #exited: Promise<void>;
  #memory: ResidentMemory | undefined;
  /**
   * The resident memory when a plugin last left this process while others stayed, until it falls
   * back under the cap: what the plugin that left held goes back to the system late (or never: the
   * allocator keeps it), and the cap shrank with its going, so memory up to this level belongs to
   * none of the plugins still here. Only growth past it is theirs.
   */
  #retainedMb = 0;

  /**
   * `compileCacheDir`: where Node keeps the host program's compiled (and type-stripped) modules
   * between forks — a folder only the server writes to, as the cache is code the host runs.
   */
  constructor(options: PluginHostOptions = {}) {
    this.#child = fork(HOST_PROCESS, [], {
      execArgv: ['--no-node-snapshot', `--max-old-space-size=${HOST_HEAP_MB}`, '--disable-warning=ExperimentalWarning'],
      // Nothing of the server's environment (MM_* settings, the database DataSource) reaches the plugin host;
      // the compile cache halves a fork's start-up (type stripping loads a WebAssembly compiler otherwise).
      env: options.compileCacheDir === undefined ? {} : { NODE_COMPILE_CACHE: options.compileCacheDir },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.#forwardLines(this.#child.stdout!, 'stdout');
    this.#forwardLines(this.#child.stderr!, 'stderr');
    this.#exited = new Promise((resolve) => {
      this.#child.once('exit', (code, signal) => resolve(this.#onExit(code, signal)));
      // A child that could not be spawned emits 'error' and no 'exit'.
      this.#child.once('error', (err) => {
        this.#cause ??= { reason: sandboxErrors.crashed(err.message) };
        if (this.#child.pid === undefined) resolve(this.#onExit(null, null));
        else this.#child.kill('SIGKILL');
      });
    });
    this.#child.on('message', (message: ChildMessage) => {
      try {
        this.#onMessage(message);
      } catch (err) {
        this.kill(sandboxErrors.crashed(`the plugin host sent a malformed message (${err instanceof Error ? err.message : String(err)})`));
      }
    });
    this.#watchMemory();
    if (options.prepareMemoryLimitMb !== undefined) this.send({ type: 'prepare', memoryLimitMb: options.prepareMemoryLimitMb });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /** False once the process is ending: a new plugin must go to another host. */
  get accepting(): boolean {
    return this.#cause === undefined && !this.#hasExited;
  }

  /** Plugins running (or starting) here. */
  get size(): number {
    return this.#slots.size;
  }

  get exited(): Promise<void> {
    return this.#exited;
  }

  /** Starts a plugin in this process; resolves once its factory ran and its hooks are known. */
  async start(options: PluginProcessOptions): Promise<PluginProcess> {
    if (!this.accepting) throw new Error('this plugin host is ending; start the plugin in another one');
    const slot = this.#nextSlot++;
    const plugin = new HostedPluginProcess(this, slot, options);
    this.#slots.set(slot, plugin);
    try {
      await plugin.started;
    } catch (err) {
      await plugin.stop();
      throw err;
    }
    return plugin;
  }

  send(message: ParentMessage): void {
    if (this.#child.connected) this.#child.send(message);
  }

  /**
   * Ends the process for `reason`, caused by the plugin run `slot` (or by the process as a whole);
   * every plugin in it ends when the process has exited. The first cause wins.
   */
  kill(reason: SandboxErrorShape, slot?: number): void {
    this.#cause ??= { reason, slot };
    this.#child.kill('SIGKILL');
  }

  /** Ends the process (a spare nobody took, or a server closing): whatever runs in it ends as stopped. */
  async close(): Promise<void> {
    if (!this.#hasExited) this.kill(sandboxErrors.stopped());
    await this.#exited;
  }

  /** A plugin run is over (stopped, failed, or its start refused): a host with none left ends. */
  forget(slot: number): void {
    if (!this.#slots.delete(slot)) return;
    if (this.#slots.size === 0) return this.kill(sandboxErrors.stopped());
    this.#retainedMb = Math.max(this.#retainedMb, this.#memory?.readMb() ?? 0);
  }

  /** The plugins this process runs, for its log lines. */
  #pluginIds(): string[] {
    return [...this.#slots.values()].map((plugin) => plugin.pluginId);
  }

  #onMessage(message: ChildMessage): void {
    if (typeof message !== 'object' || message === null || typeof message.slot !== 'number') throw new TypeError('a message without its slot');
    this.#slots.get(message.slot)?.onMessage(message);
  }

  /** Each plugin's reason: its own when it caused the end, else the cause, named, as a crash. */
  #onExit(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#hasExited) return;
    this.#hasExited = true;
    const cause = this.#cause ?? { reason: sandboxErrors.crashed(signal ? `killed by ${signal}` : `exit code ${code}`) };
    const culprit = cause.slot === undefined ? undefined : this.#slots.get(cause.slot);
    for (const [slot, plugin] of this.#slots) {
      if (slot === cause.slot || !culprit) plugin.ended(cause.reason);
      else plugin.ended(sandboxErrors.crashed(`the process it shared with ${culprit.pluginId} was ended because of that plugin (${cause.reason.message})`));
    }
    this.#slots.clear();
  }

  /**
   * Kills the host when its resident memory passes the cap of the plugins in it: memory a builtin
   * allocates outside an isolate's limit. The host disposes the isolate responsible itself a little
   * below the cap (host-process.ts); this is the backstop, and it stops every plugin here — so
   * memory a plugin that left may still hold (#retainedMb) is not counted against those that stay.
   */
  #watchMemory(): void {
    const pid = this.#child.pid;
    if (pid === undefined) return;
    const memory = ResidentMemory.of(pid);
    if (!memory) return;
    this.#memory = memory;
    const poll = setInterval(() => {
      const rss = memory.readMb();
      if (rss === undefined || this.#hasExited || this.#slots.size === 0) return;
      const capMb = processMemoryCapMb([...this.#slots.values()].map((plugin) => plugin.memoryLimitMb));
      if (rss <= capMb) {
        this.#retainedMb = 0;
        return;
      }
      if (rss <= this.#retainedMb) return;
      const only = this.#slots.size === 1 ? [...this.#slots.keys()][0] : undefined;
      this.kill(sandboxErrors.processMemory(rss, capMb, 'process'), only);
    }, MEMORY_POLL_MS);
    poll.unref();
    void this.#exited.then(() => {
      clearInterval(poll);
      this.#memory = undefined;
      memory.close();
    });
  }

  /** The process's own output (V8 diagnostics, Node warnings), to the log of the plugin it ran first. */
  #forwardLines(stream: Readable, name: SandboxLogEntry['stream']): void {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    lines.on('line', (line) => {
      if (line.trim() === '') return;
      const first = this.#slots.values().next().value;
      first?.log({ level: name === 'stderr' ? 'warn' : 'info', stream: name, message: line.slice(0, MAX_LOG_LINE_CHARS), plugins: this.#pluginIds() });
    });
  }
}
