// Per-plugin SQL (permission "store"): each plugin granted it gets a PostgreSQL schema and a role that
// reaches nothing else (plugin-schema-admin.ts), its own few connections (plugin-database.ts), and the
// SQL migrations its bundle ships in `store/migrations/*.sql`, applied in name order at activation,
// each in one transaction as the plugin's role, recorded with a checksum in the schema's
// `parley_migrations` table. A migration that fails, or one already applied that changed, stops the
// activation with that reason: never a half-working plugin.
//
// Quotas: a statement's time, rows and bytes (plugin-database.ts); the schema's size and number of
// relations, measured at most every usageCheckMs — while over, the plugin's statements run in
// read-only transactions, except DELETE, TRUNCATE and DROP, which free room. Transactions spanning
// API calls hold one connection and end by themselves after MAX_TRANSACTION_MS.
import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest } from '@parley/plugin-api';
import { AppError } from '../../errors/app-error.ts';
import { newId } from '../../app/ids.ts';
import type { Logger } from '../../logger.ts';
import type { SecretStore } from '../../app/server-secret.ts';
import { PluginSchemaAdmin } from '../../store/plugin-schema-admin.ts';
import { PluginDatabase, StatementBounded, type StatementLimits, type StatementResult } from '../../store/plugin-database.ts';

export interface StoreQuotas extends StatementLimits {
  maxSchemaBytes: number;
  maxRelations: number;
  connectionsPerNode: number;
  transactionMs: number;
  /** How often the schema's size is measured (at most). */
  usageCheckMs: number;
}

export const DEFAULT_STORE_QUOTAS: StoreQuotas = {
  timeoutMs: 10_000,
  maxRows: 10_000,
  maxBytes: 8 * 1024 * 1024,
  maxSchemaBytes: 512 * 1024 * 1024,
  maxRelations: 1000,
  connectionsPerNode: 4,
  transactionMs: 30_000,
  usageCheckMs: 2000,
};

const MIGRATIONS_FOLDER = path.join('store', 'migrations');
/** Connections one role may hold on every node together: a cluster of a few nodes. */
const ROLE_CONNECTION_LIMIT = 32;
const FREES_ROOM = /^\s*(delete|truncate|drop)\b/i;

export interface PluginStoresDeps {
  /** The server's database URL. */
  url: string;
  secrets: SecretStore;
  logger: Logger;
  quotas?: Partial<StoreQuotas>;
}

interface OpenStore {
  schema: string;
  database: PluginDatabase;
  usage: { checkedAt: number; over: string };
}

interface OpenTransaction {
  pluginId: string;
  checkout: Awaited<ReturnType<PluginDatabase['checkout']>>;
  readOnly: boolean;
  timer: NodeJS.Timeout;
}

/** What a query answers the plugin. */
export interface StoreAnswer {
  command: string;
  row_count: number;
  rows: Array<Record<string, unknown>>;
  fields: string[];
}

export class PluginStores {
  #deps: PluginStoresDeps;
  #quotas: StoreQuotas;
  #admin: PluginSchemaAdmin;
  #open = new Map<string, OpenStore>();
  #transactions = new Map<string, OpenTransaction>();
  #publicClosed = false;

  constructor(deps: PluginStoresDeps) {
    this.#deps = deps;
    this.#quotas = { ...DEFAULT_STORE_QUOTAS, ...deps.quotas };
    this.#admin = new PluginSchemaAdmin(deps.url);
  }

  /** The schema and role of a plugin in this database (roles are shared by every database of a PostgreSQL server). */
  names(pluginId: string): { schema: string; role: string } {
    const database = new URL(this.#deps.url).pathname.slice(1);
    const hash = (text: string) => createHash('sha256').update(text).digest('hex');
    const readable = pluginId.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 40);
    return { schema: `plugin_${readable}_${hash(pluginId).slice(0, 8)}`, role: `parley_plugin_${hash(`${database}/${pluginId}`).slice(0, 24)}` };
  }

