// The pg client class the pool makes its connections with. Connection-level failures go to the
// DatabaseMonitor, which turns them into DatabaseUnavailable, and values the database refuses for
// what they hold become UnstorableInput; while the database is known to be down,
// a new connection fails at once instead of every request waiting for its own refusal or timeout.
import pg from 'pg';
import type { DatabaseMonitor } from './database-monitor.ts';
import { statementName } from './prepared-statements.ts';
import { asUnstorableInput } from './store-errors.ts';

/** Longest a new connection may take to be established: a host that drops packets fails within it. */
const CONNECT_TIMEOUT_MS = 10_000;

type ConnectCallback = (err: Error | null) => void;

export function monitoredClient(monitor: DatabaseMonitor): typeof pg.Client {
  return class MonitoredClient extends pg.Client {
    constructor(config?: pg.ClientConfig) {
      // pg-pool hides the password from enumeration (so from the spread): it is passed on by name.
      super({ ...config, password: config?.password, connectionTimeoutMillis: config?.connectionTimeoutMillis || CONNECT_TIMEOUT_MS });
      // pg emits the loss of an open connection (idle or busy) here; without a listener it would be fatal.
      this.on('error', (err) => monitor.observe(err));
    }

    override connect(): Promise<pg.Client>;
    override connect(callback: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): void;
    override connect(callback?: ((err: Error) => void) | ((err: null, c: pg.Client) => void)): Promise<pg.Client> | void {
      const refusal = monitor.refusal();
      if (callback) {
        const done = callback as ConnectCallback;
        if (refusal) return void process.nextTick(() => done(refusal));
        return super.connect((err: Error) => done(err ? (monitor.observe(err) as Error) : err));
      }
      if (refusal) return Promise.reject(refusal);
      return super.connect().catch((err: unknown) => {
        throw monitor.observe(err);
      });
    }

    // pg's query() has a dozen overloads (hence `any`: each keeps its own return type); every call
    // passes through, and a promise that rejects for a connection-level reason rejects with
    // DatabaseUnavailable instead. A text with parameters (the repositories' statements; the ORM
    // sends its values inlined, with none) runs as a named prepared statement.
    override query(...args: unknown[]): any {
      const [text, values] = args;
      if (args.length === 2 && typeof text === 'string' && Array.isArray(values) && values.length > 0) {
        const name = statementName(text);
        if (name) args = [{ name, text, values }];
      }
      const result: unknown = Reflect.apply(super.query, this, args);
      if (!(result instanceof Promise)) return result;
      return result.catch((err: unknown) => {
        throw asUnstorableInput(monitor.observe(err));
      });
    }
  };
}
