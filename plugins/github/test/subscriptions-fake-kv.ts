// An in-memory api.kv (get and compare-and-set, JSON round trips) for unit tests of the stores.
import type { PluginAPI } from '@parley/plugin-api';

export class FakeKv implements Pick<PluginAPI['kv'], 'get' | 'compareAndSet'> {
  #values = new Map<string, string>();

  async get<T = unknown>(key: string): Promise<T | null> {
    const json = this.#values.get(key);
    return json === undefined ? null : (JSON.parse(json) as T);
  }

  async compareAndSet(key: string, expected: unknown, next: unknown): Promise<boolean> {
    const current = this.#values.get(key) ?? null;
    if (expected === null ? current !== null : current !== JSON.stringify(expected)) return false;
    this.#values.set(key, JSON.stringify(next));
    return true;
  }
}
