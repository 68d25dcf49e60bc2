// Runs the media process (the SFU) and keeps it running: started on demand with a configuration,
// restarted with a new one, restarted after a crash with a growing delay, killed and restarted when
// it stops answering its health check, stopped when nobody needs it. Its memory and CPU use, as the
// process measures them at each health check, are in status().
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import type { MediaServiceStatus } from '@parley/plugin-api';
import { AppError } from '../errors/app-error.ts';
import type { Logger } from '../logger.ts';
import type { MediaConfig, MediaHealth, MediaProcessMessage, MediaRequest, MediaSignalEvent } from './media-protocol.ts';

const MEDIA_PROCESS = fileURLToPath(new URL('./media-process.ts', import.meta.url));

export interface MediaTimings {
  /** How often the running process is asked for its health. */
  healthIntervalMs: number;
  /** A health check (or any request) not answered in this long counts as a hang. */
  requestTimeoutMs: number;
  /** The first restart's delay; each crash in a row doubles it, up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
  /** A process that ran this long without crashing starts the delays over. */
  stableAfterMs: number;
}

const DEFAULT_TIMINGS: MediaTimings = { healthIntervalMs: 5000, requestTimeoutMs: 5000, backoffMs: 500, maxBackoffMs: 30_000, stableAfterMs: 60_000 };

/** What the console and the plugins see of the media service: plugin-api's shape, which api.media.status() answers. */
export type MediaStatus = MediaServiceStatus;
type MediaState = MediaStatus['state'];

export interface MediaSupervisorDeps {
  logger: Logger;
  /** Signalling the SFU sends to one participant. */
  onSignal(event: MediaSignalEvent): void;
  /** The process ended (a crash, a hang, a new configuration): every call it carried is gone. */
  onReset(): void;
  timings?: Partial<MediaTimings>;
  /** Where Node keeps the media process's compiled modules between starts (werift is many modules): a folder only the server writes to. */
  compileCacheDir?: string;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: unknown): void;
  timer: NodeJS.Timeout;
}

export class MediaSupervisor {
  #deps: MediaSupervisorDeps;
  #timings: MediaTimings;
  #config: MediaConfig | undefined;
  #child: ChildProcess | undefined;
  #ready: Promise<void> | undefined;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #state: MediaState = 'stopped';
  #restarts = 0;
  #crashesInARow = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #healthTimer: NodeJS.Timeout | undefined;
  #startedAt = 0;
  #lastExit: string | null = null;
  #health: MediaHealth & { at: number; cpuPercent: number } = { rssBytes: 0, cpuMicros: 0, calls: 0, participants: 0, at: 0, cpuPercent: 0 };

  constructor(deps: MediaSupervisorDeps) {
    this.#deps = deps;
    this.#timings = { ...DEFAULT_TIMINGS, ...deps.timings };
  }

