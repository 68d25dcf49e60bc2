// The system under test of the capacity benchmark: a PostgreSQL cluster the benchmark starts itself
// and the server as its own process (`node --no-node-snapshot core/src/main.ts`) pointed at it, so
// the CPU of each can be read apart from the other's and from the load generator's; or several
// server processes in cluster mode, with a Redis, to see what a second process on the same machine buys.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { freeLoopbackPort, startEmbeddedDatabase } from '../../core/src/store/embedded-database.ts';
import { Store } from '../../core/src/store/store.ts';
import { startRedis, type TestRedis } from '../../test/helpers/redis.ts';

const MAIN = path.resolve(import.meta.dirname, '../../core/src/main.ts');
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 25_000;
/** Server output kept for the report when something goes wrong. */
const OUTPUT_LINES = 40;
/** Statement text kept per row of the report. */
const STATEMENT_CHARS = 160;

/** One normalised statement's share of PostgreSQL's work (pg_stat_statements). */
export interface StatementTotal {
  query: string;
  calls: number;
  totalMs: number;
}

export interface CapacityServer {
  /** The first node's address (the one the organisation is written through, and the site URL). */
  url: string;
  /** Every node's address, the first one first. */
  nodeUrls: string[];
  databaseUrl: string;
  /** The first node's pid. */
  serverPid: number;
  /** The pids of the server side apart from PostgreSQL: every node, and Redis when there are several. */
  serverPids: number[];
  /** The postmaster's pid now (it changes if PostgreSQL is restarted by its supervisor). */
  postgresPid(): number;
  /** Error lines the nodes have logged so far. */
  errorLines(): number;
  /** The last of them ('' when none). */
  lastError(): string;
  /** The last lines each node wrote. */
  recentOutput(): string;
  /** Forgets PostgreSQL's statement statistics, so that the next read covers one phase. */
  resetStatements(): Promise<void>;
  /** Execution time and count of all statements since the last reset, and the `count` that took most of the time. */
  topStatements(count: number): Promise<{ totalMs: number; calls: number; top: StatementTotal[] }>;
  close(): Promise<void>;
}

export interface CapacityServerOptions {
  /** Extra options for the server's Node.js (e.g. `--cpu-prof`, to profile it). */
  nodeOptions?: string[];
  /**
   * Server processes (1 unless given): more than one run in cluster mode on this machine, with a
   * Redis of their own (Debian's redis-server) and one files directory, as nodes behind a load balancer.
   */
  nodes?: number;
}

/** One server process and what it has written. */
interface ServerNode {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
  errors: number;
  lastError: string;
  output: string[];
}

