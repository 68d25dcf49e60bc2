// Whether the database can be reached, as the store last saw it. Connection-level failures of the
// pool (and news from the embedded cluster's supervisor) come here; while the database is down it is
// probed with backoff, and each change is logged once — not once per request that hit it.
import type { Logger } from '../logger.ts';
import { DatabaseUnavailable, isConnectionFailure } from './store-errors.ts';

export interface DatabaseMonitorOptions {
  /** Opens a connection of its own (outside the pool) and runs a trivial query; rejects when the database does not answer. */
  probe: () => Promise<void>;
  logger: Logger;
  /** The first pause between probes while the database is down; it doubles up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export class DatabaseMonitor {
  #options: DatabaseMonitorOptions;
  #reachable = true;
  #downSince = 0;
  #reason: Error | undefined;
  #delay: number;
  #timer: NodeJS.Timeout | undefined;
  #probing: Promise<void> | undefined;
  /** Bumped when the database is declared lost from outside, so a probe begun before that cannot undo it. */
  #epoch = 0;
  #closed = false;

  constructor(options: DatabaseMonitorOptions) {
    this.#options = options;
    this.#delay = options.initialDelayMs ?? 250;
  }

  /** False from the moment a failure is confirmed (or reported) until a probe gets an answer again. */
  get reachable(): boolean {
    return this.#reachable;
  }

  /**
   * Looks at an error of a pooled connection. A connection-level failure comes back as
   * DatabaseUnavailable and has the database probed at once: one dropped connection is no outage, a
   * failed probe is. Any other error (a constraint violation, a timeout) comes back unchanged.
   */
  observe(err: unknown): unknown {
    if (!isConnectionFailure(err)) return err;
    if (this.#reachable) void this.#probe();
    return err instanceof DatabaseUnavailable ? err : new DatabaseUnavailable(err instanceof Error ? err : new Error(String(err)));
  }

  /** The error a new connection fails with at once while the database is known to be down or the store is closing; undefined otherwise. */
  refusal(): DatabaseUnavailable | undefined {
    if (this.#closed) return new DatabaseUnavailable(new Error('the store is closing'));
    if (this.#reachable) return undefined;
    return new DatabaseUnavailable(new Error('the database is unreachable', { cause: this.#reason }));
  }

  /** The database is gone (its postmaster died): unreachable from now on, until a probe says otherwise. */
  lost(reason: string): void {
    this.#epoch++;
    this.#unreachable(new Error(reason));
  }

  /** Probes now instead of at the next backoff step (the embedded cluster was just restarted). */
  check(): Promise<void> {
    return this.#probe();
  }

  /** Stops probing and refuses new connections (the store is closing). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #probe(): Promise<void> {
    this.#probing ??= (async () => {
      const epoch = this.#epoch;
      try {
        await this.#options.probe();
        if (epoch === this.#epoch) this.#back();
      } catch (err) {
        this.#unreachable(err instanceof Error ? err : new Error(String(err)));
      } finally {
        this.#probing = undefined;
      }
    })();
    return this.#probing;
  }

  #unreachable(reason: Error): void {
    this.#reason = reason;
    if (this.#reachable) {
      this.#reachable = false;
      this.#downSince = Date.now();
      this.#delay = this.#options.initialDelayMs ?? 250;
      this.#options.logger.error('the database is unreachable: requests that need it answer 503 until it is back', { reason: reason.message });
    }
    this.#schedule();
  }

  #back(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#reachable) return;
    this.#reachable = true;
    this.#reason = undefined;
    this.#options.logger.info('the database is reachable again', { down_ms: Date.now() - this.#downSince });
  }

  #schedule(): void {
    if (this.#closed || this.#timer) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#probe();
    }, this.#delay);
    // The server (or a test) holds the process open; a pending probe must not.
    this.#timer.unref();
    this.#delay = Math.min(this.#delay * 2, this.#options.maxDelayMs ?? 5000);
  }
}
