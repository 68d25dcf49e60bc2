import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { list } from 'tar';
import ts from 'typescript';
import { buildPlugin, PluginBuildError, type BuildResult } from '@parley/plugin-api/build';
import { ManifestError } from '@parley/plugin-api/manifest';
import type { Hooks, HookContext, PluginAPI, Post } from '@parley/plugin-api';

const ROOT = path.resolve(import.meta.dirname, '../..');
const HELLO = path.join(ROOT, 'examples/hello');
const CLI = path.join(ROOT, 'plugin-api/src/cli.ts');

/** The archive's entries and file contents. */
async function readArchive(file: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  await list({
    file,
    onReadEntry: (entry) => {
      const chunks: Buffer[] = [];
      entry.on('data', (chunk: Buffer) => chunks.push(chunk));
      entry.on('end', () => files.set(entry.path, Buffer.concat(chunks).toString('utf8')));
    },
  });
  return files;
}

/** Import declarations and import() calls left in a module, found by parsing it. */
function importsIn(code: string): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) found.push(node.getText());
    if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) found.push(node.getText());
    if (ts.isExportDeclaration(node) && node.moduleSpecifier) found.push(node.getText());
    ts.forEachChild(node, visit);
  };
  visit(ts.createSourceFile('plugin.js', code, ts.ScriptTarget.ES2023, true, ts.ScriptKind.JS));
  return found;
}

/** A plugin folder in `dir` with the given files (paths relative to it). */
async function writePlugin(dir: string, files: Record<string, string>): Promise<string> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

const MINIMAL_MANIFEST = JSON.stringify({ id: 'com.example.fixture', name: 'Fixture', version: '1.0.0', permissions: { api: [] } });
const MINIMAL_CODE = "import { definePlugin } from '@parley/plugin-api';\nexport default definePlugin(() => ({}));\n";

