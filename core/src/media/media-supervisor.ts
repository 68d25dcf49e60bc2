// Runs the media service (the SFU) and keeps it running: a media process it forks, or a standalone
// media server it connects to (the target's `serviceUrl`, Mattermost's RTCDServiceURL). Started on
// demand with a target, restarted with a new one, restarted (or reconnected) after a crash or a lost
// link with a growing delay, cut off and restarted when it stops answering its health check, stopped
// when nobody needs it. Its memory and CPU use, as the service measures them at each health check,
// are in status().
import type { MediaServiceStatus } from '@parley/plugin-api';
import { AppError } from '../errors/app-error.ts';
import type { Logger } from '../logger.ts';
import type { MediaLink, MediaLinkEvents } from './media-link.ts';
import { forkMediaProcess } from './media-process-link.ts';
import { connectMediaServer, parseMediaServiceUrl } from './media-server-link.ts';
import type { MediaConfig, MediaHealth, MediaProcessMessage, MediaRequest, MediaServiceEvent } from './media-protocol.ts';

/** What runs the media: a media process forked with `config`, or the media server at `serviceUrl`. */
export type MediaTarget = { config: MediaConfig; serviceUrl?: undefined } | { serviceUrl: string };

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
  /** What the SFU reports of its own accord: signalling for one participant, who speaks. */
  onEvent(event: MediaServiceEvent): void;
  /** The service ended or the link to it did (a crash, a hang, a new target): every call it carried is gone. */
  onReset(): void;
  /** The service runs again after such a reset (restarted, the link made again, the new target started): calls can be made again. */
  onRestored(): void;
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
  #target: MediaTarget | undefined;
  #link: MediaLink | undefined;
  /** The last link's closing, which every stop waits for. */
  #closing: Promise<void> = Promise.resolve();
  /**
   * Starts and stops, one after another: a start that must first close the running link (its target
   * changed) would otherwise open its link after another start, arriving meanwhile, opened one — and
   * the first of the two processes would be left running, linked to nothing.
   */
  #switching: Promise<unknown> = Promise.resolve();
  #ready: Promise<void> | undefined;
  /** Rejects the current link's readiness (a no-op once it was ready): the link is closed before it got there. */
  #abandonReady: () => void = () => {};
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #state: MediaState = 'stopped';
  #restarts = 0;
  #crashesInARow = 0;
  #restartTimer: NodeJS.Timeout | undefined;
  #healthTimer: NodeJS.Timeout | undefined;
  #startedAt = 0;
  #lastExit: string | null = null;
  /** Whether calls were lost (onReset) since the service last became ready: its next readiness restores them. */
  #callsLost = false;
  #health: MediaHealth & { at: number; cpuPercent: number } = { rssBytes: 0, cpuMicros: 0, calls: 0, participants: 0, at: 0, cpuPercent: 0 };

  constructor(deps: MediaSupervisorDeps) {
    this.#deps = deps;
    this.#timings = { ...DEFAULT_TIMINGS, ...deps.timings };
  }

  /** Starts the service (or connects to it), or restarts it when the target changed (its calls end). */
  async start(target: MediaTarget): Promise<void> {
    await this.#serially(async () => {
      if (this.#link && this.#target && JSON.stringify(this.#target) === JSON.stringify(target)) return;
      this.#target = target;
      clearTimeout(this.#restartTimer);
      if (this.#link) {
        await this.#closeLink();
        // A new target is a new service: the calls the old one carried are gone.
        this.#reset();
      }
      void this.#open();
    });
    // The service as it is once this start's turn is over; a later start may replace it before it is
    // ready, and then this start is over when that one is.
    for (;;) {
      const ready = this.#ready;
      try {
        return await ready;
      } catch (err) {
        await this.#switching;
        if (this.#ready === ready || !this.#target) throw err;
      }
    }
  }

  get running(): boolean {
    return this.#state === 'running';
  }

  /** Sends one request; rejects with an AppError (503 while the service is not running). */
  async request(request: MediaRequest): Promise<unknown> {
    const link = this.#link;
    if (!link || this.#state === 'stopped') throw unavailable('it is not running');
    await this.#ready;
    if (this.#link !== link) throw unavailable('it restarted');
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(unavailable('it did not answer in time'));
      }, this.#timings.requestTimeoutMs);
      this.#pending.set(id, { resolve, reject, timer });
      if (link.send({ kind: 'request', id, request })) return;
      clearTimeout(timer);
      this.#pending.delete(id);
      reject(unavailable('the link to it is down'));
    });
  }

  status(): MediaStatus {
    const running = this.#state === 'running';
    return {
      state: this.#state,
      pid: this.#link?.pid ?? null,
      // The target's, not the link's: a service that refuses or cannot be reached is named too.
      url: this.#target?.serviceUrl === undefined ? null : parseMediaServiceUrl(this.#target.serviceUrl).shown,
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
    await this.#serially(async () => {
      this.#target = undefined;
      clearTimeout(this.#restartTimer);
      await this.#closeLink();
      this.#state = 'stopped';
    });
  }

  #serially(step: () => Promise<void>): Promise<void> {
    const run = this.#switching.then(step);
    this.#switching = run.catch(() => {});
    return run;
  }

  #open(): Promise<void> {
    const target = this.#target!;
    this.#state = this.#restarts > 0 || this.#lastExit ? 'restarting' : 'starting';
    this.#startedAt = Date.now();
    this.#health = { rssBytes: 0, cpuMicros: 0, calls: 0, participants: 0, at: 0, cpuPercent: 0 };
    let link: MediaLink | undefined;
    this.#ready = new Promise<void>((resolve, reject) => {
      this.#abandonReady = () => reject(unavailable('it was stopped before it was ready'));
      const events: MediaLinkEvents = {
        message: (message: MediaProcessMessage) => {
          if (this.#link !== link) return;
          if (message.kind === 'ready') {
            this.#state = 'running';
            resolve();
            this.#watchHealth(link!);
            if (this.#callsLost) {
              this.#callsLost = false;
              this.#deps.onRestored();
            }
          } else if (message.kind === 'reply') this.#settle(message);
          else this.#deps.onEvent(message);
        },
        ended: (why) => {
          reject(unavailable(`it ended while starting (${why})`));
          this.#ended(link!, why);
        },
        log: (line) => this.#deps.logger.warn('media service', { line: line.slice(0, 2000) }),
      };
      link = target.serviceUrl === undefined ? forkMediaProcess(target.config, events, this.#deps.compileCacheDir) : connectMediaServer(parseMediaServiceUrl(target.serviceUrl), events);
    });
    this.#link = link;
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

  #watchHealth(link: MediaLink): void {
    clearInterval(this.#healthTimer);
    this.#healthTimer = setInterval(() => {
      if (this.#link !== link) return;
      this.checkHealth().catch(() => {
        if (this.#link !== link) return;
        this.#deps.logger.error('media service stopped answering; restarting it', { pid: link.pid, url: link.url });
        link.abort();
      });
    }, this.#timings.healthIntervalMs);
    this.#healthTimer.unref();
  }

  #ended(link: MediaLink, why: string): void {
    if (this.#link !== link) return;
    this.#link = undefined;
    clearInterval(this.#healthTimer);
    this.#rejectPending('it stopped');
    if (!this.#target) {
      this.#state = 'stopped';
      return;
    }
    // Ended by itself: a crash, a lost link, a refusal (or a cut after a hang). Its calls are gone;
    // start again after a delay.
    this.#lastExit = why;
    this.#deps.logger.error('media service ended; restarting it', { why, url: link.url });
    if (Date.now() - this.#startedAt >= this.#timings.stableAfterMs) this.#crashesInARow = 0;
    const delay = Math.min(this.#timings.backoffMs * 2 ** this.#crashesInARow, this.#timings.maxBackoffMs);
    this.#crashesInARow += 1;
    this.#restarts += 1;
    this.#state = 'restarting';
    this.#reset();
    this.#restartTimer = setTimeout(() => {
      if (this.#target && !this.#link) void this.#open().catch(() => {});
    }, delay);
    this.#restartTimer.unref();
  }

  async #closeLink(): Promise<void> {
    const link = this.#link;
    if (link) {
      this.#link = undefined;
      clearInterval(this.#healthTimer);
      this.#rejectPending('it was stopped');
      this.#abandonReady();
      this.#closing = link.close();
    }
    // A stop that comes while another is under way (the last plugin stopping, then the server
    // closing) waits for the same exit: the process still writes its compile cache as it ends.
    await this.#closing;
  }

  #reset(): void {
    this.#callsLost = true;
    this.#deps.onReset();
  }

  #rejectPending(why: string): void {
    for (const pending of this.#pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(unavailable(why));
    }
    this.#pending.clear();
  }
}

function unavailable(why: string): AppError {
  return new AppError('plugin.media.unavailable', 503, `The media service cannot take the request: ${why}. Try again in a moment.`);
}
