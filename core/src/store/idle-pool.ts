// Closing the pool only once nothing holds or is opening one of its connections. Kysely (under the
// ORM) stops knowing its pool the moment it starts destroying it, yet still wraps a connection that
// a pool.connect() begun earlier hands over afterwards, and fails with that connection checked out:
// pg-pool's end() would then wait for it for ever (a server closing while a plugin's last API call
// was opening a connection hung that way).
import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';

const POLL_MS = 5;

/**
 * Resolves once every connection of `pool` is idle and no caller waits for one, or after `limitMs`
 * (a statement still running then is cut off by the pool's end). Callers stop new connections
 * from opening first (DatabaseMonitor.close), so this settles.
 */
export async function idlePool(pool: pg.Pool, limitMs: number): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (pool.totalCount > pool.idleCount || pool.waitingCount > 0) {
    if (Date.now() >= deadline) return;
    await sleep(POLL_MS);
  }
}
