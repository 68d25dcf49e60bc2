// `npm run build:webapp`: bundles the browser client and System Console (core/webapp) with esbuild
// into dist/webapp/: index.html plus content-hashed static/app-<hash>.js and .css, which the core
// serves (core/src/http/routes/webapp-routes.ts). React is bundled: no CDN, nothing fetched at run time.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = path.join(ROOT, 'core', 'webapp');
const OUT_DIR = path.join(ROOT, 'dist', 'webapp');
const STATIC_DIR = path.join(OUT_DIR, 'static');

await rm(OUT_DIR, { recursive: true, force: true });
await mkdir(STATIC_DIR, { recursive: true });
const result = await build({
  entryPoints: { app: path.join(SOURCE, 'src', 'main.tsx') },
  outdir: STATIC_DIR,
  entryNames: '[name]-[hash]',
  bundle: true,
  minify: true,
  sourcemap: 'linked',
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari17'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'warning',
});

const outputs = Object.keys(result.metafile.outputs).map((file) => path.basename(file));
const script = outputs.find((name) => name.endsWith('.js'));
const style = outputs.find((name) => name.endsWith('.css'));
if (!script || !style) throw new Error(`the webapp build made no ${script ? 'stylesheet' : 'script'}`);
const template = await readFile(path.join(SOURCE, 'index.html'), 'utf8');
await writeFile(path.join(OUT_DIR, 'index.html'), template.replace('%APP_JS%', `/static/${script}`).replace('%APP_CSS%', `/static/${style}`));
process.stdout.write(`core/webapp → ${path.relative(ROOT, OUT_DIR)}/ (static/${script}, static/${style})\n`);
