// Each plugin's private key-value store: JSON values, optional expiry, atomic compare-and-set, and
// limits so one plugin cannot fill the database.
import type { PluginKvRepository } from '../store/plugin-kv-repository.ts';
import { AppError } from '../app/app-error.ts';

export interface KvLimits {
  maxKeyLength: number;
  maxValueBytes: number;
  maxKeysPerPlugin: number;
}

export const DEFAULT_KV_LIMITS: KvLimits = { maxKeyLength: 150, maxValueBytes: 1024 * 1024, maxKeysPerPlugin: 10_000 };

/** Ten years: longer expiries are a mistake, not a plan. */
const MAX_EXPIRY_SECONDS = 10 * 365 * 24 * 3600;

export class PluginKvService {
  #repo: PluginKvRepository;
  #limits: KvLimits;

  constructor(repo: PluginKvRepository, limits: KvLimits = DEFAULT_KV_LIMITS) {
    this.#repo = repo;
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
    if (await this.#repo.set(pluginId, key, json, expireAt, now, this.#limits.maxKeysPerPlugin)) return;
    await this.#repo.purgeExpired(pluginId, now);
    if (!(await this.#repo.set(pluginId, key, json, expireAt, now, this.#limits.maxKeysPerPlugin))) throw this.#quotaExceeded();
  }

  /** Sets `key` to `next` only if it holds `expected` (null: only if absent); true when it did. */
  async compareAndSet(pluginId: string, key: string, expected: unknown, next: unknown): Promise<boolean> {
    this.#checkKey(key);
    const json = this.#serialize(next);
    const now = Date.now();
    if (expected !== null) return this.#repo.replaceIfEqual(pluginId, key, this.#serialize(expected), json, now);
    if (await this.#repo.insertIfAbsent(pluginId, key, json, now, this.#limits.maxKeysPerPlugin)) return true;
    // Refused: either the key holds a value (the comparison failed) or the quota is full.
    if ((await this.#repo.get(pluginId, key, now)) !== null) return false;
    await this.#repo.purgeExpired(pluginId, now);
    if (await this.#repo.insertIfAbsent(pluginId, key, json, now, this.#limits.maxKeysPerPlugin)) return true;
    if ((await this.#repo.get(pluginId, key, now)) !== null) return false;
    throw this.#quotaExceeded();
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

  list(pluginId: string, page: number, perPage: number): Promise<string[]> {
    return this.#repo.listKeys(pluginId, Date.now(), page * perPage, perPage);
  }

  #checkKey(key: string): void {
    if (key.length === 0 || [...key].length > this.#limits.maxKeyLength || key.includes('\0')) {
      throw kvError('plugin.kv.invalid_key', `A key must have from 1 to ${this.#limits.maxKeyLength} characters.`);
    }
  }

  #serialize(value: unknown): string {
    const json = JSON.stringify(value);
    if (json === undefined) throw kvError('plugin.kv.invalid_value', 'The value must be JSON.');
    // PostgreSQL's jsonb cannot hold the NUL character.
    if (json.includes('\\u0000')) throw kvError('plugin.kv.invalid_value', 'The value must not contain the NUL character.');
    if (Buffer.byteLength(json) > this.#limits.maxValueBytes) {
      throw kvError('plugin.kv.value_too_large', `A value may be at most ${this.#limits.maxValueBytes} bytes as JSON.`);
    }
    return json;
  }

  #quotaExceeded(): AppError {
    return kvError('plugin.kv.quota_exceeded', `A plugin may store at most ${this.#limits.maxKeysPerPlugin} keys; delete some first.`);
  }
}

function kvError(id: string, message: string): AppError {
  return new AppError(id, 400, message);
}
