// Run code while holding a cluster-wide lock, and give the lock back however the code ends.
import type { ClusterLock, PluginAPI } from './api.ts';

/**
 * Takes `name` (api.cluster.lock, with `options`), runs `work` with the lock, then unlocks it, also
 * when `work` throws. `work` should finish well within the lock's `ttlMs` or refresh it
 * (`api.cluster.refreshLock(lock.name, lock.token)`): past it, another caller may take the lock.
 * @returns what `work` returns
 * @throws what `api.cluster.lock` or `work` throws (`plugin.cluster.lock_timeout` when the lock stayed busy)
 * @since 0.1.0
 */
export async function withClusterLock<T>(
  cluster: Pick<PluginAPI['cluster'], 'lock' | 'unlock'>,
  name: string,
  work: (lock: ClusterLock) => T | Promise<T>,
  options?: { ttlMs?: number; waitMs?: number },
): Promise<T> {
  const lock = await cluster.lock(name, options);
  try {
    return await work(lock);
  } finally {
    // A lock that expired while `work` ran is not ours to release any more: nothing to give back.
    await cluster.unlock(lock.name, lock.token).catch((err: unknown) => {
      if ((err as { id?: unknown })?.id !== 'plugin.cluster.lock_lost') throw err;
    });
  }
}
