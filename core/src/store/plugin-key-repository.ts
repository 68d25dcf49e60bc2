// The keys the server keeps for plugins (api.crypto). The sealed material is read only by `sealed`,
// for the one key an operation uses: listings never select it.
import { Repository } from './repository.ts';

/** A key as listed: what a plugin may see of it. */
export interface PluginKeyEntry {
  name: string;
  type: string;
  publicKey: string | null;
  createAt: number;
}

/** A key with its sealed secret. */
export interface SealedPluginKey extends PluginKeyEntry {
  material: Buffer;
}

interface RawEntry {
  name: string;
  type: string;
  public_key: string | null;
  create_at: string;
}

const ENTRY_COLUMNS = 'name, type, public_key, create_at';

export class PluginKeyRepository extends Repository {
  /**
   * Serialises the plugin's key changes until the current transaction ends, so that a count followed
   * by an insert is exact however many calls of the plugin (on however many nodes) run at once.
   */
  async lockPlugin(pluginId: string): Promise<void> {
    await this.sql(`select pg_advisory_xact_lock(hashtext('parley.plugin_keys'), hashtext(?))`, [pluginId]);
  }

  async sealed(pluginId: string, name: string): Promise<SealedPluginKey | null> {
    const rows = await this.sql<RawEntry & { material: Buffer }>(`select ${ENTRY_COLUMNS}, material from plugin_keys where plugin_id = ? and name = ?`, [pluginId, name]);
    return rows.length === 0 ? null : { ...toEntry(rows[0]), material: rows[0].material };
  }

  async entry(pluginId: string, name: string): Promise<PluginKeyEntry | null> {
    const rows = await this.sql<RawEntry>(`select ${ENTRY_COLUMNS} from plugin_keys where plugin_id = ? and name = ?`, [pluginId, name]);
    return rows.length === 0 ? null : toEntry(rows[0]);
  }

  /** The plugin's keys in name order. */
  async list(pluginId: string): Promise<PluginKeyEntry[]> {
    const rows = await this.sql<RawEntry>(`select ${ENTRY_COLUMNS} from plugin_keys where plugin_id = ? order by name`, [pluginId]);
    return rows.map(toEntry);
  }

  async count(pluginId: string): Promise<number> {
    const rows = await this.sql<{ n: number }>(`select count(*)::int as n from plugin_keys where plugin_id = ?`, [pluginId]);
    return rows[0].n;
  }

  /** Inserts the key, or replaces the one of the same name. */
  async put(pluginId: string, key: SealedPluginKey): Promise<void> {
    await this.sql(
      `insert into plugin_keys (plugin_id, name, type, material, public_key, create_at) values (?, ?, ?, ?, ?, ?)
       on conflict (plugin_id, name) do update set type = excluded.type, material = excluded.material, public_key = excluded.public_key, create_at = excluded.create_at`,
      [pluginId, key.name, key.type, key.material, key.publicKey, key.createAt],
    );
  }

  /** True when the key existed. */
  async delete(pluginId: string, name: string): Promise<boolean> {
    return (await this.sql(`delete from plugin_keys where plugin_id = ? and name = ? returning 1 as done`, [pluginId, name])).length > 0;
  }

  async deleteAll(pluginId: string): Promise<void> {
    await this.sql(`delete from plugin_keys where plugin_id = ?`, [pluginId]);
  }
}

function toEntry(row: RawEntry): PluginKeyEntry {
  return { name: row.name, type: row.type, publicKey: row.public_key, createAt: Number(row.create_at) };
}
