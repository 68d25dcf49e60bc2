// `scripts/parley media`'s options: what it refuses to start with, and why it says so.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const MAIN = path.resolve(import.meta.dirname, '../../core/src/media/media-server-main.ts');

describe('the standalone media service command (scripts/parley media)', () => {
  let dir: string;

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'parley-media-options-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function refusal(keys: string | null, ...args: string[]): Promise<string> {
    const options = [...args];
    if (keys !== null) {
      const file = path.join(dir, `keys-${Math.random().toString(36).slice(2)}`);
      await writeFile(file, keys);
      options.push('--keys-file', file);
    }
    const run = spawnSync(process.execPath, [MAIN, ...options], { encoding: 'utf8', timeout: 30_000 });
    expect(run.status, run.stderr).to.equal(64);
    return run.stderr.split('\n')[0]!;
  }

  it('refuses to start without a keys file, or with one that names no client', async () => {
    expect(await refusal(null)).to.equal('--keys-file is required: the service takes no client without a key');
    expect(await refusal('# nobody\n\n')).to.equal('the keys file names no client: nobody could connect');
    expect(await refusal(null, '--keys-file', path.join(dir, 'missing'))).to.match(/^the keys file cannot be read: ENOENT/);
  });

  it('refuses short keys and client ids that are not ids, naming the line', async () => {
    expect(await refusal('good-client:0123456789abcdef\nweak:short\n')).to.equal('keys file line 2: the key of weak must be at least 16 characters');
    expect(await refusal('a/b:0123456789abcdef\n')).to.equal('keys file line 1: a client id is 1 to 64 letters, digits, "_" or "-", then ":" and the key');
  });

  it('refuses addresses, ports and STUN servers it could not use', async () => {
    const keys = 'client:0123456789abcdef\n';
    expect(await refusal(keys, '--listen', 'nowhere')).to.equal('--listen must be host:port');
    expect(await refusal(keys, '--listen', '127.0.0.1:70000')).to.equal('--listen must be a port number from 0 to 65535');
    expect(await refusal(keys, '--udp-port', '65536')).to.equal('--udp-port must be a port number from 0 to 65535');
    expect(await refusal(keys, '--stun', 'http://stun.example.com')).to.equal('--stun http://stun.example.com: a STUN server is stun:host[:port]');
    expect(await refusal(keys, '--no-such-option')).to.match(/^Unknown option '--no-such-option'/);
  });

  it('refuses to start when its one UDP port is taken, naming the address and port', async () => {
    const holder = createSocket('udp4');
    await new Promise<void>((resolve) => holder.bind(0, '127.0.0.1', () => resolve()));
    const { port } = holder.address();
    try {
      const message = await refusal('client:0123456789abcdef\n', '--listen', '127.0.0.1:0', '--udp-address', '127.0.0.1', '--udp-port', String(port));
      expect(message).to.match(new RegExp(`^cannot bind UDP 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
    } finally {
      await new Promise<void>((resolve) => holder.close(() => resolve()));
    }
  });
});
