// `npm run build:plugins`: builds every plugin folder (one holding a plugin.json) under plugins/
// and examples/ into dist/plugins/<id>-<version>.tar.gz. The first-party plugins (plugins/) are
// also the server's prepackaged plugins: their bundles are copied to dist/prepackaged/, which the
// server installs from at start-up (stale bundles there are removed). Every folder is tried; any
// failure makes the exit code 1.
import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { buildPlugin } from '@parley/plugin-api/build';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCES = ['plugins', 'examples'];
const OUT_DIR = path.join(ROOT, 'dist', 'plugins');
const PREPACKAGED_SOURCE = path.join(ROOT, 'plugins');
const PREPACKAGED_DIR = path.join(ROOT, 'dist', 'prepackaged');

async function pluginFolders(): Promise<string[]> {
  const folders: string[] = [];
  for (const source of SOURCES) {
    const entries = await readdir(path.join(ROOT, source), { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const dir = path.join(ROOT, source, entry.name);
      if (entry.isDirectory() && (await stat(path.join(dir, 'plugin.json')).catch(() => undefined))?.isFile()) folders.push(dir);
    }
  }
  return folders.sort();
}

let failed = 0;
await rm(PREPACKAGED_DIR, { recursive: true, force: true });
await mkdir(PREPACKAGED_DIR, { recursive: true });
for (const dir of await pluginFolders()) {
  try {
    const { file } = await buildPlugin({ dir, outDir: OUT_DIR });
    process.stdout.write(`${path.relative(ROOT, dir)} → ${path.relative(ROOT, file)}\n`);
    if (path.dirname(dir) === PREPACKAGED_SOURCE) await copyFile(file, path.join(PREPACKAGED_DIR, path.basename(file)));
  } catch (err) {
    failed++;
    process.stderr.write(`${path.relative(ROOT, dir)}: ${(err as Error).message}\n`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
