// Post pipeline benchmark: POST /api/v4/posts throughput and latency with 100 WebSocket listeners
// in the channel (in a worker thread, so they do not share the server's event loop), beside a bare
// PostgreSQL insert of a post-sized row measured in the same run on the same database cluster.
import pg from 'pg';
import { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import { BENCH_PASSWORD, startBenchServer } from './bench-server.ts';
import { drive, printTable, row, type Row, type Run } from './report.ts';
import { startListeners } from './ws-listeners.ts';
import { recordPhases, type PhaseTotals } from './phase-breakdown.ts';
import { collect, measureInsertAndBroadcast } from './insert-and-broadcast.ts';

const LISTENERS = Number(process.env.BENCH_LISTENERS ?? 100);
const POSTS = Number(process.env.BENCH_POSTS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const pct = (value: number, of: number): string => `${((value / of) * 100).toFixed(1)} %`;
const MESSAGE = 'A benchmark message of a typical length, mentioning nobody, about forty words long. '.repeat(2);

export async function benchPostPipeline(): Promise<Row[]> {
  const bench = await startBenchServer({ MM_TEAMSETTINGS_MAXUSERSPERTEAM: String(LISTENERS + 10) });
  try {
    // Baseline: the same cluster, a table shaped like posts, one INSERT per call.
    const raw = new pg.Pool({ connectionString: bench.databaseUrl, max: CONCURRENCY });
    await raw.query(`create table bench_posts (id varchar(26) primary key, create_at bigint, update_at bigint, user_id varchar(26),
      channel_id varchar(26), root_id varchar(26), message text, props jsonb, file_ids jsonb)`);
    const baseline = await drive(POSTS, CONCURRENCY, (i) =>
      raw.query('insert into bench_posts values ($1, $2, $2, $3, $4, $5, $6, $7, $8)', [`p${String(i).padStart(25, '0')}`, Date.now(), 'u'.repeat(26), 'c'.repeat(26), '', MESSAGE, '{}', '[]']),
    );
    await raw.end();

    const { admin, url } = bench;
    const team = await admin.createTeam({ name: 'bench', display_name: 'Bench', type: 'O' } as never);
    const channel = await admin.getChannelByName(team.id, 'town-square');
    const tokens: string[] = [];
    for (let i = 0; i < LISTENERS; i++) {
      const user = await admin.createUser({ username: `listener${i}`, email: `listener${i}@example.com`, password: BENCH_PASSWORD } as UserProfile, '', '');
      await admin.addToTeam(team.id, user.id);
      const listener = new Client4();
      listener.setUrl(url);
      await listener.login(user.username, BENCH_PASSWORD);
      tokens.push(listener.getToken());
    }
    const listeners = await startListeners({ url: `${url.replace(/^http/, 'ws')}/api/v4/websocket`, tokens, concurrency: LISTENERS });
    try {
      const phases = recordPhases();
      const pipeline = await drive(POSTS, CONCURRENCY, (i) => admin.createPost({ channel_id: channel.id, message: `${MESSAGE} #${i}` } as never));
      const expected = POSTS * LISTENERS;
      const delivered = await collect(listeners, expected);
      printBreakdown(pipeline, phases.stop());
      // The same bytes for the ceiling: the last posted frame a listener received.
      const { sample: frame } = await listeners.take();
      await listeners.close();
      const ceiling = await measureInsertAndBroadcast({ databaseUrl: bench.databaseUrl, table: 'bench_posts', listeners: LISTENERS, posts: POSTS, concurrency: CONCURRENCY, frame });
      const rate = (run: Run) => run.latencies.length / run.seconds;
      return [
        row('bare PostgreSQL INSERT (baseline)', baseline, `same cluster, ${CONCURRENCY} connections`),
        row(`bare INSERT + ws frame to ${LISTENERS} listeners (baseline)`, ceiling.run, `${ceiling.delivered}/${ceiling.expected} frames delivered`),
        row(`POST /api/v4/posts, ${LISTENERS} WebSocket listeners`, pipeline, `${delivered}/${expected} posted events delivered; ${pct(rate(pipeline), rate(baseline))} of bare INSERT, ${pct(rate(pipeline), rate(ceiling.run))} of INSERT + frames`),
      ];
    } catch (err) {
      await listeners.close();
      throw err;
    }
  } finally {
    await bench.close();
  }
}

if (import.meta.main) {
  printTable(`post pipeline (${POSTS} posts, concurrency ${CONCURRENCY})`, await benchPostPipeline());
}

/** Each phase's mean wall time per post, and what is left of the request's latency (HTTP, koa, JSON, the client). */
function printBreakdown(run: Run, totals: PhaseTotals[]): void {
  const posts = run.latencies.length;
  const mean = run.latencies.reduce((sum, ms) => sum + ms, 0) / posts;
  const inRequest = totals.filter((t) => t.phase !== 'fanout');
  const traced = inRequest.reduce((sum, t) => sum + t.totalMs, 0) / posts;
  const lines = [
    ...inRequest.map((t) => [t.phase, t.totalMs / posts, `${(t.spans / posts).toFixed(1)} spans per post`] as const),
    ['HTTP, middleware, body parsing, client', mean - traced, 'the rest of the mean request latency'] as const,
    ['= mean request latency', mean, `${posts} posts, ${CONCURRENCY} at once`] as const,
    ...totals.filter((t) => t.phase === 'fanout').map((t) => ['fanout (after the answer)', t.totalMs / Math.max(t.spans, 1), `per event, ${t.spans} events`] as const),
  ];
  process.stdout.write(`\nwhere a post's time goes (mean wall time per post; phases overlap with other posts' waits)\n`);
  for (const [name, ms, note] of lines) process.stdout.write(`  ${name.padEnd(40)} ${ms.toFixed(2).padStart(8)} ms  ${note}\n`);
}
