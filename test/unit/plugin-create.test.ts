// `parley-plugin create`: the scaffold a plugin author starts from (built, tested and type-checked
// outside the repository by test/packaging/plugin-packages.test.ts).
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildPlugin } from '@parley/plugin-api/build';

const ROOT = path.resolve(import.meta.dirname, '../..');
const CLI = path.join(ROOT, 'plugin-api/src/cli.ts');

function create(cwd: string, ...args: string[]) {
  return spawnSync(process.execPath, [CLI, 'create', ...args], { cwd, encoding: 'utf8' });
}

interface PackageJson {
  name: string;
  version: string;
  scripts: Record<string, string>;
  devDependencies: Record<string, string>;
}

async function json<T = Record<string, unknown>>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, 'utf8')) as T;
}

describe('parley-plugin create', () => {
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'parley-create-'));
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('writes a plugin folder named after the folder, depending on this version of the packages, that builds', async () => {
    const run = create(tmp, 'Cool_Plugin');
    expect(run.stderr).to.equal('');
    const dir = path.join(tmp, 'Cool_Plugin');
    expect(run.stdout.trim()).to.equal(dir);
    expect((await readdir(dir, { recursive: true })).sort()).to.deep.equal(['.gitignore', 'README.md', 'package.json', 'plugin.json', 'src', 'src/index.ts', 'test', 'test/plugin.test.ts', 'tsconfig.json']);
    expect(await json(path.join(dir, 'plugin.json'))).to.deep.include({ id: 'com.example.cool-plugin', name: 'Cool Plugin' });
    expect(await readFile(path.join(dir, 'src/index.ts'), 'utf8')).to.contain("const TRIGGER = 'cool-plugin';");

    const pkg = await json<PackageJson>(path.join(dir, 'package.json'));
    const { version } = await json<PackageJson>(path.join(ROOT, 'plugin-api/package.json'));
    const root = await json<PackageJson>(path.join(ROOT, 'package.json'));
    expect(pkg.name).to.equal('cool-plugin');
    // The scaffold pins the tools this repository checks its own code with.
    expect(pkg.devDependencies).to.deep.equal({
      '@parley/plugin-api': version,
      '@parley/plugin-testing': version,
      '@types/node': root.devDependencies['@types/node'],
      typescript: root.devDependencies.typescript,
    });
    expect(pkg.scripts).to.include.keys('build', 'test', 'check');

    const built = await buildPlugin({ dir });
    expect(path.basename(built.file)).to.equal('com.example.cool-plugin-0.1.0.tar.gz');
  });

  it('takes the plugin id from --id', async () => {
    expect(create(tmp, 'named', '--id', 'org.acme.named').status).to.equal(0);
    expect((await json(path.join(tmp, 'named/plugin.json'))).id).to.equal('org.acme.named');
  });

  it('refuses a folder that is not empty, and an invalid id, writing nothing', async () => {
    await mkdir(path.join(tmp, 'taken'));
    await writeFile(path.join(tmp, 'taken/notes.txt'), 'mine');
    const taken = create(tmp, 'taken');
    expect(taken.status).to.equal(1);
    expect(taken.stderr).to.contain('is not empty');
    expect(await readdir(path.join(tmp, 'taken'))).to.deep.equal(['notes.txt']);

    const badId = create(tmp, 'fresh', '--id', 'x');
    expect(badId.status).to.equal(1);
    expect(badId.stderr).to.contain('id: must be 3 to 190 characters');
    expect(await readdir(tmp)).not.to.include('fresh');
  });

  it('prints its usage and exits 2 without a folder', async () => {
    const run = create(tmp);
    expect(run.status).to.equal(2);
    expect(run.stderr).to.contain('usage: parley-plugin create <dir>');
  });
});
