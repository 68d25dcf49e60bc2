// The generic cell-rate algorithm (the one of the throttled library Mattermost's rate limiter uses):
// shared by the HTTP rate limit (RateLimitSettings), the WebSocket hub's per-connection budgets and
// the standalone media service's limit on wrong keys.

/** Mattermost's RateLimitSettings names for the limiter's three numbers. */
export interface GcraSettings {
  PerSec: number;
  MaxBurst: number;
  MemoryStoreSize: number;
}

export interface RateVerdict {
  limited: boolean;
  limit: number;
  remaining: number;
  resetAfterMs: number;
  retryAfterMs: number;
}

/** PerSec sustained, MaxBurst extra; at most MemoryStoreSize keys (the oldest are forgotten). */
export class GcraLimiter {
  #interval: number;
  #tolerance: number;
  #limit: number;
  #capacity: number;
  #tat = new Map<string, number>();

  constructor(settings: GcraSettings) {
    this.#interval = 1000 / settings.PerSec;
    this.#limit = settings.MaxBurst + 1;
    this.#tolerance = this.#interval * this.#limit;
    this.#capacity = settings.MemoryStoreSize;
  }

  take(key: string, now: number): RateVerdict {
    const tat = Math.max(this.#tat.get(key) ?? now, now);
    const newTat = tat + this.#interval;
    const diff = now - (newTat - this.#tolerance);
    if (diff < 0) {
      return { limited: true, limit: this.#limit, remaining: 0, resetAfterMs: tat - now, retryAfterMs: -diff };
    }
    this.#tat.delete(key);
    this.#tat.set(key, newTat);
    if (this.#tat.size > this.#capacity) this.#tat.delete(this.#tat.keys().next().value as string);
    return { limited: false, limit: this.#limit, remaining: Math.floor(diff / this.#interval), resetAfterMs: newTat - now, retryAfterMs: 0 };
  }

  /** How long `key` must wait before take() lets it through, taking nothing: 0 when it would now. */
  wait(key: string, now: number): number {
    const tat = Math.max(this.#tat.get(key) ?? now, now);
    return Math.max(0, tat + this.#interval - this.#tolerance - now);
  }
}