  /** Starts the service with `config`, or restarts it when its configuration changed (its calls end). */
  async start(config: MediaConfig): Promise<void> {
    if (this.#child && this.#config && JSON.stringify(this.#config) === JSON.stringify(config)) return this.#ready;
    this.#config = config;
    if (this.#child) {
      await this.#stopChild();
      // A new configuration is a new process: the calls the old one carried are gone.
      this.#deps.onReset();
    }
    clearTimeout(this.#restartTimer);
    return this.#spawn();
  }

  get running(): boolean {
    return this.#state === 'running';
  }

  /** Sends one request; rejects with an AppError (503 while the service is not running). */
  async request(request: MediaRequest): Promise<unknown> {
    const child = this.#child;
    if (!child || this.#state === 'stopped') throw unavailable('it is not running');
    await this.#ready;
    if (this.#child !== child || !child.connected) throw unavailable('it restarted');
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(unavailable('it did not answer in time'));
      }, this.#timings.requestTimeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      child.send({ kind: 'request', id, request });
    });
  }

  status(): MediaStatus {
    const running = this.#state === 'running';
    return {
      state: this.#state,
      pid: this.#child?.pid ?? null,
      restarts: this.#restarts,
      rss_bytes: running ? this.#health.rssBytes : 0,
      cpu_percent: running ? Math.round(this.#health.cpuPercent * 10) / 10 : 0,
      calls: running ? this.#health.calls : 0,
      participants: running ? this.#health.participants : 0,
      last_exit: this.#lastExit,
    };
  }

  /** Asks the process for its health now (status() has the answer); rejects when it does not answer. */
  async checkHealth(): Promise<MediaStatus> {
    const health = (await this.request({ op: 'health' })) as MediaHealth;
    const now = Date.now();
    const previous = this.#health;
    const cpuPercent = previous.at > 0 && now > previous.at ? ((health.cpuMicros - previous.cpuMicros) / 1000 / (now - previous.at)) * 100 : 0;
    this.#health = { ...health, at: now, cpuPercent: Math.max(0, cpuPercent) };
    return this.status();
  }

  /** Stops the service; a later start() starts it again. */
  async stop(): Promise<void> {
    this.#config = undefined;
    clearTimeout(this.#restartTimer);
    await this.#stopChild();
    this.#state = 'stopped';
  }

  #spawn(): Promise<void> {
    const config = this.#config!;
    this.#state = this.#restarts > 0 || this.#lastExit ? 'restarting' : 'starting';
    const child = fork(MEDIA_PROCESS, [JSON.stringify(config)], {
      execArgv: ['--disable-warning=ExperimentalWarning'],
      // None of the server's environment (its settings, the database's address) reaches the media process.
      env: this.#deps.compileCacheDir === undefined ? {} : { NODE_COMPILE_CACHE: this.#deps.compileCacheDir },
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      serialization: 'json',
    });
    this.#child = child;
    this.#startedAt = Date.now();
    this.#health = { rssBytes: 0, cpuMicros: 0, calls: 0, participants: 0, at: 0, cpuPercent: 0 };
    createInterface({ input: child.stderr! }).on('line', (line) => this.#deps.logger.warn('media service', { line: line.slice(0, 2000) }));
    this.#ready = new Promise<void>((resolve, reject) => {
      child.on('message', (message: MediaProcessMessage) => {
        if (message.kind === 'ready') {
          this.#state = 'running';
          resolve();
          this.#watchHealth(child);
        } else if (message.kind === 'reply') this.#settle(message);
        else if (message.kind === 'signal') this.#deps.onSignal(message);
      });
      child.once('exit', (code, signal) => {
        reject(unavailable('it exited while starting'));
        this.#exited(child, code, signal);
      });
      child.once('error', (err) => {
        this.#deps.logger.error('media service could not be started', { err });
        if (child.pid === undefined) this.#exited(child, null, null);
      });
    });
    this.#ready.catch(() => {});
    return this.#ready;
  }

  #settle(message: Extract<MediaProcessMessage, { kind: 'reply' }>): void {
    const pending = this.#pending.get(message.id);
    if (!pending) return;
    this.#pending.delete(message.id);
    clearTimeout(pending.timer);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new AppError(`plugin.${message.error.id}`, message.error.status, message.error.message));
  }

  #watchHealth(child: ChildProcess): void {
    clearInterval(this.#healthTimer);
    this.#healthTimer = setInterval(() => {
      if (this.#child !== child) return;
      this.checkHealth().catch(() => {
        if (this.#child !== child || !child.connected) return;
        this.#deps.logger.error('media service stopped answering; restarting it', { pid: child.pid });
        child.kill('SIGKILL');
      });
    }, this.#timings.healthIntervalMs);
    this.#healthTimer.unref();
  }

  #exited(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (this.#child !== child) return;
    this.#child = undefined;
    clearInterval(this.#healthTimer);
    for (const [id, pending] of this.#pending) {
      clearTimeout(pending.timer);
      pending.reject(unavailable('it stopped'));
      this.#pending.delete(id);
    }
    if (!this.#config) {
      this.#state = 'stopped';
      return;
    }
    // Ended by itself: a crash (or a kill after a hang). Its calls are gone; start again after a delay.
    this.#lastExit = signal ? `signal ${signal}` : `exit code ${code}`;
    this.#deps.logger.error('media service exited; restarting it', { code, signal });
    if (Date.now() - this.#startedAt >= this.#timings.stableAfterMs) this.#crashesInARow = 0;
    const delay = Math.min(this.#timings.backoffMs * 2 ** this.#crashesInARow, this.#timings.maxBackoffMs);
    this.#crashesInARow += 1;
    this.#restarts += 1;
    this.#state = 'restarting';
    this.#deps.onReset();
    this.#restartTimer = setTimeout(() => {
      if (this.#config && !this.#child) void this.#spawn().catch(() => {});
    }, delay);
    this.#restartTimer.unref();
  }

  async #stopChild(): Promise<void> {
    const child = this.#child;
    if (!child) return;
    this.#child = undefined;
    clearInterval(this.#healthTimer);
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(unavailable('it was stopped'));
    }
    this.#pending.clear();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Closing the IPC channel asks it to end its calls and exit; a process that does not is killed.
    if (child.connected) child.disconnect();
    const killer = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(killer);
  }
}

function unavailable(why: string): AppError {
  return new AppError('plugin.media.unavailable', 503, `The media service cannot take the request: ${why}. Try again in a moment.`);
}
