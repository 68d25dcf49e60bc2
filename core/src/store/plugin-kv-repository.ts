// The plugins' key-value rows. Expired keys read as absent; the compare-and-set and the quota
// check each run as one SQL statement, and callers adding keys hold the plugin's quota lock, so
// concurrent callers cannot interleave inside them.
import { Repository } from './repository.ts';
import { PluginKeyValue } from './entities/plugin-key-value.ts';

/** A key counts while it has no expiry or its expiry is in the future. */
const LIVE = `(expire_at = 0 or expire_at > ?)`;

export class PluginKvRepository extends Repository {
  /** The value as JSON text, or null when absent or expired. */
  async get(pluginId: string, key: string, now: number): Promise<string | null> {
    const rows = await this.sql<{ value: string }>(`select pvalue::text as value from plugin_key_values where plugin_id = ? and pkey = ? and ${LIVE}`, [pluginId, key, now]);
    return rows[0]?.value ?? null;
  }

  /**
   * Serialises the plugin's key additions until the current transaction ends: a count followed by
   * an insert is only exact while no one else of the same plugin does the same.
   */
  async lockQuota(pluginId: string): Promise<void> {
    await this.sql(`select pg_advisory_xact_lock(hashtext('parley.plugin_kv'), hashtext(?))`, [pluginId]);
  }

  /** Replaces the value and expiry of a live key; false when the key is absent or expired. */
  async replaceLive(pluginId: string, key: string, json: string, expireAt: number, now: number): Promise<boolean> {
    const rows = await this.sql(
      `update plugin_key_values set pvalue = cast(? as jsonb), expire_at = ? where plugin_id = ? and pkey = ? and ${LIVE} returning 1 as done`,
      [json, expireAt, pluginId, key, now],
    );
    return rows.length > 0;
  }

  /**
   * Inserts or replaces a key. A key that is not live is only (re)inserted while the plugin holds
   * fewer than `maxKeys` live keys; false when it was refused for that. Exact under lockQuota.
   */
  async set(pluginId: string, key: string, json: string, expireAt: number, now: number, maxKeys: number): Promise<boolean> {
    const rows = await this.sql(
      `insert into plugin_key_values (plugin_id, pkey, pvalue, expire_at)
       select ?, ?, cast(? as jsonb), ?
       where exists (select 1 from plugin_key_values where plugin_id = ? and pkey = ? and ${LIVE})
          or (select count(*) from plugin_key_values where plugin_id = ? and ${LIVE}) < ?
       on conflict (plugin_id, pkey) do update set pvalue = excluded.pvalue, expire_at = excluded.expire_at
       returning 1 as done`,
      [pluginId, key, json, expireAt, pluginId, key, now, pluginId, now, maxKeys],
    );
    return rows.length > 0;
  }

  /** Inserts `key` only when it is absent (or expired); false when it holds a live value or the quota is full. */
  async insertIfAbsent(pluginId: string, key: string, json: string, now: number, maxKeys: number): Promise<boolean> {
    const rows = await this.sql(
      `insert into plugin_key_values (plugin_id, pkey, pvalue, expire_at)
       select ?, ?, cast(? as jsonb), 0
       where (select count(*) from plugin_key_values where plugin_id = ? and ${LIVE}) < ?
       on conflict (plugin_id, pkey) do update set pvalue = excluded.pvalue, expire_at = 0
         where plugin_key_values.expire_at <> 0 and plugin_key_values.expire_at <= ?
       returning 1 as done`,
      [pluginId, key, json, pluginId, now, maxKeys, now],
    );
    return rows.length > 0;
  }

  /** Replaces a live value equal (as JSON) to `expectedJson`; false when it held something else. */
  async replaceIfEqual(pluginId: string, key: string, expectedJson: string, json: string, now: number): Promise<boolean> {
    const rows = await this.sql(
      `update plugin_key_values set pvalue = cast(? as jsonb), expire_at = 0
       where plugin_id = ? and pkey = ? and pvalue = cast(? as jsonb) and ${LIVE}
       returning 1 as done`,
      [json, pluginId, key, expectedJson, now],
    );
    return rows.length > 0;
  }

  async delete(pluginId: string, key: string): Promise<void> {
    await this.em().nativeDelete(PluginKeyValue, { pluginId, pkey: key });
  }

  /** Drops the plugin's expired keys (they already read as absent; this frees their rows). */
  async purgeExpired(pluginId: string, now: number): Promise<void> {
    await this.sql(`delete from plugin_key_values where plugin_id = ? and expire_at <> 0 and expire_at <= ?`, [pluginId, now]);
  }

  /** Live keys in key order. */
  /** One page of the live keys that start with `prefix` (all of them for ''). */
  async listKeys(pluginId: string, now: number, offset: number, limit: number, prefix: string): Promise<string[]> {
    const rows = await this.sql<{ pkey: string }>(
      `select pkey from plugin_key_values where plugin_id = ? and ${LIVE} and starts_with(pkey, ?) order by pkey limit ? offset ?`,
      [pluginId, now, prefix, limit, offset],
    );
    return rows.map((r) => r.pkey);
  }
}
