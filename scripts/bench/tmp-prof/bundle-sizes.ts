import path from 'node:path';
import { build } from 'esbuild';
const ROOT = path.resolve(import.meta.dirname, '../../..');
const result = await build({ entryPoints: [path.join(ROOT, 'core/webapp/src/main.tsx')], bundle: true, minify: true, splitting: true, format: 'esm', outdir: '/tmp/bundle-sizes', jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' }, metafile: true, write: true, logLevel: 'error', loader: { '.css': 'css' } });
const entry = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint)!;
const files = new Set([entry[0]]); const pending = [entry[0]];
for (let f = pending.pop(); f; f = pending.pop()) for (const i of result.metafile.outputs[f].imports) if (i.kind === 'import-statement' && !files.has(i.path)) { files.add(i.path); pending.push(i.path); }
const byPkg = new Map<string, number>();
for (const f of files) for (const [input, info] of Object.entries(result.metafile.outputs[f].inputs)) {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input); const key = m ? m[1] : input.replace(/^core\/webapp\/src\//, 'src/').replace(/\/[^/]+$/, '/');
  byPkg.set(key, (byPkg.get(key) ?? 0) + info.bytesInOutput);
}
for (const [k, v] of [...byPkg].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log((v / 1024).toFixed(1).padStart(7), 'KB', k);
