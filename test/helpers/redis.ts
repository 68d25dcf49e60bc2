// A real Redis for cluster suites: Debian's redis-server on a free loopback port, persisting
// nothing, in its own temporary directory; stopped (and restarted on the same port) at will.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const READY_LINE = 'Ready to accept connections';
const START_TIMEOUT_MS = 10_000;

export class TestRedis {
  readonly port: number;
  #dir: string;
  #process: ChildProcess | undefined;

  constructor(port: number, dir: string) {
    this.port = port;
    this.#dir = dir;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}/0`;
  }

  /** The server's process id while it runs (a benchmark reads its CPU). */
  get pid(): number | undefined {
    return this.#process?.pid;
  }

  /** Starts the server again on the same port (after `pause`), as a Redis coming back from an outage. */
  async resume(): Promise<void> {
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.#dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#process = child;
    await new Promise<void>((resolve, reject) => {
      let output = '';
      const timer = setTimeout(() => fail(new Error(`redis-server did not start within ${START_TIMEOUT_MS} ms:\n${output}`)), START_TIMEOUT_MS);
      const fail = (err: Error) => {
        clearTimeout(timer);
        child.kill('SIGKILL');
        reject(err);
      };
      child.once('error', (err: NodeJS.ErrnoException) =>
        fail(err.code === 'ENOENT' ? new Error('redis-server is not installed: run `apt-get install redis-server` (scripts/parley test does it as root)') : err),
      );
      child.once('exit', (code) => fail(new Error(`redis-server exited with code ${code}:\n${output}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(READY_LINE)) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          child.stdout.removeAllListeners('data').resume();
          child.stderr.removeAllListeners('data').resume();
          resolve();
        }
      });
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    });
  }

  /** Kills the server; clients see their connection drop. */
  async pause(): Promise<void> {
    const child = this.#process;
    this.#process = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.pause();
    await rm(this.#dir, { recursive: true, force: true });
  }
}

/** A redis-server on a free loopback port. */
export async function startRedis(): Promise<TestRedis> {
  const redis = new TestRedis(await freePort(), await mkdtemp(path.join(tmpdir(), 'parley-test-redis-')));
  await redis.resume();
  return redis;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
