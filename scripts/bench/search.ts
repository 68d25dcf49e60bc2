// Search benchmark: a million generated posts (BENCH_SEARCH_POSTS=5000000 for five million), then
// p50/p95 of rare-word, common-word, phrase, prefix and filtered (from: + in: + after:) searches
// through POST /api/v4/teams/{id}/posts/search, each beside the same search statement run straight
// on PostgreSQL in the same run — what the API adds is the difference. Optional in `npm run bench`
// (BENCH_SEARCH=1) as loading takes minutes; alone: node scripts/bench/search.ts.
import pg from 'pg';
import { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Team } from '@mattermost/types/teams';
import type { UserProfile } from '@mattermost/types/users';
import { BENCH_PASSWORD, startBenchServer } from './bench-server.ts';
import { drive, printTable, row, type Row } from './report.ts';
import { corpusWord, generateCorpus } from './search-corpus.ts';
import { parseSearchQuery } from '../../core/src/app/search/search-query.ts';
import { toSearchFilters } from '../../core/src/app/search/search-filters.ts';
import { postSearchQuery, searchAttempts } from '../../core/src/store/search-repository.ts';

const POSTS = Number(process.env.BENCH_SEARCH_POSTS ?? 1_000_000);
/** Timed searches of each kind (after WARMUP untimed ones). */
const SEARCHES = Number(process.env.BENCH_SEARCH_QUERIES ?? 100);
const WARMUP = 5;
const CHANNELS = 50;
const AUTHORS = 20;
const PER_PAGE = 60;
/** The corpus covers the year up to now, as a live server's history does. */
const DAYS = 365;
const DAY_MS = 86_400_000;
const START = Date.now() - DAYS * DAY_MS;
/** after: in the filtered searches: half a year ago. */
const AFTER = new Date(Date.now() - (DAYS / 2) * DAY_MS).toISOString().slice(0, 10);

interface Kind {
  name: string;
  /** The search box text of the i-th search (varied, so no two successive searches are the same). */
  terms: (i: number) => string;
}

export async function benchSearch(): Promise<Row[]> {
  const bench = await startBenchServer();
  const db = new pg.Client({ connectionString: bench.databaseUrl });
  await db.connect();
  try {
    const { admin, url } = bench;
    const team = await admin.createTeam({ name: 'search', display_name: 'Search', type: 'O' } as Team);
    const searcher = await userIn(admin, team, 'searcher');
    const authors: UserProfile[] = [];
    for (let i = 0; i < AUTHORS; i++) authors.push(await userIn(admin, team, `author${i}`));
    const channels: Channel[] = [];
    for (let i = 0; i < CHANNELS; i++) {
      channels.push(await admin.createChannel({ team_id: team.id, name: `bench-${i}`, display_name: `Bench ${i}`, type: 'O' } as Channel));
    }
    // The searcher reads half of the channels; the others' posts must never come back.
    const readable = channels.filter((_, i) => i % 2 === 0);
    for (const channel of readable) await admin.addToChannel(searcher.id, channel.id);

    await load(db, channels, authors);

    const client = new Client4();
    client.setUrl(url);
    await client.login(searcher.username, BENCH_PASSWORD);
    const kinds: Kind[] = [
      { name: 'rare word', terms: (i) => corpusWord(5000 + (i % 50)) },
      { name: 'common word', terms: (i) => corpusWord(15 + (i % 10)) },
      { name: 'phrase', terms: (i) => `"${corpusWord(2 + (i % 4))} ${corpusWord(3 + (i % 4))}"` },
      // Three letters: one syllable and the next one's consonant, which starts many words.
      { name: 'prefix', terms: (i) => `${corpusWord(90 + (i % 10)).slice(0, 3)}*` },
      {
        name: 'filtered',
        terms: (i) => `${corpusWord(15 + (i % 10))} from:${authors[i % AUTHORS].username} in:${readable[i % readable.length].name} after:${AFTER}`,
      },
    ];
    const rows: Row[] = [];
    for (const kind of kinds) {
      // The baseline runs the statements the API runs for the same text, in the same order.
      const direct = async (i: number) => {
        const parsed = parseSearchQuery(kind.terms(i));
        const inChannel = readable.find((c) => c.name === parsed.inChannels[0]);
        const author = authors.find((a) => a.username === parsed.fromUsers[0]);
        const names = { channelIds: (inChannel ? [inChannel] : readable).map((c) => c.id), fromUserIds: author ? [author.id] : [], excludedUserIds: [] };
        const filters = toSearchFilters(parsed, names, { isOrSearch: false, timeZoneOffset: 0, page: 0, perPage: PER_PAGE });
        for (const attempt of searchAttempts(filters, Date.now())) {
          const query = postSearchQuery(attempt)!;
          let n = 0;
          const { rowCount } = await db.query(query.sql.replace(/\?/g, () => `$${++n}`), query.params);
          if (rowCount === PER_PAGE) return;
        }
      };
      let results = 0;
      const api = (i: number) =>
        client.searchPostsWithParams(team.id, { terms: kind.terms(i), is_or_search: false, page: 0, per_page: PER_PAGE, include_deleted_channels: false }).then((r) => {
          results += r.order.length;
        });
      await drive(WARMUP, 1, api);
      await drive(WARMUP, 1, direct);
      const baseline = await drive(SEARCHES, 1, direct);
      results = 0;
      const measured = await drive(SEARCHES, 1, api);
      rows.push(
        row(`${kind.name}: its SQL straight on PostgreSQL (baseline)`, baseline, `e.g. ${kind.terms(0)}`),
        row(`${kind.name}: POST /teams/{id}/posts/search`, measured, `${(results / SEARCHES).toFixed(1)} results per page of ${PER_PAGE}`),
      );
    }
    return rows;
  } finally {
    await db.end();
    await bench.close();
  }
}

async function userIn(admin: Client4, team: Team, username: string): Promise<UserProfile> {
  const user = await admin.createUser({ username, email: `${username}@example.com`, password: BENCH_PASSWORD } as UserProfile, '', '');
  await admin.addToTeam(team.id, user.id);
  return user;
}

/** Writes the corpus with the GIN index dropped and builds it afterwards, as a bulk load should. */
async function load(db: pg.Client, channels: Channel[], authors: UserProfile[]): Promise<void> {
  const started = performance.now();
  const { rows } = await db.query(`select pg_get_indexdef('posts_search_vector_index'::regclass) as definition`);
  await db.query('drop index posts_search_vector_index');
  await generateCorpus(db, { posts: POSTS, channelIds: channels.map((c) => c.id), userIds: authors.map((a) => a.id), startAt: START, days: DAYS });
  const loaded = performance.now();
  await db.query(`set maintenance_work_mem = '512MB'`);
  await db.query(rows[0].definition);
  await db.query('analyze posts');
  const done = performance.now();
  process.stdout.write(`\nsearch corpus: ${POSTS} posts written in ${((loaded - started) / 1000).toFixed(0)} s, GIN index built in ${((done - loaded) / 1000).toFixed(0)} s\n`);
}

if (import.meta.main) {
  printTable(`post search, ${POSTS} posts`, await benchSearch());
}
