// The plugin packages as an outsider gets them: @parley/plugin-api and @parley/plugin-testing packed
// with `npm pack` (their prepack builds the JavaScript and the types), installed into an empty
// folder outside the repository, then used as their README says: create a plugin, install, build,
// test and type-check it. Without the network: the registry npm asks is a loopback one serving the
// versions package-lock.json pins (test/helpers/lockfile-registry.ts), whose tarballs npm takes from
// the cache `npm ci` filled; nothing resolves back into the repository.
//
// The packages are packed from a copy of their folders (beside a copy of the pack script and a
// link to the repository's node_modules for the build tools), because prepack swaps the
// package.json it packs for a while: other suites running from this checkout must never see that.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { list } from 'tar';
import { startLockfileRegistry, type LockfileRegistry } from '../helpers/lockfile-registry.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const PACKAGES = ['plugin-api', 'plugin-testing'] as const;
/** What a plugin author's machine would not have: the repository's own build products. */
const NOT_COPIED = new Set(['dist', 'node_modules', 'package.json.repo']);

const run = promisify(execFile);

/** The environment of a shell outside the repository: no npm settings of a parent npm, no repository bin folders. */
function outsideEnv(): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const inherited = (process.env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '' && !dir.startsWith(ROOT));
  return { ...env, PATH: [path.dirname(process.execPath), ...inherited].join(path.delimiter), npm_config_update_notifier: 'false' };
}

async function sh(cwd: string, command: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(command, args, { cwd, env: outsideEnv(), maxBuffer: 16 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const failure = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${failure.stdout ?? ''}\n${failure.stderr ?? failure.message}`);
  }
}

let registry: LockfileRegistry;
const npm = (cwd: string, ...args: string[]) => sh(cwd, 'npm', [...args, '--registry', registry.url, '--prefer-offline', '--no-audit', '--no-fund']);

/** The entries of a .tgz, and its package/package.json (an npm package's; empty for others). */
async function tarball(file: string): Promise<{ entries: string[]; manifest: Record<string, unknown> }> {
  const entries: string[] = [];
  let manifest = '';
  await list({
    file,
    onReadEntry: (entry) => {
      entries.push(entry.path);
      if (entry.path === 'package/package.json') entry.on('data', (chunk: Buffer) => (manifest += chunk.toString('utf8')));
    },
  });
  return { entries, manifest: manifest === '' ? {} : JSON.parse(manifest) };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

describe('plugin packages outside the repository', function () {
  // Two packs, two installs, a build, a test run and a type-check.
  this.timeout(180_000);
  let tmp: string;
  const tarballs: Record<(typeof PACKAGES)[number], string> = { 'plugin-api': '', 'plugin-testing': '' };

  before(async () => {
    registry = await startLockfileRegistry(ROOT);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'parley-packages-'));
    const stage = path.join(tmp, 'stage');
    await mkdir(path.join(stage, 'scripts'), { recursive: true });
    await cp(path.join(ROOT, 'scripts/pack-package.ts'), path.join(stage, 'scripts/pack-package.ts'));
    await cp(path.join(ROOT, 'tsconfig.json'), path.join(stage, 'tsconfig.json'));
    await symlink(path.join(ROOT, 'node_modules'), path.join(stage, 'node_modules'));
    const packs = path.join(tmp, 'packs');
    await mkdir(packs);
    await Promise.all(
      PACKAGES.map(async (name) => {
        await cp(path.join(ROOT, name), path.join(stage, name), { recursive: true, filter: (source) => !NOT_COPIED.has(path.basename(source)) && !source.endsWith('.tgz') });
        const [packed] = JSON.parse(await npm(path.join(stage, name), 'pack', '--json', '--pack-destination', packs)) as Array<{ filename: string }>;
        tarballs[name] = path.join(packs, packed.filename);
      }),
    );
  });
  after(async () => {
    await registry?.close();
    await rm(tmp, { recursive: true, force: true });
  });

  it('packs JavaScript and types pointed at by the shipped package.json, and puts the repository one back', async () => {
    const api = await tarball(tarballs['plugin-api']);
    expect(api.manifest).to.deep.include({
      exports: { '.': './dist/index.js', './manifest': './dist/manifest.js', './build': './dist/build.js', './create': './dist/create.js', './view': './dist/view-bridge.js' },
      bin: { 'parley-plugin': './dist/cli.js' },
      types: './dist/index.d.ts',
    });
    expect(api.entries).to.include.members(['package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/cli.js', 'package/template/src/index.ts', 'package/template/gitignore']);
    const testing = await tarball(tarballs['plugin-testing']);
    expect(testing.manifest).to.deep.include({ exports: { '.': './dist/index.js' }, peerDependencies: { '@parley/plugin-api': '0.1.0' } });
    // The sandbox rides inside: its host process is a program of its own, forked from the bundle.
    expect(testing.entries).to.include.members(['package/dist/index.js', 'package/dist/host-process.js', 'package/dist/index.d.ts']);
    for (const { entries } of [api, testing]) {
      expect(entries.filter((entry) => entry.startsWith('package/dist/') && entry.endsWith('.ts') && !entry.endsWith('.d.ts'))).to.deep.equal([]);
    }
    for (const name of PACKAGES) {
      const staged = path.join(tmp, 'stage', name);
      expect(await readFile(path.join(staged, 'package.json'), 'utf8')).to.equal(await readFile(path.join(ROOT, name, 'package.json'), 'utf8'));
      expect(await stat(path.join(staged, 'package.json.repo')).catch(() => null)).to.equal(null);
    }
  });

  it('creates, builds, tests and type-checks a plugin in an empty folder, from the tarballs alone', async () => {
    const work = path.join(tmp, 'work');
    await mkdir(work);
    await writeFile(path.join(work, 'package.json'), '{"name": "work", "private": true}\n');
    await npm(work, 'install', tarballs['plugin-api']);
    expect((await sh(work, 'npx', ['--offline', '--no-install', 'parley-plugin', 'create', 'my-plugin'])).trim()).to.equal(path.join(work, 'my-plugin'));

    const plugin = path.join(work, 'my-plugin');
    expect((await filesUnder(plugin)).sort()).to.deep.equal(['.gitignore', 'README.md', 'package.json', 'plugin.json', 'src/index.ts', 'test/plugin.test.ts', 'tsconfig.json']);
    await npm(plugin, 'install', tarballs['plugin-api'], tarballs['plugin-testing']);
    const installed = await filesUnder(path.join(plugin, 'node_modules/@parley'));
    expect(installed.filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && !file.includes('/template/'))).to.deep.equal([]);

    await npm(plugin, 'run', 'build');
    const bundle = await tarball(path.join(plugin, 'dist/com.example.my-plugin-0.1.0.tar.gz'));
    expect(bundle.entries).to.deep.equal(['com.example.my-plugin/plugin.json', 'com.example.my-plugin/server/plugin.js']);
    const tested = await npm(plugin, 'test');
    expect(tested).to.match(/\bpass 4\b/).and.match(/\bfail 0\b/);
    await npm(plugin, 'run', 'check');
    // Package documents only: every tarball came from npm's cache, none from anywhere else.
    expect(registry.requests.filter((request) => request.includes('/-/'))).to.deep.equal([]);
  });
});
