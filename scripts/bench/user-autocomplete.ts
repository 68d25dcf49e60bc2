// Finding people by the start of a name, as a mention autocomplete does on every keystroke: the
// user repository's list() with a term, in a team of 20,000 users, for a term nobody's name starts
// with, one a few names start with, and a user search that also matches emails — with the name
// prefix indexes (m0032-user-name-prefix-indexes.ts), then with them dropped (every user read),
// beside a lookup of one user by id. `npm run bench`, or alone: node scripts/bench/user-autocomplete.ts.
//   BENCH_AUTOCOMPLETE_USERS   users in the team (20000)
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedDatabase } from '../../core/src/store/embedded-database.ts';
import { Store } from '../../core/src/store/store.ts';
import type { UserListFilter } from '../../core/src/store/user-repository.ts';
import { USER_NAME_PREFIX_INDEXES } from '../../core/src/store/migrations/m0032-user-name-prefix-indexes.ts';
import { drive, row, type Row } from './report.ts';

const USERS = Number(process.env.BENCH_AUTOCOMPLETE_USERS ?? 20_000);
const TEAM = 't'.repeat(26);
const CALLS = 300;
/** Calls before each measured run: caches warm, and PostgreSQL past its first plans of the statement. */
const WARMUP = 30;

export async function benchUserAutocomplete(): Promise<Row[]> {
  if (!Number.isInteger(USERS) || USERS < 100 || USERS > 1_000_000) throw new Error(`BENCH_AUTOCOMPLETE_USERS must be a whole number from 100 to 1000000 (got "${process.env.BENCH_AUTOCOMPLETE_USERS}")`);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-bench-autocomplete-'));
  const db = await startEmbeddedDatabase(path.join(dir, 'postgres'));
  try {
    const store = await Store.open({ url: db.url, maxConnections: 2 });
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await seed(client);
      const byId = (i: number) => store.users.findById(String((i % USERS) + 1).padStart(26, 'u'));
      const lists: Array<[string, UserListFilter]> = [
        ['autocomplete, a term no name starts with', autocomplete('zq')],
        ['autocomplete, a term a few names start with', autocomplete('nick00')],
        ['user search with emails, a term no name starts with', { ...autocomplete('zq'), inTeam: undefined, termMatchesEmail: true, limit: 100 }],
      ];
      const rows: Row[] = [await measure('one user by id (baseline)', byId)];
      for (const [name, filter] of lists) rows.push(await measure(`${name}, name prefix indexes`, () => store.users.list(filter)));
      for (const index of Object.keys(USER_NAME_PREFIX_INDEXES)) await client.query(`drop index ${index}`);
      for (const [name, filter] of lists) rows.push(await measure(`${name}, every user read (indexes dropped)`, () => store.users.list(filter)));
      return rows;
    } finally {
      await client.end();
      await store.close();
    }
  } finally {
    await db.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

function autocomplete(term: string): UserListFilter {
  return { term, termMatchesFullName: true, active: true, inTeam: TEAM, offset: 0, limit: 25 };
}

async function seed(client: pg.Client): Promise<void> {
  await client.query(`insert into users (id, create_at, update_at, username, email, timezone, props, notify_props, nickname, first_name, last_name)
    select lpad(g::text, 26, 'u'), g, g, 'user' || md5(g::text), 'mail' || md5(g::text) || '@example.com', '{}', '{}', '{}',
           'Nick' || md5((g * 7)::text), 'First' || md5((g * 3)::text), 'Last' || md5((g * 5)::text)
      from generate_series(1, ${USERS}) g`);
  await client.query(`insert into team_members (team_id, user_id, create_at) select $1, id, 1 from users`, [TEAM]);
  await client.query('analyze');
}

async function measure(name: string, call: (i: number) => Promise<unknown>): Promise<Row> {
  for (let i = 0; i < WARMUP; i++) await call(i);
  return row(name, await drive(CALLS, 1, call), `${USERS} users, ${CALLS} calls one at a time`);
}

if (import.meta.main) {
  const { printTable } = await import('./report.ts');
  printTable('people by the start of a name (autocomplete, user search)', await benchUserAutocomplete());
}
