// The plugins' cluster-wide locks. Every time is the database's clock (milliseconds since the
// epoch), so nodes whose clocks disagree still agree on who holds a lock and until when.
import { DB_NOW, Repository } from './repository.ts';

export class PluginLockRepository extends Repository {
  /**
   * Takes the lock for `token` when it is free or its holder's time is up; the expiry when taken,
   * else null. The plugin's other expired locks are cleared on the way, so abandoned names do not
   * pile up.
   */
  async acquire(pluginId: string, name: string, token: string, ttlMs: number): Promise<number | null> {
    const rows = await this.sql<{ expire_at: string }>(
      `with purged as (delete from plugin_locks where plugin_id = ? and name <> ? and expire_at <= ${DB_NOW})
       insert into plugin_locks (plugin_id, name, token, expire_at) values (?, ?, ?, ${DB_NOW} + ?)
       on conflict (plugin_id, name) do update set token = excluded.token, expire_at = excluded.expire_at
         where plugin_locks.expire_at <= ${DB_NOW}
       returning expire_at`,
      [pluginId, name, pluginId, name, token, ttlMs],
    );
    return rows.length === 0 ? null : Number(rows[0].expire_at);
  }

  /** Extends a lock `token` still holds; its new expiry, or null when it no longer holds it. */
  async refresh(pluginId: string, name: string, token: string, ttlMs: number): Promise<number | null> {
    const rows = await this.sql<{ expire_at: string }>(
      `update plugin_locks set expire_at = ${DB_NOW} + ? where plugin_id = ? and name = ? and token = ? and expire_at > ${DB_NOW} returning expire_at`,
      [ttlMs, pluginId, name, token],
    );
    return rows.length === 0 ? null : Number(rows[0].expire_at);
  }

  /** Gives a lock up; false when `token` did not hold it (any more). */
  async release(pluginId: string, name: string, token: string): Promise<boolean> {
    const rows = await this.sql(`delete from plugin_locks where plugin_id = ? and name = ? and token = ? returning 1 as done`, [pluginId, name, token]);
    return rows.length > 0;
  }
}
