// `npm run build:webapp`: bundles the browser client and System Console (core/webapp) with esbuild
// into dist/webapp/: index.html plus content-hashed static/app-<hash>.js and .css, which the core
// serves (core/src/http/routes/webapp-routes.ts). React is bundled: no CDN, nothing fetched at run time.
// Code splitting keeps the chat's first load small: what only some pages need (the System Console)
// is imported dynamically and lands in static/chunk-<hash>.js files loaded when first opened. A tiny
// classic script, written into index.html itself, runs before the app's module to send the page's
// first requests early (core/webapp/src/startup/early-requests.ts): inline, they leave as soon as the
// page is parsed, not a round trip later behind the scripts and stylesheet that share the browser's
// six connections (the server allows it by its hash, webapp-routes.ts). index.html names every chunk the app's
// module imports statically (one shared chunk, see oneSharedChunk) as a modulepreload: without it the browser finds them only once it has
// downloaded and parsed the whole entry, one round trip and a parse later. Each script and stylesheet
// is also written compressed (<name>.br, <name>.gz) once here, so the core sends the smaller bytes
// without compressing on every request. Only the entry's stylesheet is written: it holds the CSS of
// every module, the lazily loaded ones' too (esbuild gathers it there), so the stylesheets esbuild
// makes for each lazily loaded chunk would be copies no page ever loads.
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { build, type Metafile, type Plugin } from 'esbuild';

const ROOT = path.resolve(import.meta.dirname, '..');
const SOURCE = path.join(ROOT, 'core', 'webapp');
/** The chat's first load (entry script, the chunks it imports statically, stylesheet), gzip-compressed, may not exceed this. */
const FIRST_LOAD_BUDGET_BYTES = 300 * 1024;
const OUT_DIR = path.join(ROOT, 'dist', 'webapp');
const STATIC_DIR = path.join(OUT_DIR, 'static');

await rm(OUT_DIR, { recursive: true, force: true });
await mkdir(STATIC_DIR, { recursive: true });
const result = await build({
  entryPoints: { app: path.join(SOURCE, 'src', 'main.tsx') },
  outdir: STATIC_DIR,
  entryNames: '[name]-[hash]',
  chunkNames: 'chunk-[hash]',
  bundle: true,
  splitting: true,
  minify: true,
  sourcemap: 'linked',
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari17'],
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  write: false,
  logLevel: 'warning',
  plugins: [oneSharedChunk(path.join(SOURCE, 'src', 'app.tsx'))],
});

const startup = await build({
  entryPoints: [path.join(SOURCE, 'src', 'startup', 'early-requests.ts')],
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome120', 'firefox120', 'safari17'],
  write: false,
  logLevel: 'warning',
});
const startupScript = startup.outputFiles[0].text.trim();
// esbuild escapes `</script` inside strings; anything else spelling it would end the inline script early.
if (/<\/script/i.test(startupScript)) throw new Error('the startup script holds "</script": it cannot be written into index.html');

const entry = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint !== undefined);
const script = entry && path.basename(entry[0]);
const style = entry?.[1].cssBundle && path.basename(entry[1].cssBundle);
if (!script || !style) throw new Error(`the webapp build made no ${script ? 'stylesheet' : 'script'}`);
for (const file of result.outputFiles) {
  if (isUnusedStylesheet(file.path, entry[1].cssBundle!)) continue;
  await writeFile(file.path, file.contents);
}
const staticChunks = [...staticImportsOf(result.metafile, entry[0])];
const firstLoad = (await gzipBytes([entry[0], ...staticChunks, entry[1].cssBundle!])) + gzipSync(startupScript).byteLength;
if (firstLoad > FIRST_LOAD_BUDGET_BYTES) {
  throw new Error(`the web app's first load is ${kb(firstLoad)} gzip-compressed, over its budget of ${kb(FIRST_LOAD_BUDGET_BYTES)}: load what the chat does not need at once with a dynamic import()`);
}
const template = await readFile(path.join(SOURCE, 'index.html'), 'utf8');
const preloads = staticChunks.map((file) => `<link rel="modulepreload" href="/static/${path.basename(file)}">`).join('\n    ');
await writeFile(
  path.join(OUT_DIR, 'index.html'),
  template
    .replace('%APP_JS%', `/static/${script}`)
    .replace('%APP_CSS%', `/static/${style}`)
    .replace('%APP_PRELOADS%', preloads)
    .replace('%STARTUP_SCRIPT%', () => startupScript),
);
await writeCompressedCopies(STATIC_DIR);
process.stdout.write(`core/webapp → ${path.relative(ROOT, OUT_DIR)}/ (static/${script}, static/${style}; first load ${kb(firstLoad)} gzip-compressed)\n`);

/**
 * esbuild puts a module the entry shares with lazily loaded ones into a chunk per set of entry points
 * reaching it: a dozen small files the page must fetch before the app runs, queuing on the browser's
 * six connections. Every lazily loaded module (a relative `import()` target) is made to import the
 * app's root module as well, so every module of the app is reached by the same set and lands in one
 * chunk. That costs the lazy modules nothing: the entry has run those modules already.
 */
function oneSharedChunk(appRoot: string): Plugin {
  const lazy = new Set<string>();
  return {
    name: 'one-shared-chunk',
    setup(esbuild) {
      esbuild.onResolve({ filter: /^\./ }, (args) => {
        if (args.kind === 'dynamic-import') lazy.add(path.resolve(args.resolveDir, args.path));
        return undefined;
      });
      esbuild.onLoad({ filter: /\.tsx?$/ }, async (args) => {
        if (!lazy.has(args.path)) return undefined;
        const source = await readFile(args.path, 'utf8');
        return { contents: `${source}\nimport ${JSON.stringify(appRoot)};\n`, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
      });
    },
  };
}

/** A stylesheet (or its source map) esbuild made for a lazily loaded chunk: the entry's own, `entryStylesheet`, holds its rules already. */
function isUnusedStylesheet(file: string, entryStylesheet: string): boolean {
  const stylesheet = file.replace(/\.map$/, '');
  return stylesheet.endsWith('.css') && stylesheet !== path.resolve(entryStylesheet);
}

/** The chunks the entry needs before it runs: those it imports statically, and theirs in turn. */
function staticImportsOf(metafile: Metafile, entryFile: string): Set<string> {
  const chunks = new Set<string>();
  const pending = [entryFile];
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    for (const imported of metafile.outputs[file].imports) {
      if (imported.kind !== 'import-statement' || imported.external || imported.path === entryFile || chunks.has(imported.path)) continue;
      chunks.add(imported.path);
      pending.push(imported.path);
    }
  }
  return chunks;
}

async function gzipBytes(files: string[]): Promise<number> {
  let total = 0;
  for (const file of files) total += gzipSync(await readFile(path.resolve(file))).byteLength;
  return total;
}

/** Beside every .js and .css file: its Brotli (best quality) and gzip (level 9) forms. */
async function writeCompressedCopies(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (!/\.(js|css)$/.test(name)) continue;
    const content = await readFile(path.join(dir, name));
    const brotli = brotliCompressSync(content, { params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: content.byteLength } });
    await writeFile(path.join(dir, `${name}.br`), brotli);
    await writeFile(path.join(dir, `${name}.gz`), gzipSync(content, { level: 9 }));
  }
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
