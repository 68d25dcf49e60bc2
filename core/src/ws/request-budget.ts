// How many requests one WebSocket connection may send. Mattermost's clients send a few a minute
// (user_typing at most once per TimeBetweenUserTypingUpdatesMilliseconds per channel, statuses on
// reconnect); a connection far above that is broken or hostile, and each of its frames would
// otherwise cost a database query or, for user_typing, one event to every member of a channel.
import { AppError } from '../errors/app-error.ts';
import { GcraLimiter } from '../app/gcra-limiter.ts';

/** Connections the budgets remember at once; a forgotten one simply starts with a full budget. */
const TRACKED_CONNECTIONS = 100_000;
/** Every action, custom ones included: a generous burst (a reconnect asks for many statuses), then 20 a second. */
const ALL_REQUESTS = { PerSec: 20, MaxBurst: 100, MemoryStoreSize: TRACKED_CONNECTIONS };
/** Typing notices, relayed to a whole channel: a short burst, then one a second. */
const TYPING = { PerSec: 1, MaxBurst: 4, MemoryStoreSize: TRACKED_CONNECTIONS };

/**
 * What to do with a request: run it; refuse it with a 429 reply (typing faster than typing may go);
 * or drop the connection, whose client sends faster than any client should (answering each frame
 * would only turn its flood into ours). The client may reconnect, and resume, at once.
 */
export type BudgetVerdict = { kind: 'run' } | { kind: 'refuse'; error: AppError } | { kind: 'disconnect'; reason: string };

const RUN: BudgetVerdict = { kind: 'run' };

export class RequestBudget {
  #all = new GcraLimiter(ALL_REQUESTS);
  #typing = new GcraLimiter(TYPING);

  /** Counts a request of `connectionId` and says what to do with it. */
  spend(connectionId: string, action: string, now = Date.now()): BudgetVerdict {
    if (this.#all.take(connectionId, now).limited) return { kind: 'disconnect', reason: 'too many requests' };
    if (action !== 'user_typing') return RUN;
    const typing = this.#typing.take(connectionId, now);
    if (!typing.limited) return RUN;
    return {
      kind: 'refuse',
      error: new AppError('api.web_socket.user_typing.rate_limited.app_error', 429, `Typing notices are limited to one a second per connection: wait ${typing.retryAfterMs} ms.`),
    };
  }
}
