// A plugin's own connections to the database, as its own role (plugin-schema-admin.ts): the only
// way its SQL reaches PostgreSQL. What the role cannot do, PostgreSQL refuses; what a role may
// still do to a server — run for ever, answer with gigabytes, hold session state or advisory locks
// between calls, open many connections — is bounded here:
//   - every statement goes by the extended protocol: one statement per call, values bound apart;
//   - each call has a deadline; past it the statement is cancelled (a plugin can lower its
//     statement_timeout, not this);
//   - the bytes received for one call are counted on the socket, before any parsing, and past the
//     limit the connection is destroyed: a huge result never sits in the server's memory;
//   - a connection goes back to the pool only after DISCARD ALL (settings, temporary tables,
//     prepared statements, advisory locks, LISTEN: gone), and the pool holds a few at most.
import net from 'node:net';
import pg from 'pg';

export interface PluginDatabaseOptions {
  /** The server's database URL: host, port and database are reused, the user is the plugin's role. */
  url: string;
  role: string;
  password: string;
  maxConnections: number;
}

export interface StatementLimits {
  timeoutMs: number;
  maxRows: number;
  maxBytes: number;
}

export interface StatementResult {
  /** The command tag's verb: SELECT, INSERT, CREATE, ... */
  command: string;
  rowCount: number;
  rows: Array<Record<string, unknown>>;
  fields: string[];
}

/** Why a plugin's statement was stopped by the server (not by PostgreSQL). */
export class StatementBounded extends Error {
  readonly reason: 'timeout' | 'too_many_rows' | 'too_large';

  constructor(reason: 'timeout' | 'too_many_rows' | 'too_large', message: string) {
    super(message);
    this.reason = reason;
  }
}

/** A socket that counts what it receives, and cuts the connection past the budget of the current call. */
class MeteredSocket extends net.Socket {
  received = 0;
  budget = Infinity;
  cut = false;

  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'data' && !this.cut) {
      this.received += (args[0] as Buffer).length;
      if (this.received > this.budget) {
        this.cut = true;
        this.destroy();
        return false;
      }
    }
    return super.emit(event, ...args);
  }
}

/** How long past its time a statement may run before the server cancels it itself. */
const CANCEL_GRACE_MS = 500;

/** Values as PostgreSQL writes them, except those JSON carries as they are. */
const PARSED_TYPES = new Set([16, 21, 23, 26, 700, 701, 114, 3802]);
const textTypes = {
  getTypeParser: (oid: number, format?: string) => (PARSED_TYPES.has(oid) ? pg.types.getTypeParser(oid, format as 'text') : (value: string) => value),
};

interface Checkout {
  client: pg.PoolClient;
  socket: MeteredSocket;
}

export class PluginDatabase {
  #pool: pg.Pool;
  /** Where and as whom this plugin connects (the server's host, port and database; the plugin's role). */
  #login: pg.ClientConfig;
  #listened = new WeakSet<pg.PoolClient>();

