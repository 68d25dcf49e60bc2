// The server's side of plugin stores: for a plugin granted "store", a PostgreSQL schema and a login
// role that can reach nothing else. The role owns nothing outside its schema and belongs to no
// other role, so whatever SQL the plugin sends runs with no more than: its own schema, the catalog
// every PostgreSQL user can read, and the functions PUBLIC may call.
//
// Names and the password are made by the server (letters, digits and underscores only), never
// taken from a plugin: they are written into DDL, which cannot take parameters. The statements go
// through a small pool of their own, not the repositories' (whose statements are named, cached and
// traced by SqlSettings.Trace: no place for a password).
import pg from 'pg';

export interface PluginSchemaSettings {
  schema: string;
  role: string;
  password: string;
  /** Connections the role may hold at once, on all nodes together. */
  connectionLimit: number;
  /** The role's default statement_timeout (the server also cancels overdue statements itself). */
  statementTimeoutMs: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
const SECRET = /^[a-f0-9]{32,128}$/;

/** What the database user lacks for plugin stores, in a sentence an administrator can act on; '' when nothing. */
export interface StoreReadiness {
  missing: string;
}

export class PluginSchemaAdmin {
  #pool: pg.Pool;

  /** `url`: the server's own database URL. */
  constructor(url: string) {
    this.#pool = new pg.Pool({ connectionString: url, max: 2, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
    // A connection lost while idle fails the next query, not the process.
    this.#pool.on('error', () => {});
  }

  close(): Promise<void> {
    return this.#pool.end();
  }

  async #sql<T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
    return (await this.#pool.query(text, params)).rows as T[];
  }

  /** Whether the server's database user can make roles and schemas (CREATEROLE and CREATE on the database, or superuser). */
  async readiness(): Promise<StoreReadiness> {
    const rows = await this.#sql<{ superuser: boolean; createrole: boolean; create_schema: boolean }>(
      `select r.rolsuper as superuser, r.rolcreaterole as createrole, has_database_privilege(current_user, current_database(), 'CREATE') as create_schema
       from pg_roles r where r.rolname = current_user`,
    );
    const me = rows[0];
    if (!me || me.superuser) return { missing: '' };
    const missing = [!me.createrole ? 'CREATEROLE' : '', !me.create_schema ? 'CREATE on the database' : ''].filter(Boolean);
    return { missing: missing.length === 0 ? '' : `the database user lacks ${missing.join(' and ')}` };
  }

  /** Creates (or brings up to date) the plugin's role and schema. */
  async provision(settings: PluginSchemaSettings): Promise<void> {
    const { schema, role, password } = settings;
    if (!IDENTIFIER.test(schema) || !IDENTIFIER.test(role) || !SECRET.test(password)) throw new Error('invalid plugin store names');
    const limit = Math.max(1, Math.floor(settings.connectionLimit));
    const timeout = Math.max(1, Math.floor(settings.statementTimeoutMs));
    const client = await this.#pool.connect();
    try {
      // Nodes of a cluster starting the plugin at once would race to create the role and schema
      // (the "if not exists" checks do not hold off each other): one node provisions at a time.
      await client.query(`select pg_advisory_lock(hashtext('parley.plugin_store'), hashtext($1))`, [role]);
      await client.query(`do $$ begin
        if not exists (select 1 from pg_roles where rolname = '${role}') then
          create role "${role}" login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls;
        end if;
      end $$`);
      await client.query(`alter role "${role}" with login nosuperuser nocreatedb nocreaterole noinherit noreplication nobypassrls connection limit ${limit} password '${password}'`);
      await client.query(`alter role "${role}" set search_path = "${schema}"`);
      await client.query(`alter role "${role}" set statement_timeout = ${timeout}`);
      await client.query(`alter role "${role}" set idle_in_transaction_session_timeout = ${Math.max(timeout, 60_000)}`);
      await client.query(`create schema if not exists "${schema}"`);
      await client.query(`revoke all on schema "${schema}" from public`);
      await client.query(`grant usage, create on schema "${schema}" to "${role}"`);
    } finally {
      // Closing the connection would free the lock too; a pooled one is given back unlocked.
      await client.query(`select pg_advisory_unlock_all()`).catch(() => {});
      client.release();
    }
  }

  /**
   * Takes away what PostgreSQL before 15 gave every role: creating objects in the `public` schema,
   * where the server's tables are (a plugin could otherwise squat a name a future migration needs).
   * False when the server's user may not (it does not own the schema): then the administrator should.
   */
  async closePublicSchema(): Promise<boolean> {
    try {
      await this.#sql(`revoke create on schema public from public`);
      return true;
    } catch {
      return false;
    }
  }

  /** Bytes and relations (tables, indexes, views, sequences) in the schema. */
  async usage(schema: string): Promise<{ bytes: number; relations: number }> {
    const rows = await this.#sql<{ bytes: string; relations: string }>(
      `select coalesce(sum(case when c.relkind in ('r', 'm') then pg_total_relation_size(c.oid) else 0 end), 0)::bigint as bytes, count(*) as relations
       from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1`,
      [schema],
    );
    return { bytes: Number(rows[0]?.bytes ?? 0), relations: Number(rows[0]?.relations ?? 0) };
  }

  /** Drops the schema with everything in it, and the role. */
  async drop(schema: string, role: string): Promise<void> {
    if (!IDENTIFIER.test(schema) || !IDENTIFIER.test(role)) throw new Error('invalid plugin store names');
    await this.#sql(`drop schema if exists "${schema}" cascade`);
    await this.#sql(`do $$ begin
      if exists (select 1 from pg_roles where rolname = '${role}') then
        execute 'drop owned by "${role}"';
        execute 'drop role "${role}"';
      end if;
    end $$`);
  }
}
