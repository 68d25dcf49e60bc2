// Plugin hook benchmark: the round trip of a blocking hook (messageWillBePosted with a 2 KB post)
// into a plugin's sandbox process, and the time from uploading a bundle to the plugin running,
// beside a bare call into an isolate in this process measured in the same run.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ivm from 'isolated-vm';
import { startPluginProcess } from '@parley/sandbox';
import { buildPlugin } from '@parley/plugin-api/build';
import { startBenchServer } from './bench-server.ts';
import { drive, printTable, row, type Row } from './report.ts';

const CALLS = Number(process.env.BENCH_HOOK_CALLS ?? 2000);
const INSTALLS = Number(process.env.BENCH_INSTALLS ?? 10);
const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/hello');

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

async function installToActive(): Promise<Row> {
  const outDir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-plugin-'));
  const bench = await startBenchServer({ MM_PLUGINSETTINGS_ENABLEUPLOADS: 'true' });
  try {
    const built = await buildPlugin({ dir: EXAMPLE, outDir });
    const bundle = new Uint8Array(await readFile(built.file));
    const id = built.manifest.id;
    const run = await drive(INSTALLS, 1, async () => {
      await bench.admin.uploadPlugin(new File([bundle], path.basename(built.file)) as never, true);
      await bench.admin.enablePlugin(id);
      for (;;) {
        const status = (await bench.admin.getPluginStatuses()).find((s) => s.plugin_id === id);
        if (status?.state === 2) return;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    return row(`upload ${id} -> enable -> Running`, run, `${INSTALLS} installs (force), REST through @mattermost/client`);
  } finally {
    await bench.close();
    await rm(outDir, { recursive: true, force: true });
  }
}

export async function benchPluginHooks(): Promise<Row[]> {
  return [await bareIsolateCall(), await sandboxRoundTrip(), await installToActive()];
}

if (import.meta.main) {
  printTable(`plugin hooks (${CALLS} calls)`, await benchPluginHooks());
}
