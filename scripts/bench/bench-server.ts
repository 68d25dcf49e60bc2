// A whole Parley server for benchmarks: its own embedded PostgreSQL in a temp folder, listening on
// loopback, with a logged-in system admin.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import { startEmbeddedDatabase } from '../../core/src/store/embedded-database.ts';
import { Store } from '../../core/src/store/store.ts';
import { loadConfig } from '../../core/src/config/load-config.ts';
import { ConfigService } from '../../core/src/config/config-service.ts';
import { silentLogger } from '../../core/src/logger.ts';
import { createServer } from '../../core/src/server.ts';

export const BENCH_PASSWORD = 'bench-password-1';

export interface BenchServer {
  url: string;
  /** postgres:// URL of the server's database, for baselines on the same cluster. */
  databaseUrl: string;
  admin: Client4;
  close(): Promise<void>;
}

/** The plugins shipped with the server, built by `npm run build:plugins`. */
const PREPACKAGED_DIR = path.resolve(import.meta.dirname, '../../dist/prepackaged');

/**
 * `env` holds MM_* settings for this server (e.g. MM_PLUGINSETTINGS_ENABLEUPLOADS); `prepackaged`
 * installs and starts the shipped plugins (webhooks, slash commands) as a production start does.
 */
export async function startBenchServer(env: Record<string, string> = {}, options: { prepackaged?: boolean } = {}): Promise<BenchServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-'));
  const db = await startEmbeddedDatabase(path.join(dir, 'postgres'));
  const store = await Store.open({ url: db.url, maxConnections: 20 });
  const config = new ConfigService(loadConfig({ MM_DATA_DIR: dir, ...env }), { persist: false });
  const server = createServer({ config, logger: silentLogger(), store, dataDir: dir, prepackagedDir: options.prepackaged ? PREPACKAGED_DIR : undefined });
  if (options.prepackaged) await server.plugins.start();
  await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
  const admin = new Client4();
  admin.setUrl(url);
  await admin.createUser({ username: 'benchadmin', email: 'benchadmin@example.com', password: BENCH_PASSWORD } as UserProfile, '', '');
  await admin.login('benchadmin', BENCH_PASSWORD);
  return {
    url,
    databaseUrl: db.url,
    admin,
    async close() {
      await server.close();
      await store.close();
      await db.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
