// An in-memory stand-in for api.kv with the server's semantics (JSON values, expiry, compare-and-set
// that stores without expiry), for unit tests of the plugin's storage logic.
import type { PluginAPI } from '@parley/plugin-api';

type Kv = PluginAPI['kv'];

export class FakeKv implements Kv {
  now = Date.now();
  #values = new Map<string, { json: string; expireAt: number }>();

  #live(key: string): string | null {
    const entry = this.#values.get(key);
    if (!entry || (entry.expireAt !== 0 && entry.expireAt <= this.now)) return null;
    return entry.json;
  }

  async set(key: string, value: unknown): Promise<void> {
    this.#values.set(key, { json: JSON.stringify(value), expireAt: 0 });
  }

  async setWithExpiry(key: string, value: unknown, expireInSeconds: number): Promise<void> {
    this.#values.set(key, { json: JSON.stringify(value), expireAt: this.now + expireInSeconds * 1000 });
  }

  async compareAndSet(key: string, expected: unknown, next: unknown): Promise<boolean> {
    const current = this.#live(key);
    if (expected === null ? current !== null : current !== JSON.stringify(expected)) return false;
    this.#values.set(key, { json: JSON.stringify(next), expireAt: 0 });
    return true;
  }

  async get<T = unknown>(key: string): Promise<T | null> {
    const json = this.#live(key);
    return json === null ? null : (JSON.parse(json) as T);
  }

  async delete(key: string): Promise<void> {
    this.#values.delete(key);
  }

  async list(page: number, perPage: number): Promise<string[]> {
    return [...this.#values.keys()].filter((key) => this.#live(key) !== null).slice(page * perPage, (page + 1) * perPage);
  }
}
