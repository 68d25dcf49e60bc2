// Read, compute, compare-and-set, and again on a conflict: the loop every plugin writing a shared
// KV value from several places at once would otherwise write by hand (Mattermost's pluginapi has
// it as KVService.SetAtomicWithRetries).
import type { PluginAPI } from './api.ts';

/** Attempts when none are given: Mattermost's SetAtomicWithRetries tries 5 times. */
const DEFAULT_ATTEMPTS = 5;

/** Every attempt of updateKvAtomically met a concurrent change of the key. */
export class KvConflictError extends Error {
  readonly id = 'plugin.kv.conflict';

  constructor(key: string, attempts: number) {
    super(`The key ${key} changed under every one of ${attempts} attempts to update it; try again later.`);
    this.name = 'KvConflictError';
  }
}

/**
 * Sets `key` to `update(current)`, where `current` is the value read just before (null when the key
 * is absent), only if no one changed the key in between (`kv.compareAndSet`); on a conflict it reads
 * again and calls `update` again, up to `attempts` times. `update` must return a value, not null
 * (there is no compare-and-delete), and may be called more than once.
 * @returns the value written
 * @throws KvConflictError (`plugin.kv.conflict`) when every attempt met a concurrent change; what
 *   `update` or the KV calls throw
 * @since 0.1.0
 */
export async function updateKvAtomically<T>(
  kv: Pick<PluginAPI['kv'], 'get' | 'compareAndSet'>,
  key: string,
  update: (current: T | null) => T | Promise<T>,
  options: { attempts?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? DEFAULT_ATTEMPTS;
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError('attempts must be a whole number of at least 1');
  for (let attempt = 0; attempt < attempts; attempt++) {
    const current = await kv.get<T>(key);
    const next = await update(current);
    if (next === null || next === undefined) throw new TypeError(`update must return the next value of ${key}, not ${next}`);
    if (await kv.compareAndSet(key, current, next)) return next;
  }
  throw new KvConflictError(key, attempts);
}
