// Keeps the layering of DESIGN.md true by reading the sources: who may import what.
import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const CORE = path.resolve(import.meta.dirname, '../../core/src');
const MARKETPLACE = path.resolve(import.meta.dirname, '../../marketplace');

interface SourceFile {
  file: string;
  text: string;
}

async function sources(dir: string): Promise<SourceFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
  return Promise.all(files.map(async (file) => ({ file: path.relative(dir, file), text: await readFile(file, 'utf8') })));
}

/** Every module a file names: static imports and re-exports (types included), bare and dynamic imports. */
function importSpecifiers(text: string): string[] {
  const patterns = [/^\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm, /^\s*import\s+'([^']+)'/gm, /\bimport\(\s*'([^']+)'\s*\)/g];
  return patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]));
}

/** Import statements that bring in values (not `import type`). */
function valueImports(text: string): string[] {
  return [...text.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
}

/** The files of core/src a file imports, as paths relative to core/src. */
function relativeTargets(file: SourceFile): string[] {
  return importSpecifiers(file.text)
    .filter((spec) => spec.startsWith('.'))
    .map((spec) => path.normalize(path.join(path.dirname(file.file), spec)));
}

/** The strongly connected groups of more than one file (Tarjan), each sorted: every import cycle. */
function importCycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next++);
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!graph.has(target)) continue;
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    for (let member = stack.pop()!; ; member = stack.pop()!) {
      onStack.delete(member);
      group.push(member);
      if (member === node) break;
    }
    if (group.length > 1) cycles.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe('architecture', () => {
  let files: SourceFile[];
  before(async () => {
    files = await sources(CORE);
  });

  it('imports @mikro-orm only inside core/src/store', () => {
    const offenders = files.filter((f) => !f.file.startsWith('store/') && /from '@mikro-orm\//.test(f.text)).map((f) => f.file);
    expect(offenders).to.deep.equal([]);
  });

  it('keeps http and ws away from the store except for entity types', () => {
    const offenders = files
      .filter((f) => f.file.startsWith('http/') || f.file.startsWith('ws/'))
      .filter((f) => valueImports(f.text).some((spec) => spec.includes('/store/') && !spec.includes('/store/entities/')))
      .map((f) => f.file);
    expect(offenders).to.deep.equal([]);
  });

  it('keeps the app layer free of koa and ws', () => {
    const offenders = files.filter((f) => f.file.startsWith('app/') && /from '(koa|@koa\/router|ws)'/.test(f.text)).map((f) => f.file);
    expect(offenders).to.deep.equal([]);
  });

  it('reads process.env only in core/src/config', () => {
    const offenders = files.filter((f) => !f.file.startsWith('config/') && /process\.env\b/.test(f.text)).map((f) => f.file);
    expect(offenders).to.deep.equal([]);
  });

  it('keeps the marketplace to @parley/plugin-api, node built-ins and its own npm dependencies', async () => {
    const { dependencies } = JSON.parse(await readFile(path.join(MARKETPLACE, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const npm = Object.keys(dependencies).filter((name) => !name.startsWith('@parley/'));
    const allowed = (spec: string, file: string) =>
      spec.startsWith('node:') ||
      spec === '@parley/plugin-api' ||
      spec.startsWith('@parley/plugin-api/') ||
      npm.some((name) => spec === name || spec.startsWith(`${name}/`)) ||
      (spec.startsWith('.') && !path.relative(path.join(MARKETPLACE, 'src'), path.resolve(MARKETPLACE, 'src', path.dirname(file), spec)).startsWith('..'));
    const marketplace = await sources(path.join(MARKETPLACE, 'src'));
    expect(marketplace.length).to.be.greaterThan(0);
    const offenders = marketplace.flatMap((f) => importSpecifiers(f.text).filter((spec) => !allowed(spec, f.file)).map((spec) => `${f.file}: ${spec}`));
    expect(offenders).to.deep.equal([]);
  });

  it('keeps plugin-api to node built-ins and its own npm dependencies: it imports nothing from the repository', async () => {
    const dir = path.resolve(import.meta.dirname, '../../plugin-api');
    const { dependencies } = JSON.parse(await readFile(path.join(dir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const npm = Object.keys(dependencies);
    const allowed = (spec: string) => spec.startsWith('node:') || spec.startsWith('./') || npm.some((name) => spec === name || spec.startsWith(`${name}/`));
    const api = await sources(path.join(dir, 'src'));
    expect(api.length).to.be.greaterThan(0);
    expect(api.flatMap((f) => importSpecifiers(f.text).filter((spec) => !allowed(spec)).map((spec) => `${f.file}: ${spec}`))).to.deep.equal([]);
  });

  it('keeps plugin-testing to plugin-api, the sandbox (bundled in when packed) and node built-ins', async () => {
    const testing = await sources(path.resolve(import.meta.dirname, '../../plugin-testing/src'));
    expect(testing.length).to.be.greaterThan(0);
    const allowed = (spec: string) => spec.startsWith('node:') || spec.startsWith('./') || /^@parley\/(plugin-api|sandbox)(\/|$)/.test(spec);
    expect(testing.flatMap((f) => importSpecifiers(f.text).filter((spec) => !allowed(spec)).map((spec) => `${f.file}: ${spec}`))).to.deep.equal([]);
  });

  it('lets core reach the marketplace only through @parley/marketplace', () => {
    const offenders = files.flatMap((f) =>
      importSpecifiers(f.text)
        .filter((spec) => spec.startsWith('@parley/marketplace/') || (spec.startsWith('.') && path.resolve(CORE, path.dirname(f.file), spec).startsWith(`${MARKETPLACE}${path.sep}`)))
        .map((spec) => `${f.file}: ${spec}`),
    );
    expect(offenders).to.deep.equal([]);
  });

  it('keeps the browser app (core/webapp) to its own files, React, Mattermost\'s client and types, its Markdown and highlighting libraries, semver, MessagePack (the Calls wire), plugin-api types and the view bridge', async () => {
    const webappDir = path.resolve(import.meta.dirname, '../../core/webapp/src');
    const entries = await readdir(webappDir, { recursive: true, withFileTypes: true });
    const webapp = await Promise.all(
      entries.filter((e) => e.isFile() && /\.tsx?$/.test(e.name)).map(async (e) => ({ file: path.relative(webappDir, path.join(e.parentPath, e.name)), text: await readFile(path.join(e.parentPath, e.name), 'utf8') })),
    );
    expect(webapp.length).to.be.greaterThan(0);
    // Relative imports stay inside the browser app; packages are the browser libraries it chose.
    const inside = (file: string, spec: string) => !path.relative(webappDir, path.resolve(webappDir, path.dirname(file), spec)).startsWith('..');
    const allowed = (file: string, spec: string) =>
      (spec.startsWith('.') && inside(file, spec)) || /^(react|react-dom|marked|lowlight|hast)(\/|$)/.test(spec) || /^@mattermost\/(client|types)(\/|$)/.test(spec) || /^(semver|highlight\.js)\//.test(spec) || spec === '@msgpack/msgpack';
    // The browser bundle must not pull in server code; plugin-api is welcome for its types only, and
    // for the view bridge (browser code both sides of a plugin view's frame share).
    const offenders = webapp.flatMap((f) => [
      ...importSpecifiers(f.text).filter((spec) => !allowed(f.file, spec) && !spec.startsWith('@parley/plugin-api')).map((spec) => `${f.file}: ${spec}`),
      ...valueImports(f.text).filter((spec) => spec.startsWith('@parley/') && spec !== '@parley/plugin-api/view').map((spec) => `${f.file}: value import of ${spec}`),
    ]);
    expect(offenders).to.deep.equal([]);
  });

  it('keeps core/src/egress a leaf: node built-ins and AppError only', () => {
    const egress = files.filter((f) => f.file.startsWith('egress/'));
    expect(egress.length).to.be.greaterThan(0);
    const offenders = egress.flatMap((f) =>
      importSpecifiers(f.text)
        .filter((spec) => !spec.startsWith('node:') && spec !== '../errors/app-error.ts' && !(spec.startsWith('./') && !spec.includes('/', 2)))
        .map((spec) => `${f.file}: ${spec}`),
    );
    expect(offenders).to.deep.equal([]);
  });

  it('makes outbound HTTP requests only through core/src/egress, where every address is checked', () => {
    const outbound = [
      /(?<![\w.#]|async )fetch\(/, // the global fetch
      /\bhttps?\.(?:request|get)\(/,
      /^import\s+(?!type\s)[^'"]*\b(?:request|get)\b[^'"]*from\s+'node:https?'/m,
      /^import\s+(?!type\s)[^'"]*from\s+'(?:node:https|undici)'/m,
    ];
    const offenders = files.filter((f) => !f.file.startsWith('egress/') && outbound.some((pattern) => pattern.test(f.text))).map((f) => f.file);
    expect(offenders).to.deep.equal([]);
  });

  // The layers of DESIGN.md, with each folder's allowed neighbours: http and ws (the edges) above
  // wire (the API's JSON), above app (services and the ports they own), above store. errors is
  // what every layer may throw; config and cluster are what every layer may read and publish on.
  const LAYER_RULES: Array<{ layer: string; mayNotImport: string[] }> = [
    { layer: 'app/', mayNotImport: ['plugins/', 'http/', 'ws/', 'wire/', 'egress/'] },
    { layer: 'wire/', mayNotImport: ['plugins/', 'http/', 'ws/'] },
    { layer: 'ws/', mayNotImport: ['http/', 'plugins/'] },
    { layer: 'store/', mayNotImport: ['app/', 'wire/', 'http/', 'ws/', 'plugins/', 'errors/'] },
    { layer: 'config/', mayNotImport: ['app/', 'wire/', 'http/', 'ws/', 'plugins/', 'store/'] },
    { layer: 'errors/', mayNotImport: ['app/', 'wire/', 'http/', 'ws/', 'plugins/', 'config/'] },
    { layer: 'cluster/', mayNotImport: ['app/', 'wire/', 'http/', 'ws/', 'plugins/', 'store/'] },
    // The plugin runtime runs plugins; management installs them and decides which run. The runtime
    // learns of installed and trusted plugins only through runtime/installed-plugins.ts, which
    // management implements, so management may drive the runtime but never the other way round.
    { layer: 'plugins/runtime/', mayNotImport: ['plugins/management/', 'http/', 'ws/'] },
    { layer: 'plugins/management/', mayNotImport: ['http/', 'ws/'] },
    { layer: 'tracing/', mayNotImport: ['app/', 'wire/', 'http/', 'ws/', 'plugins/', 'store/', 'config/', 'errors/', 'cluster/'] },
  ];
  for (const { layer, mayNotImport } of LAYER_RULES) {
    it(`keeps core/src/${layer} from importing ${mayNotImport.join(', ')}`, () => {
      const offenders = files
        .filter((f) => f.file.startsWith(layer))
        .flatMap((f) => relativeTargets(f).filter((target) => mayNotImport.some((other) => target.startsWith(other))).map((target) => `${f.file} → ${target}`));
      expect(offenders).to.deep.equal([]);
    });
  }

  it('has no import cycles in core/src (type imports included)', () => {
    const graph = new Map(files.map((f) => [f.file, relativeTargets(f).filter((target) => target.endsWith('.ts'))]));
    expect(importCycles(graph)).to.deep.equal([]);
  });

  it('keeps the sandbox from importing the core', async () => {
    const sandbox = await sources(path.resolve(import.meta.dirname, '../../sandbox/src'));
    expect(sandbox.length).to.be.greaterThan(0);
    const offenders = sandbox.flatMap((f) => importSpecifiers(f.text).filter((spec) => spec.includes('core/') || spec.startsWith('@parley/core')).map((spec) => `${f.file}: ${spec}`));
    expect(offenders).to.deep.equal([]);
  });

  it('logs through the Logger, never console', () => {
    const offenders = files.filter((f) => /\bconsole\.(log|info|warn|error|debug)\(/.test(f.text)).map((f) => f.file);
    expect(offenders).to.deep.equal([]);
  });
});
