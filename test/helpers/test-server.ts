// A real Parley server for a suite: its own database, listening on a free loopback port, driven
// through Mattermost's own client.
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client4 } from '@mattermost/client';
import { ConfigService, createServer, loadConfig, Logger, silentLogger, Store, type HubTimings, type ParleyServer, type PluginHooks, type SupervisorTimings } from '@parley/core';
import { dropDatabase, freshDatabase } from './database.ts';
import type { StoreQuotas } from '../../core/src/plugins/runtime/plugin-stores.ts';

export interface TestServer {
  url: string;
  /** The database this server uses (pass it as `databaseUrl` to start another node on it). */
  databaseUrl: string;
  server: ParleyServer;
  store: Store;
  config: ConfigService;
  /** This server's own data directory (plugins, file store), removed by close(). */
  dataDir: string;
  /** Settles when the server's plugin start-up (enabled and prepackaged plugins) is over. */
  pluginsStarted: Promise<void>;
  /** A Client4 pointed at this server, not logged in. */
  client(): Client4;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** MM_* environment overrides (they lock the settings, as in production). */
  env?: Record<string, string>;
  /** Settings patched in after start, as an admin would through the API. */
  config?: Record<string, Record<string, unknown>>;
  /** Log lines go here instead of being dropped (tests that assert on logs). */
  logSink?: { write(line: string): void };
  /** Receives every SQL statement the server's store sends (SqlSettings.Trace). */
  sqlTrace?: (message: string) => void;
  /** The plugin seam, for suites that stand in for a plugin runtime. */
  hooks?: PluginHooks;
  /** Shorter WebSocket ping/auth/session-check timings, for suites that wait on them. */
  websocket?: Partial<HubTimings>;
  /** Shorter plugin restart backoff, for suites that crash plugins. */
  pluginTimings?: Partial<SupervisorTimings>;
  /** Plugin store quotas (tests make them small). */
  storeQuotas?: Partial<StoreQuotas>;
  /** Use this (another test server's) database instead of a fresh one, as a second cluster node does; it is not dropped on close. */
  databaseUrl?: string;
  /**
   * Install and enable the plugins shipped with the server: true for the real ones (dist/prepackaged,
   * built by npm run build:plugins), or a folder of bundles.
   */
  prepackaged?: boolean | string;
  /** Start on this data directory (another server's, as after a restart); it is kept on close. */
  dataDir?: string;
  /** Listen before the plugins have started, as main.ts does; `pluginsStarted` settles when they have. */
  listenFirst?: boolean;
}

export const PREPACKAGED_DIR = path.resolve(import.meta.dirname, '../../dist/prepackaged');

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dbUrl = options.databaseUrl ?? (await freshDatabase());
  const dataDir = options.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'parley-test-')));
  const loaded = loadConfig({ MM_DATA_DIR: dataDir, ...options.env });
  const config = new ConfigService(loaded, { persist: false });
  if (options.config) config.patch(options.config);
  const logger = options.logSink ? new Logger({ sink: options.logSink, level: 'debug' }) : silentLogger();
  const store = await Store.open({ url: dbUrl, maxConnections: 5, trace: options.sqlTrace });
  const server = createServer({ config, logger, store, dataDir, hooks: options.hooks, websocket: options.websocket, pluginTimings: options.pluginTimings, storeQuotas: options.storeQuotas, prepackagedDir: options.prepackaged === true ? PREPACKAGED_DIR : options.prepackaged || undefined });
  await server.cluster.ready();
  let pluginsStarted: Promise<void>;
  if (options.listenFirst) {
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    pluginsStarted = server.plugins.start();
  } else {
    pluginsStarted = server.plugins.start();
    await pluginsStarted;
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  }
  const { port } = server.http.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pluginsStarted,
    databaseUrl: dbUrl,
    server,
    store,
    config,
    dataDir,
    client() {
      const client = new Client4();
      client.setUrl(url);
      client.setIncludeCookies(false);
      return client;
    },
    async close() {
      await pluginsStarted.catch(() => {});
      await server.close();
      await store.close();
      if (!options.databaseUrl) await dropDatabase(dbUrl);
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
