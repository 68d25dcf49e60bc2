// WebSocket listeners for benchmarks: up to thousands of clients in a worker thread (so reading
// their frames does not share the sender's event loop), each recording when a `posted` frame
// reached it. Times are epoch milliseconds with sub-millisecond precision (timeOrigin + now), so
// they compare across threads and with the sender's clock.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';

interface ListenerSetup {
  url: string;
  /** One socket per entry: a bearer token, or '' for a socket that does not authenticate. */
  tokens: string[];
  /** Sockets opening at once. */
  concurrency: number;
}

export interface Listeners {
  /** Arrival times of `posted` frames since the last call, and one such frame as received. */
  take(): Promise<{ arrivals: number[]; sample: string }>;
  close(): Promise<void>;
}

export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** Opens the sockets in a worker; resolves once each has received its first frame (the hello). */
export async function startListeners(setup: ListenerSetup): Promise<Listeners> {
  const worker = new Worker(new URL(import.meta.url), { workerData: setup });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (message) => (message === 'ready' ? resolve() : reject(new Error(String(message)))));
    });
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  return {
    take: () =>
      new Promise((resolve) => {
        worker.once('message', resolve);
        worker.postMessage('take');
      }),
    close: async () => {
      await worker.terminate();
    },
  };
}

if (!isMainThread) {
  const { url, tokens, concurrency } = workerData as ListenerSetup;
  let arrivals: number[] = [];
  let sample = '';
  const open = (token: string) =>
    new Promise<void>((resolve, reject) => {
      const socket = new WebSocket(url, token ? { headers: { Authorization: `Bearer ${token}` } } : {});
      socket.once('error', reject);
      socket.once('close', (code) => reject(new Error(`a listener socket closed with ${code} while opening`)));
      socket.on('message', (data) => {
        const text = String(data);
        // A substring test, not a parse: the cost per frame stays the same on both sides of the comparison.
        if (text.includes('"event":"posted"')) {
          arrivals.push(epochNow());
          sample = text;
        } else if (text.includes('"event":"hello"')) {
          socket.removeAllListeners('close');
          resolve();
        }
      });
    });
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < tokens.length) await open(tokens[next++]);
      }),
    );
    parentPort!.on('message', () => {
      parentPort!.postMessage({ arrivals, sample });
      arrivals = [];
    });
    parentPort!.postMessage('ready');
  } catch (err) {
    parentPort!.postMessage(err instanceof Error ? err.message : String(err));
  }
}
