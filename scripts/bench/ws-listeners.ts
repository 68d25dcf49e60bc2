// WebSocket listeners for benchmarks, run in a worker thread so that reading and parsing their
// events does not share the server's event loop. The main thread asks how many `posted` events
// have arrived; the worker answers.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

interface ListenerSetup {
  url: string;
  tokens: string[];
}

/** Connects one socket per token in a worker; resolves once every socket has had its hello. */
export async function startListeners(setup: ListenerSetup): Promise<{ posted(): Promise<number>; close(): Promise<void> }> {
  const worker = new Worker(new URL(import.meta.url), { workerData: setup });
  await new Promise<void>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message) => (message === 'ready' ? resolve() : reject(new Error(String(message)))));
  });
  return {
    posted: () =>
      new Promise((resolve) => {
        worker.once('message', resolve);
        worker.postMessage('count');
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}

if (!isMainThread) {
  const { url, tokens } = workerData as ListenerSetup;
  let posted = 0;
  await Promise.all(
    tokens.map(
      (token) =>
        new Promise<void>((resolve, reject) => {
          const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v4/websocket`, { headers: { Authorization: `Bearer ${token}` } });
          socket.once('error', reject);
          socket.on('message', (data) => {
            const event = JSON.parse(String(data)) as { event?: string };
            if (event.event === 'hello') resolve();
            else if (event.event === 'posted') posted++;
          });
        }),
    ),
  );
  parentPort!.on('message', () => parentPort!.postMessage(posted));
  parentPort!.postMessage('ready');
}
