// Post pipeline benchmark: POST /api/v4/posts throughput and latency with 100 WebSocket listeners
// in the channel, beside a bare PostgreSQL insert of a post-sized row measured in the same run on the
// same database cluster.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import WebSocket from 'ws';
import { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import { startEmbeddedDatabase } from '../../core/src/store/embedded-database.ts';
import { Store } from '../../core/src/store/store.ts';
import { loadConfig } from '../../core/src/config/load-config.ts';
import { ConfigService } from '../../core/src/config/config-service.ts';
import { silentLogger } from '../../core/src/logger.ts';
import { createServer } from '../../core/src/server.ts';
import { percentile, printTable, type Row } from './report.ts';

const LISTENERS = Number(process.env.BENCH_LISTENERS ?? 100);
const POSTS = Number(process.env.BENCH_POSTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const PASSWORD = 'bench-password-1';
const MESSAGE = 'A benchmark message of a typical length, mentioning nobody, about forty words long. '.repeat(2);

/** Runs `task` POSTS times with CONCURRENCY workers; returns per-call latencies (ms) and total time. */
async function drive(task: (i: number) => Promise<void>): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < POSTS) {
        const i = next++;
        const t0 = performance.now();
        await task(i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

function row(name: string, run: { latencies: number[]; seconds: number }, note = ''): Row {
  return {
    name,
    throughput: `${Math.round(run.latencies.length / run.seconds)}/s`,
    p50: `${percentile(run.latencies, 50).toFixed(2)} ms`,
    p99: `${percentile(run.latencies, 99).toFixed(2)} ms`,
    note,
  };
}

export async function benchPostPipeline(): Promise<Row[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-'));
  const db = await startEmbeddedDatabase(path.join(dir, 'postgres'));
  const rows: Row[] = [];
  try {
    // Baseline: the same cluster, a table shaped like posts, one INSERT per call.
    const raw = new pg.Pool({ connectionString: db.url, max: CONCURRENCY });
    await raw.query(`create table bench_posts (id varchar(26) primary key, create_at bigint, update_at bigint, user_id varchar(26),
      channel_id varchar(26), root_id varchar(26), message text, props jsonb, file_ids jsonb)`);
    const baseline = await drive(async (i) => {
      await raw.query('insert into bench_posts values ($1, $2, $2, $3, $4, $5, $6, $7, $8)', [
        `p${String(i).padStart(25, '0')}`,
        Date.now(),
        'u'.repeat(26),
        'c'.repeat(26),
        '',
        MESSAGE,
        '{}',
        '[]',
      ]);
    });
    rows.push(row('bare PostgreSQL INSERT (baseline)', baseline, `same cluster, ${CONCURRENCY} connections`));
    await raw.end();

    const store = await Store.open({ url: db.url, maxConnections: 20 });
    const config = new ConfigService(loadConfig({ MM_DATA_DIR: dir, MM_TEAMSETTINGS_MAXUSERSPERTEAM: String(LISTENERS + 10) }), { persist: false });
    const server = createServer({ config, logger: silentLogger(), store, dataDir: dir });
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.http.address() as AddressInfo).port}`;
    try {
      const admin = new Client4();
      admin.setUrl(url);
      await admin.createUser({ username: 'benchadmin', email: 'benchadmin@example.com', password: PASSWORD } as UserProfile, '', '');
      await admin.login('benchadmin', PASSWORD);
      const team = await admin.createTeam({ name: 'bench', display_name: 'Bench', type: 'O' } as never);
      const channel = await admin.getChannelByName(team.id, 'town-square');

      const sockets: WebSocket[] = [];
      let delivered = 0;
      for (let i = 0; i < LISTENERS; i++) {
        const listener = new Client4();
        listener.setUrl(url);
        const user = await admin.createUser({ username: `listener${i}`, email: `listener${i}@example.com`, password: PASSWORD } as UserProfile, '', '');
        await admin.addToTeam(team.id, user.id);
        await listener.login(user.username, PASSWORD);
        const socket = new WebSocket(`${url.replace('http', 'ws')}/api/v4/websocket`, { headers: { Authorization: `Bearer ${listener.getToken()}` } });
        await new Promise<void>((resolve, reject) => {
          socket.once('error', reject);
          socket.on('message', (data) => {
            const event = JSON.parse(String(data));
            if (event.event === 'hello') resolve();
            if (event.event === 'posted') delivered++;
          });
        });
        sockets.push(socket);
      }

      const pipeline = await drive(async (i) => {
        await admin.createPost({ channel_id: channel.id, message: `${MESSAGE} #${i}` } as never);
      });
      const expected = POSTS * LISTENERS;
      const deadline = Date.now() + 30_000;
      while (delivered < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      rows.push(row(`POST /api/v4/posts, ${LISTENERS} WebSocket listeners`, pipeline, `${delivered}/${expected} posted events delivered`));
      for (const socket of sockets) socket.close();
    } finally {
      await server.close();
      await store.close();
    }
  } finally {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return rows;
}

if (import.meta.main) {
  printTable(`post pipeline (${POSTS} posts, concurrency ${CONCURRENCY})`, await benchPostPipeline());
}
