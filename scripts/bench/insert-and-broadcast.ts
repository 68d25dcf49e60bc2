// The post pipeline's second baseline: the least any chat server must do per post with listeners —
// one INSERT of a post-sized row, then one WebSocket frame to every listener — as a plain `http` +
// `ws` server in the bench process (where the Parley server runs too), on the same database cluster.
// Posting with N listeners costs N socket writes per post; on loopback each write also pays the
// receiver's TCP path, so this ceiling, not the bare INSERT, is what the pipeline can approach.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { WebSocketServer } from 'ws';
import { drive, type Run } from './report.ts';
import { startListeners } from './ws-listeners.ts';

export interface InsertAndBroadcastRun {
  run: Run;
  delivered: number;
  expected: number;
}

/** `table` must exist with the bench's post columns; `frame` is sent as is (a `posted` event). */
export async function measureInsertAndBroadcast(options: { databaseUrl: string; table: string; listeners: number; posts: number; concurrency: number; frame: string }): Promise<InsertAndBroadcastRun> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency });
  // An idle connection the database drops must not end the bench with an unhandled 'error' event.
  pool.on('error', () => {});
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = `b${String(inserted++).padStart(25, '0')}`;
      pool.query(`insert into ${options.table} values ($1, $2, $2, $3, $4, $5, $6, $7, $8)`, [id, Date.now(), 'u'.repeat(26), 'c'.repeat(26), '', options.frame.slice(0, 200), '{}', '[]']).then(
        () => {
          for (const client of wss.clients) client.send(options.frame);
          res.writeHead(201).end();
        },
        (err: Error) => res.writeHead(500).end(err.message),
      );
    });
  });
  let inserted = 0;
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket) => socket.send('{"event":"hello","data":{}}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const listeners = await startListeners({ url: url.replace(/^http/, 'ws'), tokens: new Array<string>(options.listeners).fill(''), concurrency: options.listeners });
    try {
      const run = await drive(options.posts, options.concurrency, async () => {
        const response = await fetch(`${url}/post`, { method: 'POST', body: '{}' });
        await response.arrayBuffer();
        if (response.status !== 201) throw new Error(`the bare insert-and-broadcast server answered ${response.status}`);
      });
      const expected = options.posts * options.listeners;
      const delivered = await collect(listeners, expected);
      return { run, delivered, expected };
    } finally {
      await listeners.close();
    }
  } finally {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
    await pool.end();
  }
}

/** Arrivals counted until all are in or 30 s have passed. */
export async function collect(listeners: { take(): Promise<{ arrivals: number[] }> }, expected: number): Promise<number> {
  const deadline = Date.now() + 30_000;
  let delivered = (await listeners.take()).arrivals.length;
  while (delivered < expected && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    delivered += (await listeners.take()).arrivals.length;
  }
  return delivered;
}
