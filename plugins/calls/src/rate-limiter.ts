// Token buckets, one per key: how many calls messages a connection may send, and how many REST
// requests a user may make, before the extra ones are refused.

/** Keys remembered at once; beyond it the least recently seen are forgotten (and start again full). */
const TRACKED = 10_000;

export interface RateLimit {
  perSecond: number;
  burst: number;
}

/**
 * Mattermost drops a session's messages beyond 10 a second (bursts of 100). Here the burst is 50,
 * below the WebSocket hub's own budget of 100, so a flooding client loses its extra calls messages
 * before the hub drops its connection, and the ICE candidates of a call's start still fit.
 */
export const SESSION_MESSAGES: RateLimit = { perSecond: 10, burst: 50 };
/** Mattermost's limit on its Calls REST API: one request a second per user, bursts of 10. */
export const USER_REQUESTS: RateLimit = { perSecond: 1, burst: 10 };

export class RateLimiter {
  #limit: RateLimit;
  #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(limit: RateLimit) {
    this.#limit = limit;
  }

  /** Takes one token from the key's bucket; false when it has none left. */
  allow(key: string, now = Date.now()): boolean {
    const { perSecond, burst } = this.#limit;
    const bucket = this.#buckets.get(key) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    this.#buckets.delete(key);
    this.#buckets.set(key, bucket);
    if (this.#buckets.size > TRACKED) this.#buckets.delete(this.#buckets.keys().next().value!);
    return allowed;
  }

  forget(key: string): void {
    this.#buckets.delete(key);
  }
}