describe('parley-plugin build', () => {
  let tmp: string;
  let hello: BuildResult;
  let archive: Map<string, string>;

  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'parley-bundle-build-'));
    hello = await buildPlugin({ dir: HELLO, outDir: path.join(tmp, 'first') });
    archive = await readArchive(hello.file);
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  it('writes <out>/<id>-<version>.tar.gz holding exactly the manifest and the server module', async () => {
    expect(hello.file).to.equal(path.join(tmp, 'first', 'com.example.hello-0.1.0.tar.gz'));
    expect([...archive.keys()]).to.deep.equal(['com.example.hello/plugin.json', 'com.example.hello/server/plugin.js']);
    expect(hello.entries).to.deep.equal([...archive.keys()]);
  });

  it('points server.executable of the bundled manifest at the server module', async () => {
    const manifest = JSON.parse(archive.get('com.example.hello/plugin.json')!);
    expect(manifest.server).to.deep.equal({ executable: 'server/plugin.js' });
    expect(manifest.id).to.equal('com.example.hello');
    expect(manifest.permissions.api).to.include.members(['commands', 'kv', 'config', 'users']);
  });

  it('bundles the server code into one module without imports and with a default export', async () => {
    const code = archive.get('com.example.hello/server/plugin.js')!;
    expect(importsIn(code)).to.deep.equal([]);
    expect(code).to.match(/export\s*\{\s*\w+ as default\s*\}/);
  });

  it('gives identical bytes when the same sources are built twice', async () => {
    const again = await buildPlugin({ dir: HELLO, outDir: path.join(tmp, 'second') });
    expect(Buffer.compare(await readFile(again.file), await readFile(hello.file))).to.equal(0);
  });

  it('stops at a manifest error, naming the field, and writes nothing', async () => {
    const dir = path.join(tmp, 'broken');
    await cp(HELLO, dir, { recursive: true });
    const manifest = JSON.parse(await readFile(path.join(dir, 'plugin.json'), 'utf8'));
    await writeFile(path.join(dir, 'plugin.json'), JSON.stringify({ ...manifest, version: '1.0' }));
    const out = path.join(tmp, 'broken-out');
    const error = await buildPlugin({ dir, outDir: out }).then(
      () => expect.fail('the build succeeded'),
      (err: unknown) => err,
    );
    expect(error).to.be.instanceOf(ManifestError);
    expect((error as Error).message).to.contain(path.join(dir, 'plugin.json')).and.contain('version: must be a semantic version');
    expect(await readdir(out).catch(() => [])).to.deep.equal([]);
  });

  it('prints the manifest error and exits 1 when run from the command line', async () => {
    const dir = await writePlugin(path.join(tmp, 'cli-broken'), { 'plugin.json': '{"id": "x", "name": "X", "version": "1.0.0", "permissions": {"api": []}}', 'src/index.ts': MINIMAL_CODE });
    const run = spawnSync(process.execPath, [CLI, 'build', dir, '--out', path.join(tmp, 'cli-out')], { encoding: 'utf8' });
    expect(run.status).to.equal(1);
    expect(run.stderr).to.contain('id: must be 3 to 190 characters');
  });

  it('prints the bundle path and exits 0 when run from the command line on a good folder', async () => {
    const dir = await writePlugin(path.join(tmp, 'cli-good'), { 'plugin.json': MINIMAL_MANIFEST, 'src/index.ts': MINIMAL_CODE });
    const run = spawnSync(process.execPath, [CLI, 'build', dir, '--out', path.join(tmp, 'cli-out')], { encoding: 'utf8' });
    expect(run.stderr).to.equal('');
    expect(run.stdout.trim()).to.equal(path.join(tmp, 'cli-out', 'com.example.fixture-1.0.0.tar.gz'));
  });

  it('refuses server code that imports a Node.js module, naming it', async () => {
    const dir = await writePlugin(path.join(tmp, 'node-import'), {
      'plugin.json': MINIMAL_MANIFEST,
      'src/index.ts': "import { readFileSync } from 'node:fs';\nexport default () => ({ onActivate: () => void readFileSync('/etc/passwd') });\n",
    });
    const error = await buildPlugin({ dir, outDir: path.join(tmp, 'out') }).catch((err: unknown) => err);
    expect(error).to.be.instanceOf(PluginBuildError);
    expect((error as Error).message).to.contain('"node:fs" is a Node.js module').and.contain('src/index.ts:1:');
  });

  it('refuses a folder without server code', async () => {
    const dir = await writePlugin(path.join(tmp, 'no-code'), { 'plugin.json': MINIMAL_MANIFEST });
    const error = await buildPlugin({ dir, outDir: path.join(tmp, 'out') }).catch((err: unknown) => err);
    expect(error).to.be.instanceOf(PluginBuildError);
    expect((error as Error).message).to.contain('expected src/index.ts or src/index.js');
  });

  it('carries public/ and assets/ in sorted order when they exist', async () => {
    const dir = await writePlugin(path.join(tmp, 'with-files'), {
      'plugin.json': JSON.stringify({ ...JSON.parse(MINIMAL_MANIFEST), icon_path: 'assets/icon.svg' }),
      'src/index.ts': MINIMAL_CODE,
      'public/b.txt': 'b',
      'public/a/index.html': '<p>a</p>',
      'assets/icon.svg': '<svg/>',
      'notes/ignored.md': 'not bundled',
    });
    const result = await buildPlugin({ dir, outDir: path.join(tmp, 'out') });
    const files = await readArchive(result.file);
    expect([...files.keys()]).to.deep.equal([
      'com.example.fixture/assets/icon.svg',
      'com.example.fixture/plugin.json',
      'com.example.fixture/public/a/index.html',
      'com.example.fixture/public/b.txt',
      'com.example.fixture/server/plugin.js',
    ]);
    expect(files.get('com.example.fixture/public/a/index.html')).to.equal('<p>a</p>');
  });

  it('bundles a view script of public/ (.ts) for the browser, with the view bridge, instead of copying it', async () => {
    const dir = await writePlugin(path.join(tmp, 'with-view'), {
      'plugin.json': MINIMAL_MANIFEST,
      'src/index.ts': MINIMAL_CODE,
      'public/view.html': '<script src="view.js"></script>',
      'public/view.ts': "import { connectView } from '@parley/plugin-api/view';\nvoid connectView().then((bridge) => bridge.close());\n",
    });
    const files = await readArchive((await buildPlugin({ dir, outDir: path.join(tmp, 'out') })).file);
    expect([...files.keys()].filter((name) => name.includes('/public/'))).to.deep.equal(['com.example.fixture/public/view.html', 'com.example.fixture/public/view.js']);
    const script = files.get('com.example.fixture/public/view.js')!;
    expect(script).to.match(/^(?:"use strict";\n)?\(\(\) => \{/).and.include('parley.view').and.not.match(/\bimport\b/);
    await writeFile(path.join(dir, 'public/view.ts'), "import { readFileSync } from 'node:fs';\nreadFileSync('x');\n");
    const error = await buildPlugin({ dir, outDir: path.join(tmp, 'out') }).catch((err: unknown) => err);
    expect(error).to.be.instanceOf(PluginBuildError);
    expect((error as Error).message).to.contain('cannot bundle the view script').and.contain('is a Node.js module');
  });

  it('refuses a symbolic link in public/', async () => {
    const dir = await writePlugin(path.join(tmp, 'with-link'), { 'plugin.json': MINIMAL_MANIFEST, 'src/index.ts': MINIMAL_CODE, 'public/ok.txt': 'ok' });
    await symlink('/etc/passwd', path.join(dir, 'public/passwd'));
    const error = await buildPlugin({ dir, outDir: path.join(tmp, 'out') }).catch((err: unknown) => err);
    expect(error).to.be.instanceOf(PluginBuildError);
    expect((error as Error).message).to.contain('public/passwd is not a regular file or folder');
  });

  it('refuses an icon_path outside the bundled folders', async () => {
    const dir = await writePlugin(path.join(tmp, 'bad-icon'), {
      'plugin.json': JSON.stringify({ ...JSON.parse(MINIMAL_MANIFEST), icon_path: 'icon.svg' }),
      'src/index.ts': MINIMAL_CODE,
      'icon.svg': '<svg/>',
    });
    const error = await buildPlugin({ dir, outDir: path.join(tmp, 'out') }).catch((err: unknown) => err);
    expect(error).to.be.instanceOf(PluginBuildError);
    expect((error as Error).message).to.contain('icon_path icon.svg must be inside public/ or assets/');
  });
});

