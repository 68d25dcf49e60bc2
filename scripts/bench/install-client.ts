// The admin's side of the install benchmark (plugin-hooks.ts), run in a worker thread: uploads a
// bundle, enables it and polls the statuses until it runs, as an admin's browser or script would —
// with an event loop of its own, not the server's.
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { Client4 } from '@mattermost/client';

interface Job {
  url: string;
  token: string;
  /** Bundle files, installed in order. */
  bundles: Array<{ id: string; file: string }>;
  /** Time between two installs (after the first), left out of the figures. */
  pauseMs: number;
}

const job = workerData as Job;
const admin = new Client4();
admin.setUrl(job.url);
admin.setToken(job.token);

async function install(id: string, bytes: Uint8Array<ArrayBuffer>): Promise<number> {
  const started = performance.now();
  await admin.uploadPlugin(new File([bytes], `${id}.tar.gz`) as never, false);
  await admin.enablePlugin(id);
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    const status = (await admin.getPluginStatuses()).find((s) => s.plugin_id === id);
    if (status?.state === 2) return performance.now() - started;
    if (status?.state === 3) throw new Error(`${id} failed to start: ${(status as { error?: string }).error}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  throw new Error(`${id} was not running 10 s after it was enabled`);
}

const bundles = await Promise.all(job.bundles.map(async (b) => ({ id: b.id, bytes: new Uint8Array(await readFile(b.file)) })));
const latencies: number[] = [];
for (const [i, bundle] of bundles.entries()) {
  if (i > 0) await new Promise((resolve) => setTimeout(resolve, job.pauseMs));
  latencies.push(await install(bundle.id, bundle.bytes));
}
parentPort!.postMessage(latencies);
