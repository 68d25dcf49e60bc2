// Keeps the layering of DESIGN.md true by reading the sources: who may import what.
import { expect } from 'chai';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const CORE = path.resolve(import.meta.dirname, '../../core/src');

interface SourceFile {
  file: string;
  text: string;
}

async function sources(dir: string): Promise<SourceFile[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => path.join(e.parentPath, e.name));
  return Promise.all(files.map(async (file) => ({ file: path.relative(CORE, file), text: await readFile(file, 'utf8') })));
}

/** Import statements that bring in values (not `import type`). */
function valueImports(text: string): string[] {
  return [...text.matchAll(/^import\s+(?!type\s)[^'"]*?from\s+'([^']+)'/gm)].map((m) => m[1]);
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

  it('logs through the Logger, never console', () => {
    const offenders = files.filter((f) => /\bconsole\.(log|info|warn|error|debug)\(/.test(f.text)).map((f) => f.file);
    expect(offenders).to.deep.equal([]);
  });
});
