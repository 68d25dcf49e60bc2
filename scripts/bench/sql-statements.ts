// How a statement is sent decides PostgreSQL's CPU on the short reads most requests make: the
// channel-access read (a channel with the caller's memberships) sent three ways — values inlined in
// the text (as the ORM sends its queries), values apart in an unnamed statement, and values apart in
// a named prepared statement (what the repositories' raw SQL does) — beside `select 1`. Figures are
// per statement: wall time, and the CPU of the PostgreSQL cluster and of this process.
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../core/src/store/embedded-database.ts';
import { Store } from '../../core/src/store/store.ts';
import { sampleTrees } from './capacity-proc.ts';
import { percentile, type Row } from './report.ts';

const STATEMENTS = Number(process.env.BENCH_SQL_STATEMENTS ?? 20_000);
const CHANNELS = 2_000;
const MEMBERSHIPS = 20_000;

export async function benchSqlStatements(): Promise<Row[]> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-sql-'));
  const db = await startEmbeddedDatabase(path.join(dir, 'postgres'));
  try {
    await (await Store.open({ url: db.url, maxConnections: 2 })).close();
    const postmaster = Number(readFileSync(path.join(dir, 'postgres', 'cluster', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await seed(client);
      const channel = (i: number) => String(i % CHANNELS).padStart(26, '0');
      const user = (i: number) => String(i % MEMBERSHIPS).padStart(26, 'u');
      const access = (p: (n: number) => string) =>
        `select to_jsonb(c) as channel, to_jsonb(m) as member, to_jsonb(tm) as team_member from channels c
           left join channel_members m on m.channel_id = c.id and m.user_id = ${p(1)}
           left join team_members tm on c.team_id <> '' and tm.team_id = c.team_id and tm.user_id = ${p(2)}
          where c.id = ${p(3)}`;
      const numbered = access((n) => `$${n}`);
      const ways: Array<[string, (i: number) => Promise<unknown>]> = [
        ['select 1 (baseline)', () => client.query('select 1')],
        ['values inlined in the text (the ORM)', (i) => client.query(access((n) => `'${n === 3 ? channel(i) : user(i)}'`))],
        ['values apart, unnamed statement', (i) => client.query(numbered, [user(i), user(i), channel(i)])],
        ['values apart, named prepared statement', (i) => client.query({ name: 'channel_access', text: numbered, values: [user(i), user(i), channel(i)] })],
      ];
      const rows: Row[] = [];
      for (const [name, run] of ways) rows.push(await measure(name, run, postmaster));
      return rows;
    } finally {
      await client.end();
    }
  } finally {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

async function seed(client: pg.Client): Promise<void> {
  await client.query(`insert into channels (id, create_at, update_at, team_id, type, name, creator_id, props)
    select lpad(g::text, 26, '0'), 1, 1, 't', 'O', 'c' || g, 'u', '{}' from generate_series(0, ${CHANNELS - 1}) g`);
  await client.query(`insert into channel_members (channel_id, user_id, notify_props, last_update_at)
    select lpad((g % ${CHANNELS})::text, 26, '0'), lpad(g::text, 26, 'u'), '{}', 1 from generate_series(0, ${MEMBERSHIPS - 1}) g`);
  await client.query('analyze');
}

async function measure(name: string, run: (i: number) => Promise<unknown>, postmaster: number): Promise<Row> {
  for (let i = 0; i < 500; i++) await run(i); // warm-up: caches, and the prepared statement exists
  const latencies: number[] = [];
  const postgresBefore = sampleTrees([postmaster])[0].cpuSeconds;
  const nodeBefore = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < STATEMENTS; i++) {
    const t0 = performance.now();
    await run(i);
    latencies.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  const postgresUs = ((sampleTrees([postmaster])[0].cpuSeconds - postgresBefore) * 1e6) / STATEMENTS;
  const node = process.cpuUsage(nodeBefore);
  const nodeUs = (node.user + node.system) / STATEMENTS;
  return {
    name,
    throughput: `${Math.round(STATEMENTS / seconds)}/s`,
    p50: `${percentile(latencies, 50).toFixed(3)} ms`,
    p95: `${percentile(latencies, 95).toFixed(3)} ms`,
    p99: `${percentile(latencies, 99).toFixed(3)} ms`,
    note: `PostgreSQL CPU ${postgresUs.toFixed(0)} µs, client CPU ${nodeUs.toFixed(0)} µs per statement`,
  };
}

if (import.meta.main) {
  const { printTable } = await import('./report.ts');
  printTable(`sql statements (${STATEMENTS} channel-access reads each way, one connection)`, await benchSqlStatements());
}