  constructor(options: PluginDatabaseOptions) {
    const url = new URL(options.url);
    this.#login = {
      host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: Number(url.port || 5432),
      database: decodeURIComponent(url.pathname.slice(1)),
      user: options.role,
      password: options.password,
    };
    this.#pool = new pg.Pool({
      ...this.#login,
      max: options.maxConnections,
      idleTimeoutMillis: 30_000,
      allowExitOnIdle: true,
      types: textTypes,
      stream: () => new MeteredSocket(),
    });
    this.#pool.on('error', () => {});
  }

  /** A connection for one call or one transaction; give it back with release(). */
  async checkout(): Promise<Checkout> {
    const client = await this.#pool.connect();
    // A connection cut on purpose (too large an answer) reports the cut on the client: the query's own error says it.
    if (!this.#listened.has(client)) {
      this.#listened.add(client);
      client.on('error', () => {});
    }
    const socket = (client as unknown as { connection?: { stream?: unknown } }).connection?.stream;
    if (!(socket instanceof MeteredSocket)) {
      client.release(true);
      throw new Error('plugin database connection without a metered socket');
    }
    return { client, socket };
  }

  /** Runs one statement on `checkout` within `limits`. */
  run(checkout: Checkout, sql: string, params: unknown[], limits: StatementLimits): Promise<StatementResult> {
    return this.#bounded(checkout, { text: sql, values: params, queryMode: 'extended' } as pg.QueryConfig, limits);
  }

  /** Runs a script of several statements (a migration) on `checkout` within `limits`: the simple protocol, no values. */
  async script(checkout: Checkout, sql: string, limits: StatementLimits): Promise<void> {
    await this.#bounded(checkout, { text: sql } as pg.QueryConfig, limits);
  }

  async #bounded(checkout: Checkout, query: pg.QueryConfig, limits: StatementLimits): Promise<StatementResult> {
    const { client, socket } = checkout;
    socket.received = 0;
    socket.budget = limits.maxBytes;
    let timedOut = false;
    let cancelling: Promise<void> | undefined;
    const pid = (client as unknown as { processID?: number }).processID;
    // The role's statement_timeout normally ends an overdue statement; this backstop is for a
    // plugin that lowered or lifted it.
    const timer = setTimeout(() => {
      timedOut = true;
      cancelling = this.#cancel(pid);
    }, limits.timeoutMs + CANCEL_GRACE_MS);
    try {
      const answered: pg.QueryResult | pg.QueryResult[] = await client.query(query);
      // A script answers one result per statement: the last one is the script's.
      const result: pg.QueryResult | undefined = Array.isArray(answered) ? answered.at(-1) : answered;
      if (!result) return { command: '', rowCount: 0, rows: [], fields: [] };
      if (socket.cut) throw tooLarge(limits);
      if (result.rows.length > limits.maxRows) throw new StatementBounded('too_many_rows', `The statement returned more than ${limits.maxRows} rows; page through them (LIMIT/OFFSET or a cursor column).`);
      return { command: result.command ?? '', rowCount: result.rowCount ?? result.rows.length, rows: result.rows, fields: result.fields.map((f: pg.FieldDef) => f.name) };
    } catch (err) {
      if (socket.cut) throw tooLarge(limits);
      if (timedOut) throw new StatementBounded('timeout', `The statement ran longer than ${limits.timeoutMs} ms and was cancelled.`);
      throw err;
    } finally {
      clearTimeout(timer);
      socket.budget = Infinity;
      // A cancel still on its way must not land on the connection's next statement.
      await cancelling;
    }
  }

  /** Gives a connection back clean (DISCARD ALL), or closes it when it cannot be cleaned. */
  async release(checkout: Checkout): Promise<void> {
    const { client, socket } = checkout;
    if (socket.cut) {
      client.release(true);
      return;
    }
    try {
      await client.query('rollback');
      await client.query('discard all');
      client.release();
    } catch (err) {
      client.release(err instanceof Error ? err : true);
    }
  }

  close(): Promise<void> {
    return this.#pool.end();
  }

  /** Cancels the running statement of a backend, from a connection of the same role (the one who may). */
  async #cancel(pid: number | undefined): Promise<void> {
    if (pid === undefined) return;
    const canceller = new pg.Client(this.#login);
    canceller.on('error', () => {});
    try {
      await canceller.connect();
      await canceller.query('select pg_cancel_backend($1)', [pid]);
    } catch {
      // The statement may have ended meanwhile, or the role's connections are all taken: the
      // statement_timeout of the role still ends it.
    } finally {
      canceller.end().catch(() => {});
    }
  }
}

function tooLarge(limits: StatementLimits): StatementBounded {
  return new StatementBounded('too_large', `The statement's answer is larger than ${limits.maxBytes} bytes; select fewer rows or columns.`);
}