  /**
   * Makes the plugin's schema and role ready and applies its migrations, before the plugin starts.
   * Throws a reason the console shows when the database user lacks the rights or a migration fails.
   */
  async prepare(manifest: Manifest, folder: string | undefined): Promise<void> {
    if (!manifest.permissions.api.includes('store')) return;
    const pluginId = manifest.id;
    const { missing } = await this.#admin.readiness();
    if (missing) {
      throw new Error(`the plugin needs its own database schema (permission "store"), but ${missing}: grant the server's database user CREATEROLE and CREATE on the database, or remove the plugin`);
    }
    await this.stopped(pluginId);
    const { schema, role } = this.names(pluginId);
    const password = await this.#deps.secrets.getOrCreate(`plugin_store:${role}`, randomBytes(24).toString('hex'));
    await this.#admin.provision({ schema, role, password, connectionLimit: ROLE_CONNECTION_LIMIT, statementTimeoutMs: this.#quotas.timeoutMs });
    if (!this.#publicClosed) {
      this.#publicClosed = true;
      if (!(await this.#admin.closePublicSchema())) {
        this.#deps.logger.warn('plugin roles may create objects in the public schema: revoke CREATE on schema public from PUBLIC', { plugin_id: pluginId });
      }
    }
    const database = new PluginDatabase({ url: this.#deps.url, role, password, maxConnections: this.#quotas.connectionsPerNode });
    try {
      await this.#migrate(pluginId, database, folder);
    } catch (err) {
      await database.close().catch(() => {});
      throw err;
    }
    this.#open.set(pluginId, { schema, database, usage: { checkedAt: 0, over: '' } });
  }

  /** One statement, alone or in the transaction `txId`. */
  async query(pluginId: string, sql: string, params: unknown[], txId: string): Promise<StoreAnswer> {
    const store = this.#store(pluginId);
    if (txId !== '') {
      const tx = this.#transaction(pluginId, txId);
      return answer(await this.#run(store, tx.checkout, sql, params));
    }
    const over = await this.#overQuota(store);
    const checkout = await store.database.checkout();
    try {
      if (over && !FREES_ROOM.test(sql)) {
        // A read-only transaction, with a statement first so the plugin's cannot make it read-write.
        await store.database.run(checkout, 'begin transaction read only', [], this.#quotas);
        await store.database.run(checkout, 'select 1', [], this.#quotas);
      }
      return answer(await this.#run(store, checkout, sql, params));
    } finally {
      await store.database.release(checkout);
    }
  }

  /** Starts a transaction on a connection of its own; its id is what the plugin's next calls name. */
  async begin(pluginId: string): Promise<string> {
    const store = this.#store(pluginId);
    const readOnly = (await this.#overQuota(store)) !== '';
    const checkout = await store.database.checkout();
    try {
      await store.database.run(checkout, readOnly ? 'begin transaction read only' : 'begin', [], this.#quotas);
      await store.database.run(checkout, 'select 1', [], this.#quotas);
    } catch (err) {
      await store.database.release(checkout);
      throw err;
    }
    const txId = newId();
    const timer = setTimeout(() => void this.#end(txId, 'rollback'), this.#quotas.transactionMs);
    this.#transactions.set(txId, { pluginId, checkout, readOnly, timer });
    return txId;
  }

  async commit(pluginId: string, txId: string): Promise<void> {
    this.#transaction(pluginId, txId);
    await this.#end(txId, 'commit');
  }

  async rollback(pluginId: string, txId: string): Promise<void> {
    this.#transaction(pluginId, txId);
    await this.#end(txId, 'rollback');
  }

  /** The plugin stopped: its transactions roll back, its connections close. */
  async stopped(pluginId: string): Promise<void> {
    for (const [txId, tx] of this.#transactions) if (tx.pluginId === pluginId) await this.#end(txId, 'rollback');
    const store = this.#open.get(pluginId);
    this.#open.delete(pluginId);
    await store?.database.close().catch(() => {});
  }

  /** Removes the plugin's schema, with all its data, and its role (only when an administrator asks). */
  async drop(pluginId: string): Promise<void> {
    await this.stopped(pluginId);
    const { schema, role } = this.names(pluginId);
    await this.#admin.drop(schema, role);
  }

  async close(): Promise<void> {
    for (const pluginId of [...this.#open.keys()]) await this.stopped(pluginId);
    await this.#admin.close();
  }

  #store(pluginId: string): OpenStore {
    const store = this.#open.get(pluginId);
    if (!store) throw new AppError('plugin.store.not_ready', 503, `The database store of plugin ${pluginId} is not open: the plugin is not running.`);
    return store;
  }

  #transaction(pluginId: string, txId: string): OpenTransaction {
    const tx = this.#transactions.get(txId);
    if (!tx || tx.pluginId !== pluginId) {
      throw new AppError('plugin.store.no_transaction', 400, `There is no open transaction ${txId.slice(0, 40)}: it was committed, rolled back, or ended after ${this.#quotas.transactionMs} ms.`);
    }
    return tx;
  }

  async #end(txId: string, how: 'commit' | 'rollback'): Promise<void> {
    const tx = this.#transactions.get(txId);
    if (!tx) return;
    this.#transactions.delete(txId);
    clearTimeout(tx.timer);
    const store = this.#open.get(tx.pluginId);
    try {
      if (store) await this.#run(store, tx.checkout, how, []);
    } finally {
      if (store) await store.database.release(tx.checkout);
      else tx.checkout.client.release(true);
    }
  }

  async #run(store: OpenStore, checkout: OpenTransaction['checkout'], sql: string, params: unknown[]): Promise<StatementResult> {
    try {
      return await store.database.run(checkout, sql, params, this.#quotas);
    } catch (err) {
      throw storeError(err);
    }
  }

  /** The reason the schema is over its quota ('' when it is not), measured at most every usageCheckMs. */
  async #overQuota(store: OpenStore): Promise<string> {
    const now = Date.now();
    if (now - store.usage.checkedAt < this.#quotas.usageCheckMs) return store.usage.over;
    const { bytes, relations } = await this.#admin.usage(store.schema);
    store.usage = {
      checkedAt: now,
      over:
        bytes > this.#quotas.maxSchemaBytes
          ? `its tables hold ${bytes} bytes, more than the ${this.#quotas.maxSchemaBytes} allowed`
          : relations > this.#quotas.maxRelations
            ? `its schema holds ${relations} tables, indexes and other relations, more than the ${this.#quotas.maxRelations} allowed`
            : '',
    };
    return store.usage.over;
  }

  async #migrate(pluginId: string, database: PluginDatabase, folder: string | undefined): Promise<void> {
    const files = folder ? await readdir(path.join(folder, MIGRATIONS_FOLDER)).catch(() => [] as string[]) : [];
    const migrations = files.filter((f) => f.endsWith('.sql')).sort();
    const limits = { ...this.#quotas, timeoutMs: Math.max(this.#quotas.timeoutMs, 60_000) };
    const checkout = await database.checkout();
    try {
      await database.run(checkout, 'create table if not exists parley_migrations (name text primary key, checksum text not null, applied_at bigint not null)', [], limits).catch(async (err: unknown) => {
        // Two nodes starting the plugin at once may race to create it: then it exists.
        if ((err as { code?: string }).code !== '23505') throw err;
      });
      for (const name of migrations) {
        const text = await readFile(path.join(folder!, MIGRATIONS_FOLDER, name), 'utf8');
        const checksum = createHash('sha256').update(text).digest('hex');
        try {
          await database.run(checkout, 'begin', [], limits);
          // Another node applying the same migrations waits here, then finds them applied.
          await database.run(checkout, 'lock table parley_migrations in share row exclusive mode', [], limits);
          const before = (await database.run(checkout, 'select checksum from parley_migrations where name = $1', [name], limits)).rows[0]?.checksum;
          if (before !== undefined && before !== checksum) throw new MigrationRefused(`migration ${name} changed after it was applied; ship changes as a new migration`);
          if (before === undefined) {
            // A file may hold several statements: one script, in the transaction of its record.
            await database.script(checkout, text, limits);
            await database.run(checkout, 'insert into parley_migrations (name, checksum, applied_at) values ($1, $2, $3)', [name, checksum, Date.now()], limits);
            this.#deps.logger.info('plugin store migration applied', { plugin_id: pluginId, migration: name });
          }
          await database.run(checkout, 'commit', [], limits);
        } catch (err) {
          await database.run(checkout, 'rollback', [], limits).catch(() => {});
          throw err instanceof MigrationRefused ? err : new Error(`migration ${name} failed: ${(err as Error).message}`);
        }
      }
    } finally {
      await database.release(checkout);
    }
  }
}

/** A migration the server will not run. */
class MigrationRefused extends Error {}

function answer(result: StatementResult): StoreAnswer {
  return { command: result.command, row_count: result.rowCount, rows: result.rows, fields: result.fields };
}

/** PostgreSQL's refusal (permission denied, syntax error, ...) or the server's bound, as an AppError the plugin can read. */
function storeError(err: unknown): AppError {
  if (err instanceof StatementBounded) return new AppError(`plugin.store.${err.reason}`, err.reason === 'timeout' ? 408 : 413, err.message);
  const pgError = err as { code?: string; message?: string };
  if (typeof pgError.code === 'string') {
    // 57014: cancelled, by the role's statement_timeout or by the server's backstop.
    if (pgError.code === '57014') return new AppError('plugin.store.timeout', 408, 'The statement ran longer than the store allows and was cancelled.');
    // 25006: a write in the read-only transaction of a store over its quota.
    if (pgError.code === '25006') return new AppError('plugin.store.over_quota', 507, 'The plugin\'s store is over its quota: only DELETE, TRUNCATE and DROP run until it is below.');
    const id = pgError.code === '42501' ? 'plugin.store.permission_denied' : 'plugin.store.sql_error';
    return new AppError(id, 400, `PostgreSQL refused the statement: ${pgError.message ?? 'unknown error'} (SQLSTATE ${pgError.code}).`);
  }
  return new AppError('plugin.store.failed', 500, 'The statement failed.', { cause: err });
}