export async function startCapacityServer(options: CapacityServerOptions = {}): Promise<CapacityServer> {
  const nodeCount = options.nodes ?? 1;
  if (!Number.isInteger(nodeCount) || nodeCount < 1) throw new Error(`a capacity server has at least one node (got ${nodeCount})`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-capacity-'));
  const clusterDir = path.join(dir, 'postgres');
  // pg_stat_statements says which statements PostgreSQL's CPU goes to, phase by phase.
  const db = await startEmbeddedDatabase(clusterDir, { settings: { shared_preload_libraries: 'pg_stat_statements' } });
  const nodes: ServerNode[] = [];
  let redis: TestRedis | undefined;
  const stopAll = async () => {
    await Promise.all(nodes.map((node) => stopProcess(node.child, node.exited)));
    await redis?.stop();
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    // Migrated here, before the server starts, so the bulk load can write while it boots.
    await (await Store.open({ url: db.url, maxConnections: 2 })).close();
    await withDatabase(db.url, (client) => client.query('create extension if not exists pg_stat_statements'));
    const ports = await Promise.all(Array.from({ length: nodeCount }, () => freeLoopbackPort()));
    const siteUrl = `http://127.0.0.1:${ports[0]}`;
    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('MM_') && value !== undefined) env[key] = value;
    Object.assign(env, { MM_SQLSETTINGS_DATASOURCE: db.url, MM_SERVICESETTINGS_SITEURL: siteUrl, MM_LOGSETTINGS_CONSOLELEVEL: 'WARN' });
    if (nodeCount > 1) {
      redis = await startRedis();
      Object.assign(env, {
        MM_CLUSTERSETTINGS_ENABLE: 'true',
        MM_CLUSTERSETTINGS_CLUSTERNAME: 'capacity',
        MM_CLUSTERSETTINGS_REDISURL: redis.url,
        MM_FILESETTINGS_DIRECTORY: path.join(dir, 'files'),
      });
    }
    // One after the other: the first runs the prepackaged plugins' migrations before the next starts.
    for (const [index, port] of ports.entries()) {
      const node = startNode(`http://127.0.0.1:${port}`, options.nodeOptions ?? [], {
        ...env,
        MM_DATA_DIR: path.join(dir, `data-${index}`),
        MM_SERVICESETTINGS_LISTENADDRESS: `127.0.0.1:${port}`,
      });
      nodes.push(node);
      await untilReady(node.url, node.exited, () => node.output.join('\n'));
    }
    const serverPids = [...nodes.map((node) => node.child.pid!), ...(redis?.pid ? [redis.pid] : [])];
    return {
      url: siteUrl,
      nodeUrls: nodes.map((node) => node.url),
      databaseUrl: db.url,
      serverPid: serverPids[0],
      serverPids,
      postgresPid: () => Number(readFileSync(path.join(clusterDir, 'cluster', 'postmaster.pid'), 'utf8').split('\n')[0]),
      errorLines: () => nodes.reduce((sum, node) => sum + node.errors, 0),
      lastError: () => nodes.map((node) => node.lastError).filter(Boolean).at(-1) ?? '',
      recentOutput: () => nodes.map((node, index) => `node ${index + 1}:\n${node.output.join('\n')}`).join('\n'),
      resetStatements: () => withDatabase(db.url, async (client) => void (await client.query('select pg_stat_statements_reset()'))),
      topStatements: (count) =>
        withDatabase(db.url, async (client) => {
          const { rows } = await client.query<{ query: string; calls: string; total_ms: number; all_ms: number; all_calls: string }>(
            `select query, calls, total_exec_time as total_ms, sum(total_exec_time) over () as all_ms, sum(calls) over () as all_calls from pg_stat_statements
              where dbid = (select oid from pg_database where datname = current_database()) order by total_exec_time desc`,
          );
          const top = rows.slice(0, count).map((r) => ({ query: r.query.replace(/\s+/g, ' ').slice(0, STATEMENT_CHARS), calls: Number(r.calls), totalMs: r.total_ms }));
          return { totalMs: rows[0]?.all_ms ?? 0, calls: Number(rows[0]?.all_calls ?? 0), top };
        }),
      close: stopAll,
    };
  } catch (err) {
    for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGKILL');
    await stopAll();
    throw err;
  }
}

/** Spawns one server process listening at `url`, keeping its last lines and counting the errors it logs. */
function startNode(url: string, nodeOptions: string[], env: Record<string, string>): ServerNode {
  const child = spawn(process.execPath, ['--no-node-snapshot', ...nodeOptions, MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const node: ServerNode = { url, child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))), errors: 0, lastError: '', output: [] };
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line === '') continue;
      if (line.includes('"level":"error"')) {
        node.errors++;
        node.lastError = line;
      }
      node.output.push(line);
    }
    node.output.splice(0, node.output.length - OUTPUT_LINES);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return node;
}

async function withDatabase<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Polls GET /system/ping until it answers 200 (at WARN the server does not log that it listens). */
async function untilReady(url: string, exited: Promise<number | null>, output: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`the server exited with ${exitCode} before it was ready:\n${output()}`);
    try {
      if ((await fetch(`${url}/api/v4/system/ping`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the server was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS)));
  if ((await Promise.race([exited, late])) === 'late') {
    child.kill('SIGKILL');
    await exited;
  }
  clearTimeout(timer);
}
