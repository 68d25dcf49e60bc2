import { expect } from 'chai';
import pg from 'pg';
import type { Channel } from '@mattermost/types/channels';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createTeamWith } from '../helpers/chat-fixtures.ts';
import { corpusWord, generateCorpus } from '../../scripts/bench/search-corpus.ts';
import { parseSearchQuery } from '../../core/src/app/search/search-query.ts';
import { toSearchFilters } from '../../core/src/app/search/search-filters.ts';
import { searchAttempts, type SearchFilters } from '../../core/src/store/search-repository.ts';

const POSTS = 20_000;
const CHANNELS = 20;
/** The corpus covers the days up to now, so the recent spans a search tries first hold posts. */
const DAYS = 200;

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

describe('search query plans', () => {
  let ts: TestServer;
  let db: pg.Client;
  let searcher: LoggedIn;
  let teamId: string;

  before(async function () {
    this.timeout(180_000);
    ts = await startTestServer();
    const admin = await createAdmin(ts);
    searcher = await createUser(ts, admin.client);
    const author = await createUser(ts, admin.client);
    const team = await createTeamWith(admin.client, [searcher.user.id, author.user.id]);
    teamId = team.id;
    const channels: Channel[] = [];
    for (let i = 0; i < CHANNELS; i++) {
      const name = `plan-${i}`;
      channels.push(await admin.client.createChannel({ team_id: team.id, name, display_name: name, type: 'O' } as Channel));
      // The searcher is in half the channels, so the channel filter matters as it does for real users.
      if (i % 2 === 0) await admin.client.addToChannel(searcher.user.id, channels[i].id);
    }
    db = new pg.Client({ connectionString: ts.databaseUrl });
    await db.connect();
    await generateCorpus(db, { posts: POSTS, channelIds: channels.map((c) => c.id), userIds: [author.user.id, admin.user.id], startAt: Date.now() - DAYS * 86_400_000, days: DAYS });
    await db.query('analyze posts; analyze channels; analyze channel_members');
  });
  after(async () => {
    await db?.end();
    await ts?.close();
  });

  const filtersFor = async (terms: string): Promise<SearchFilters> => {
    const channels = await ts.store.search.searchableChannels(searcher.user.id, teamId, { includeDeleted: false, withMembers: false });
    const names = { channelIds: channels.map((c) => c.id), fromUserIds: [], excludedUserIds: [] };
    return toSearchFilters(parseSearchQuery(terms), names, { isOrSearch: false, timeZoneOffset: 0, page: 0, perPage: 60 });
  };
  const matchingPosts = async (terms: string) => {
    const query = parseSearchQuery(terms).terms[0];
    const tsquery = query.prefix ? `to_tsquery('simple', $1 || ':*')` : `plainto_tsquery('simple', $1)`;
    const { rows } = await db.query(`select count(*)::int as n from posts where search_vector @@ ${tsquery}`, [query.text]);
    return rows[0].n as number;
  };
  const planOf = async (filters: SearchFilters) => {
    const [plan] = (await ts.store.search.explainPosts(filters)) as Array<{ Plan: PlanNode }>;
    return { nodes: planNodes(plan.Plan), json: JSON.stringify(plan.Plan) };
  };
  /**
   * The whole-history statement is one bitmap scan of the GIN index; the recent-span statements
   * tried before it may AND that with the channel/create_at index or use the latter alone, but no
   * statement of the search ever reads the table sequentially or loops over an index.
   */
  const expectIndexedPlans = async (terms: string) => {
    const filters = await filtersFor(terms);
    const whole = await planOf(filters);
    const ginScans = whole.nodes.filter((n) => n['Node Type'] === 'Bitmap Index Scan' && n['Index Name'] === 'posts_search_vector_index');
    expect(ginScans, whole.json).to.have.length(1);
    for (const attempt of searchAttempts(filters, Date.now())) {
      const { nodes, json } = await planOf(attempt);
      const nodeTypes = nodes.map((n) => n['Node Type']);
      expect(nodeTypes, json).not.to.include('Seq Scan');
      expect(nodeTypes, json).not.to.include('Nested Loop');
    }
    expect((await ts.store.search.posts(filters)).length).to.be.greaterThan(0);
  };

  it('plans a rare word as one bitmap scan of the GIN index, and its recent spans on indexes', async () => {
    const rare = corpusWord(2000);
    expect(await matchingPosts(rare)).to.be.within(1, POSTS * 0.002);
    await expectIndexedPlans(rare);
  });

  it('plans a common word as one bitmap scan of the GIN index, and its recent spans on indexes', async () => {
    const common = corpusWord(10);
    expect(await matchingPosts(common)).to.be.within(POSTS * 0.05, POSTS * 0.2);
    await expectIndexedPlans(common);
  });

  it('plans a prefix as one bitmap scan of the GIN index, and its recent spans on indexes', async () => {
    const prefix = `${corpusWord(105).slice(0, 3)}*`;
    expect(await matchingPosts(prefix)).to.be.within(POSTS * 0.01, POSTS * 0.2);
    await expectIndexedPlans(prefix);
  });
});
