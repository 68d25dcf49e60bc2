// The standalone media service (`scripts/parley media`, core/src/media/media-server-main.ts) as an
// admin runs it: a process of its own on loopback, with a keys file of the clients it takes.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const MAIN = path.resolve(import.meta.dirname, '../../core/src/media/media-server-main.ts');

export interface MediaServerProcess {
  /** Where it listens: `127.0.0.1:<port>`. */
  address: string;
  /** Its rtcd-style URL for a client: `http://<id>:<key>@127.0.0.1:<port>`. */
  url(clientId: string, key: string): string;
  /** Everything it wrote so far. */
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts it with these clients (id → key) and the first UDP port `udpPort`, on `listen` (a free
 * loopback port by default; an earlier run's address to start it again there); resolves once it listens.
 */
export async function startMediaServerProcess(clients: Record<string, string>, udpPort: number, listen = '127.0.0.1:0'): Promise<MediaServerProcess> {
  const dir = await mkdtemp(path.join(tmpdir(), 'parley-media-'));
  const keysFile = path.join(dir, 'keys');
  await writeFile(keysFile, Object.entries(clients).map(([id, key]) => `${id}:${key}\n`).join(''), { mode: 0o600 });
  const child = spawn(process.execPath, [MAIN, '--listen', listen, '--keys-file', keysFile, '--udp-address', '127.0.0.1', '--udp-port', String(udpPort)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const address = await new Promise<string>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const listening = /"msg":"media server listening".*?"address":"([^"]+)"/.exec(output);
      if (listening) resolve(listening[1]!);
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    void exited.then(() => reject(new Error(`the media server exited before listening:\n${output}`)));
  });
  return {
    address,
    url: (clientId, key) => `http://${clientId}:${key}@${address}`,
    output: () => output,
    async close() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}
