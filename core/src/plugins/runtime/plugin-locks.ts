// Cluster-wide mutexes for plugins (api.cluster.lock; Mattermost's pluginapi cluster.Mutex): a
// plugin running on several nodes can make one of them do a thing at a time (a scheduled sync, a
// webhook registration). A lock is a row in the database with a time to live: the holder refreshes
// or releases it, and a holder that crashed stops blocking the others once its time is up. A caller
// waits for a busy lock by polling (the database is the only thing every node shares), woken at
// once when the lock is released on its own node.
import { AppError } from '../../errors/app-error.ts';
import { newId } from '../../app/ids.ts';
import type { PluginLockRepository } from '../../store/plugin-lock-repository.ts';

/** A lock held: the token proves it to unlock and refreshLock. */
export interface HeldLock {
  name: string;
  token: string;
  /** When it frees itself unless refreshed, in epoch milliseconds (the database's clock). */
  expires_at: number;
}

export const LOCK_LIMITS = { minTtlMs: 1000, maxTtlMs: 10 * 60_000, defaultTtlMs: 30_000, maxWaitMs: 60_000, defaultWaitMs: 10_000, heldPerPlugin: 100 };
const FIRST_POLL_MS = 10;
const LONGEST_POLL_MS = 250;

type LockStore = Pick<PluginLockRepository, 'acquire' | 'refresh' | 'release'>;

export class PluginLocks {
  #store: LockStore;
  /** Tokens held through this node, by plugin: released when the plugin stops. */
  #held = new Map<string, Map<string, string>>();
  /** Callers on this node waiting for a lock, by `pluginId/name`. */
  #waiting = new Map<string, Set<() => void>>();
  #closed = false;

  constructor(store: LockStore) {
    this.#store = store;
  }

  /** Takes the lock, waiting up to `waitMs` while another holder has it. */
  async lock(pluginId: string, name: string, ttlMs: number, waitMs: number): Promise<HeldLock> {
    const held = this.#heldBy(pluginId);
    if (held.size >= LOCK_LIMITS.heldPerPlugin) {
      throw new AppError('plugin.cluster.too_many_locks', 400, `Plugin ${pluginId} holds ${held.size} locks on this node; release some before taking more.`);
    }
    const token = newId();
    const deadline = Date.now() + waitMs;
    for (let pause = FIRST_POLL_MS; ; pause = Math.min(pause * 2, LONGEST_POLL_MS)) {
      if (this.#closed) throw new AppError('plugin.cluster.lock_timeout', 409, 'The server is shutting down.');
      const expiresAt = await this.#store.acquire(pluginId, name, token, ttlMs);
      if (expiresAt !== null) {
        held.set(token, name);
        return { name, token, expires_at: expiresAt };
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new AppError('plugin.cluster.lock_timeout', 409, `The lock "${name}" is held by another caller; it was not released within ${waitMs} ms.`);
      await this.#pause(`${pluginId}/${name}`, Math.min(pause, left));
    }
  }

  /** Extends a lock the token holds; lock_lost when its time ran out (someone else may hold it now). */
  async refresh(pluginId: string, name: string, token: string, ttlMs: number): Promise<HeldLock> {
    const expiresAt = await this.#store.refresh(pluginId, name, token, ttlMs);
    if (expiresAt === null) {
      this.#heldBy(pluginId).delete(token);
      throw lockLost(name);
    }
    return { name, token, expires_at: expiresAt };
  }

  /** Releases a lock the token holds; lock_lost when it no longer held it. */
  async unlock(pluginId: string, name: string, token: string): Promise<void> {
    this.#heldBy(pluginId).delete(token);
    const released = await this.#store.release(pluginId, name, token);
    this.#wake(`${pluginId}/${name}`);
    if (!released) throw lockLost(name);
  }

  /** Releases what a stopped plugin held through this node. */
  async releaseAll(pluginId: string): Promise<void> {
    const held = this.#held.get(pluginId);
    this.#held.delete(pluginId);
    for (const [token, name] of held ?? []) {
      await this.#store.release(pluginId, name, token).catch(() => false);
      this.#wake(`${pluginId}/${name}`);
    }
  }

  /** Ends every wait at once (the server is stopping). */
  close(): void {
    this.#closed = true;
    for (const key of [...this.#waiting.keys()]) this.#wake(key);
  }

  #heldBy(pluginId: string): Map<string, string> {
    let held = this.#held.get(pluginId);
    if (!held) this.#held.set(pluginId, (held = new Map()));
    return held;
  }

  #pause(key: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const waiters = this.#waiting.get(key) ?? new Set();
      this.#waiting.set(key, waiters);
      const done = () => {
        clearTimeout(timer);
        waiters.delete(done);
        if (waiters.size === 0) this.#waiting.delete(key);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waiters.add(done);
    });
  }

  #wake(key: string): void {
    for (const done of [...(this.#waiting.get(key) ?? [])]) done();
  }
}

function lockLost(name: string): AppError {
  return new AppError('plugin.cluster.lock_lost', 409, `The lock "${name}" is not held with this token: it was released, or its time to live ran out.`);
}
