// `node core/src/main.ts` as an admin runs it: a real server process, its log, and its exit.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The server's entry point. */
export const MAIN = path.resolve(import.meta.dirname, '../../core/src/main.ts');

export interface ServerProcess {
  child: ChildProcess;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** Its JSON log lines so far, parsed (lines that are not JSON are left out). */
  logLines(): Array<Record<string, unknown>>;
  /** Resolves with its exit code once it exited (at once when it already has). */
  exited: Promise<number | null>;
}

/** Spawns the server with `env` added to this process's environment; resolves once it listens. */
export function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [MAIN], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const running: ServerProcess = {
    child,
    output: () => output,
    logLines: () => output.split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    }),
    exited,
  };
  return new Promise((resolve, reject) => {
    const onData = () => {
      if (output.includes('"msg":"Parley is listening"')) {
        child.stdout!.off('data', onData);
        resolve(running);
      }
    };
    child.stdout!.on('data', onData);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${output}`)));
  });
}

/** Resolves once the server has written a log line with this `msg` (or rejects when it exits first). */
export async function logged(server: ServerProcess, msg: string): Promise<Record<string, unknown>> {
  for (;;) {
    const line = server.logLines().find((entry) => entry.msg === msg);
    if (line) return line;
    const exitedFirst = await Promise.race([server.exited.then(() => true), new Promise<false>((resolve) => setTimeout(() => resolve(false), 50))]);
    if (exitedFirst && !server.logLines().some((entry) => entry.msg === msg)) throw new Error(`the server exited without logging "${msg}":\n${server.output()}`);
  }
}
