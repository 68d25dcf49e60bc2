import { expect } from 'chai';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { verifyBundleSignature, type MarketplacePlugin } from '../src/index.ts';
import { tempFolder, writeBundle } from './fixtures.ts';

const CLI = path.resolve(import.meta.dirname, '../src/cli.ts');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (err) {
    const failed = err as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('parley-marketplace CLI', function () {
  // Each case starts Node processes, which takes seconds on a loaded machine.
  this.timeout(60_000);
  let folder: Awaited<ReturnType<typeof tempFolder>>;

  beforeEach(async () => {
    folder = await tempFolder();
  });
  afterEach(async () => {
    await folder.remove();
  });

  it('makes a key pair, signs bundles and indexes them into plugins.json', async () => {
    const keys = path.join(folder.dir, 'keys');
    const keygen = await cli('keygen', keys, 'release');
    expect(keygen.code, keygen.stderr).to.equal(0);
    expect(keygen.stdout).to.include(`Public key: ${path.join(keys, 'release.pub')}`).and.include('PluginSettings.SignaturePublicKeyFiles');
    expect((await stat(path.join(keys, 'release.key'))).mode & 0o777).to.equal(0o600);

    const bundles = path.join(folder.dir, 'bundles');
    await mkdir(bundles);
    const { file: one } = await writeBundle(bundles, { id: 'com.example.one', manifest: { name: 'One' } });
    const { file: two } = await writeBundle(bundles, { id: 'com.example.two', manifest: { name: 'Two' } });
    const signed = await cli('sign', one, two, '--key', path.join(keys, 'release.key'));
    expect(signed.code, signed.stderr).to.equal(0);
    expect(signed.stdout.trim().split('\n')).to.deep.equal([`${one}.sig`, `${two}.sig`]);

    const indexed = await cli('index', bundles, '--base-url', 'https://plugins.example.com', '--public-key', path.join(keys, 'release.pub'));
    expect(indexed.code, indexed.stderr).to.equal(0);
    expect(indexed.stderr).to.include('indexed 2 bundle(s)');
    const items = JSON.parse(await readFile(path.join(bundles, 'plugins.json'), 'utf8')) as MarketplacePlugin[];
    expect(items.map((item) => item.download_url)).to.deep.equal([
      'https://plugins.example.com/bundles/com.example.one-1.0.0.tar.gz',
      'https://plugins.example.com/bundles/com.example.two-1.0.0.tar.gz',
    ]);
    const publicKey = await readFile(path.join(keys, 'release.pub'), 'utf8');
    expect(await verifyBundleSignature(one, items[0].signature, [publicKey])).to.deep.equal({ ok: true, keyIndex: 0 });
  });

  it('exits with 2 and the usage on a wrong command line, and 1 when a command fails', async () => {
    const wrong = [['bogus'], ['sign', 'x.tar.gz'], ['serve', 'a', 'b'], ['index', '.', '--author-type', 'vendor']];
    const runs = await Promise.all([...wrong.map((args) => cli(...args)), cli('keygen', folder.dir)]);
    runs.slice(0, wrong.length).forEach((run, i) => {
      expect(run.code, wrong[i].join(' ')).to.equal(2);
      expect(run.stderr).to.include('usage:');
    });
    const again = await cli('keygen', folder.dir);
    expect(again.code).to.equal(1);
    expect(again.stderr).to.match(/EEXIST/).and.not.include('usage:');
  });

  it('serves a folder until it is told to stop', async () => {
    await writeBundle(folder.dir, { id: 'com.example.served' });
    const child = spawn(process.execPath, [CLI, 'serve', folder.dir, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      let stderr = '';
      child.stderr.setEncoding('utf8');
      const url = await new Promise<string>((resolve, reject) => {
        child.stderr.on('data', (chunk: string) => {
          stderr += chunk;
          const match = /serving .* at (http:\/\/\S+)\/api\/v1\/plugins/.exec(stderr);
          if (match) resolve(match[1]);
        });
        child.once('exit', () => reject(new Error(`the server exited: ${stderr}`)));
      });
      const items = (await (await fetch(`${url}/api/v1/plugins`)).json()) as MarketplacePlugin[];
      expect(items.map((item) => item.download_url)).to.deep.equal([`${url}/bundles/com.example.served-1.0.0.tar.gz`]);
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).to.equal(0);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
