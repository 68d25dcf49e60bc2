// Plugin hook benchmark: the round trip of a blocking hook (messageWillBePosted with a 2 KB post)
// into a plugin's sandbox process, beside a bare call into an isolate in this process measured in
// the same run; and the time from uploading a 100 KB bundle to the plugin running, the first install
// after start (its host forked then) beside the next ones (a spare host ready).
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import path from 'node:path';
import ivm from 'isolated-vm';
import { startPluginProcess } from '@parley/sandbox';
import { buildPlugin } from '@parley/plugin-api/build';
import { startBenchServer } from './bench-server.ts';
import { drive, printTable, row, type Row } from './report.ts';

const CALLS = Number(process.env.BENCH_HOOK_CALLS ?? 2000);
const INSTALLS = Number(process.env.BENCH_INSTALLS ?? 10);
/** Size of the bundles installed: the figure is for a 100 KB bundle. */
const BUNDLE_BYTES = 100 * 1024;
/** Time between two installs, as an admin would leave (the next spare host is forked meanwhile). */
const INSTALL_PAUSE_MS = 1000;

/** A post as plugins see it, with a 2 KB message. */
const POST = {
  id: 'p'.repeat(26),
  create_at: Date.now(),
  update_at: Date.now(),
  edit_at: 0,
  delete_at: 0,
  is_pinned: false,
  user_id: 'u'.repeat(26),
  channel_id: 'c'.repeat(26),
  root_id: '',
  original_id: '',
  message: 'x'.repeat(2048),
  type: '',
  props: {},
  hashtags: '',
  file_ids: [],
  pending_post_id: '',
};

async function bareIsolateCall(): Promise<Row> {
  const isolate = new ivm.Isolate({ memoryLimit: 128 });
  const context = await isolate.createContext();
  const hook = (await context.eval('(json) => { const post = JSON.parse(json); return JSON.stringify({ post }); }', { reference: true })) as ivm.Reference;
  const json = JSON.stringify(POST);
  const run = await drive(CALLS, 1, () => hook.apply(undefined, [json], { arguments: { copy: true }, result: { copy: true } }));
  isolate.dispose();
  return row('bare isolate call in this process (baseline)', run, '2 KB post as JSON in and out');
}

async function sandboxRoundTrip(): Promise<Row> {
  const plugin = await startPluginProcess({
    pluginId: 'com.example.bench',
    code: 'export default () => ({ messageWillBePosted(ctx, post) { return { post }; } });',
    memoryLimitMb: 128,
    startTimeoutMs: 10_000,
    onApiCall: async () => null,
  });
  try {
    const run = await drive(CALLS, 1, () => plugin.call('messageWillBePosted', [{}, POST], 1000));
    return row('messageWillBePosted round trip, plugin host process', run, '2 KB post; IPC + isolate + JSON both ways');
  } finally {
    await plugin.stop();
  }
}

/** A plugin that logs a line when activated; server code and manifest are written by the benchmark. */
const MINIMAL_PLUGIN = `import { definePlugin } from '@parley/plugin-api';
export default definePlugin((api) => ({ async onActivate() { await api.log.info('activated'); } }));
`;

/**
 * The minimal plugin under `id`, with \`assets/padding.bin\` of random bytes (which gzip cannot
 * shrink) so that its bundle weighs about BUNDLE_BYTES; answers the bundle file.
 */
async function paddedBundle(id: string, workDir: string): Promise<string> {
  const dir = path.join(workDir, id);
  await mkdir(path.join(dir, 'src'), { recursive: true });
  await mkdir(path.join(dir, 'assets'));
  await writeFile(path.join(dir, 'src', 'index.ts'), MINIMAL_PLUGIN);
  await writeFile(path.join(dir, 'plugin.json'), JSON.stringify({ id, name: id, version: '1.0.0', permissions: { api: ['log'] } }));
  await writeFile(path.join(dir, 'assets', 'padding.bin'), randomBytes(BUNDLE_BYTES));
  return (await buildPlugin({ dir, outDir: path.join(workDir, 'out') })).file;
}

/**
 * Upload → enable → Running through REST, a new plugin each time, as an admin installs them (a
 * pause between two), from a worker thread (install-client.ts) so that the admin's client does not
 * share the server's event loop: the first install after the server started forks its host; the
 * next ones find a spare host, forked while the previous one was installed.
 */
async function installToRunning(): Promise<Row[]> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-plugin-'));
  const bench = await startBenchServer({ MM_PLUGINSETTINGS_ENABLEUPLOADS: 'true' });
  try {
    const ids = Array.from({ length: INSTALLS + 1 }, (_, i) => `com.example.install-bench-${i}`);
    const files = await Promise.all(ids.map((id) => paddedBundle(id, workDir)));
    const worker = new Worker(new URL('./install-client.ts', import.meta.url), {
      workerData: { url: bench.url, token: bench.admin.getToken(), bundles: ids.map((id, i) => ({ id, file: files[i] })), pauseMs: INSTALL_PAUSE_MS },
    });
    const latencies = await new Promise<number[]>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    await worker.terminate();
    const [first, ...warm] = latencies;
    const kb = Math.round((await stat(files[0])).size / 1024);
    return [
      row(`install → Running, first after start (forks its host)`, { latencies: [first], seconds: first / 1000 }, `${kb} KB bundle: upload, enable, poll statuses (REST, client in a worker thread)`),
      row(`install → Running, spare host ready`, { latencies: warm, seconds: warm.reduce((sum, ms) => sum + ms, 0) / 1000 }, `${INSTALLS} installs, ${INSTALL_PAUSE_MS} ms apart`),
    ];
  } finally {
    await bench.close();
    await rm(workDir, { recursive: true, force: true });
  }
}

export async function benchPluginHooks(): Promise<Row[]> {
  return [await bareIsolateCall(), await sandboxRoundTrip(), ...(await installToRunning())];
}

if (import.meta.main) {
  printTable(`plugin hooks (${CALLS} calls)`, await benchPluginHooks());
}
