// Each plugin's private key-value store: JSON values, optional expiry, atomic compare-and-set, and
// limits so one plugin cannot fill the database. The key quota is exact: a new key is only counted
// and inserted under the plugin's own database lock, so concurrent sets (on any node) cannot both
// take the last free slot; replacing a live key needs no lock, it adds nothing.
import { jsonInputProblem } from '@parley/plugin-api';
import type { ConfigService } from '../../config/config-service.ts';
import type { PluginKvRepository } from '../../store/plugin-kv-repository.ts';
import type { Store } from '../../store/store.ts';
import { AppError } from '../../errors/app-error.ts';

export interface KvLimits {
  maxKeyLength: number;
  maxValueBytes: number;
  maxKeysPerPlugin: number;
}

/** The fixed key and value limits, with the key quota of PluginSettings.KvMaxKeysPerPlugin. */
export function configuredKvLimits(config: ConfigService): () => KvLimits {
  return () => ({ maxKeyLength: 150, maxValueBytes: 1024 * 1024, maxKeysPerPlugin: config.get().PluginSettings.KvMaxKeysPerPlugin });
}

/** Ten years: longer expiries are a mistake, not a plan. */
const MAX_EXPIRY_SECONDS = 10 * 365 * 24 * 3600;

export class PluginKvService {
  #store: Pick<Store, 'pluginKv' | 'transaction'>;
  #repo: PluginKvRepository;
  #limits: () => KvLimits;

  constructor(store: Pick<Store, 'pluginKv' | 'transaction'>, limits: () => KvLimits) {
    this.#store = store;
    this.#repo = store.pluginKv;
    this.#limits = limits;
  }

  /** Stores a value (null deletes the key, as Mattermost's KVSet with nil). */
  async set(pluginId: string, key: string, value: unknown, expireInSeconds = 0): Promise<void> {
    this.#checkKey(key);
    if (value === null) return this.#repo.delete(pluginId, key);
    if (!Number.isInteger(expireInSeconds) || expireInSeconds < 0 || expireInSeconds > MAX_EXPIRY_SECONDS) {
      throw kvError('plugin.kv.invalid_expiry', `The expiry must be a whole number of seconds from 0 to ${MAX_EXPIRY_SECONDS}.`);
    }
    const json = this.#serialize(value);
    const now = Date.now();
    const expireAt = expireInSeconds > 0 ? now + expireInSeconds * 1000 : 0;
    if (await this.#repo.replaceLive(pluginId, key, json, expireAt, now)) return;
    const maxKeys = this.#limits().maxKeysPerPlugin;
    const stored = await this.#underQuotaLock(pluginId, async (repo) => {
      if (await repo.set(pluginId, key, json, expireAt, now, maxKeys)) return true;
      await repo.purgeExpired(pluginId, now);
      return repo.set(pluginId, key, json, expireAt, now, maxKeys);
    });
    if (!stored) throw this.#quotaExceeded(maxKeys);
  }

  /** Sets `key` to `next` only if it holds `expected` (null: only if absent); true when it did. */
  async compareAndSet(pluginId: string, key: string, expected: unknown, next: unknown): Promise<boolean> {
    this.#checkKey(key);
    const json = this.#serialize(next);
    const now = Date.now();
    if (expected !== null) return this.#repo.replaceIfEqual(pluginId, key, this.#serialize(expected), json, now);
    const maxKeys = this.#limits().maxKeysPerPlugin;
    const outcome = await this.#underQuotaLock(pluginId, async (repo) => {
      if (await repo.insertIfAbsent(pluginId, key, json, now, maxKeys)) return 'inserted';
      // Refused: either the key holds a value (the comparison failed) or the quota is full.
      if ((await repo.get(pluginId, key, now)) !== null) return 'present';
      await repo.purgeExpired(pluginId, now);
      if (await repo.insertIfAbsent(pluginId, key, json, now, maxKeys)) return 'inserted';
      return (await repo.get(pluginId, key, now)) !== null ? 'present' : 'full';
    });
    if (outcome === 'full') throw this.#quotaExceeded(maxKeys);
    return outcome === 'inserted';
  }

  async get(pluginId: string, key: string): Promise<unknown> {
    this.#checkKey(key);
    const json = await this.#repo.get(pluginId, key, Date.now());
    return json === null ? null : JSON.parse(json);
  }

  async delete(pluginId: string, key: string): Promise<void> {
    this.#checkKey(key);
    await this.#repo.delete(pluginId, key);
  }

  /** One page of the live keys, only those starting with `prefix` when there is one. */
  list(pluginId: string, page: number, perPage: number, prefix = ''): Promise<string[]> {
    return this.#repo.listKeys(pluginId, Date.now(), page * perPage, perPage, prefix);
  }

  /** Runs `work` in a transaction holding the plugin's quota lock, so counting and inserting are one step. */
  #underQuotaLock<T>(pluginId: string, work: (repo: PluginKvRepository) => Promise<T>): Promise<T> {
    return this.#store.transaction(async (tx) => {
      await tx.pluginKv.lockQuota(pluginId);
      return work(tx.pluginKv);
    });
  }

  #checkKey(key: string): void {
    const { maxKeyLength } = this.#limits();
    if (key.length === 0 || [...key].length > maxKeyLength || key.includes('\0')) {
      throw kvError('plugin.kv.invalid_key', `A key must have from 1 to ${maxKeyLength} characters.`);
    }
  }

  #serialize(value: unknown): string {
    // Checked first: PostgreSQL's jsonb cannot hold the NUL character, and JSON.stringify itself overflows on absurd nesting.
    const problem = jsonInputProblem(value);
    if (problem) throw kvError('plugin.kv.invalid_value', `The value ${problem}.`);
    const json = JSON.stringify(value);
    if (json === undefined) throw kvError('plugin.kv.invalid_value', 'The value must be JSON.');
    const { maxValueBytes } = this.#limits();
    if (Buffer.byteLength(json) > maxValueBytes) {
      throw kvError('plugin.kv.value_too_large', `A value may be at most ${maxValueBytes} bytes as JSON.`);
    }
    return json;
  }

  #quotaExceeded(maxKeys: number): AppError {
    return kvError('plugin.kv.quota_exceeded', `A plugin may store at most ${maxKeys} keys; delete some first.`);
  }
}

function kvError(id: string, message: string): AppError {
  return new AppError(id, 400, message);
}