// The example's behaviour, run from its built module in Node with an in-memory API; running it in
// the real sandbox is the sandbox's own suites' job.
describe('examples/hello bundle', () => {
  const CTX: HookContext = {};
  let hooks: Hooks;
  let kv: Map<string, unknown>;
  let settings: Record<string, unknown>;
  let registered: unknown[];

  before(async () => {
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'parley-hello-'));
    try {
      const { file } = await buildPlugin({ dir: HELLO, outDir: tmp });
      const code = (await readArchive(file)).get('com.example.hello/server/plugin.js')!;
      const module = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as { default: (api: PluginAPI) => Hooks };
      kv = new Map();
      settings = { BannedWords: 'forbidden' };
      registered = [];
      const api = {
        config: { get: async () => ({ ...settings }) },
        commands: { register: async (command: unknown) => void registered.push(command) },
        log: { info: async () => undefined },
        users: { get: async (id: string) => ({ id, username: `user-${id}` }) },
        kv: {
          get: async (key: string) => (kv.has(key) ? kv.get(key) : null),
          compareAndSet: async (key: string, expected: unknown, next: unknown) => {
            if ((kv.get(key) ?? null) !== expected) return false;
            kv.set(key, next);
            return true;
          },
        },
      } as unknown as PluginAPI;
      hooks = module.default(api);
      await hooks.onConfigurationChange!();
      await hooks.onActivate!();
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  });

  const command = (line: string) => hooks.executeCommand!(CTX, { user_id: 'u1', channel_id: 'c1', team_id: 't1', root_id: '', command: line });
  const post = (message: string) => ({ id: 'p1', message }) as Post;
  const greetings = async () => JSON.parse((await hooks.serveHttp!(CTX, { method: 'GET', path: '/greetings', query: {}, headers: {}, user_id: '', body: '' })).body!);

  it('registers /hello when activated', async () => {
    expect(registered).to.deep.include({
      trigger: 'hello',
      display_name: 'Hello',
      description: 'Says hello',
      auto_complete: true,
      auto_complete_desc: 'Greets you, or the name you give',
      auto_complete_hint: '[name]',
    });
  });

  it('greets the given name, else the caller by username, ephemerally, and counts each greeting', async () => {
    const before = (await greetings()).count;
    expect(await command('/hello Ada Lovelace')).to.deep.equal({ response_type: 'ephemeral', text: 'Hello, Ada Lovelace!' });
    expect(await command('/hello')).to.deep.equal({ response_type: 'ephemeral', text: 'Hello, user-u1!' });
    expect(await greetings()).to.deep.equal({ count: before + 2 });
  });

  it('rejects a post holding a banned word as a whole word in any case, naming the word', async () => {
    expect(await hooks.messageWillBePosted!(CTX, post('This is FORBIDDEN, sorry'))).to.deep.equal({ reject: 'The word "forbidden" is not allowed here.' });
  });

  it('lets a post through when the banned word is only part of a word', async () => {
    const allowed = post('unforbiddenly fine');
    expect(await hooks.messageWillBePosted!(CTX, allowed)).to.deep.equal({ post: allowed });
  });

  it('follows BannedWords when the configuration changes', async () => {
    settings = { BannedWords: 'spam, eggs' };
    await hooks.onConfigurationChange!();
    expect(await hooks.messageWillBePosted!(CTX, post('green eggs'))).to.deep.equal({ reject: 'The word "eggs" is not allowed here.' });
    expect(await hooks.messageWillBePosted!(CTX, post('forbidden'))).to.deep.equal({ post: post('forbidden') });
  });

  it('answers 404 for other paths of its HTTP handler', async () => {
    const response = await hooks.serveHttp!(CTX, { method: 'GET', path: '/other', query: {}, headers: {}, user_id: '', body: '' });
    expect(response.status).to.equal(404);
  });
});
