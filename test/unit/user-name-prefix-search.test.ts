// Finding people by the start of a name (autocomplete on every keystroke, user search) reads only
// the users whose names start with the term — PostgreSQL's plan for the very statement the user
// repository sends ranges over the name prefix indexes instead of walking every user — and still
// finds what it should: case, full names, emails, and LIKE's wildcards taken literally.
import { expect } from 'chai';
import pg from 'pg';
import { Store } from '../../core/src/store/store.ts';
import { userListStatement, type UserListFilter } from '../../core/src/store/user-repository.ts';
import { numberedPlaceholders } from '../../core/src/store/placeholders.ts';
import { dropDatabase, freshDatabase } from '../helpers/database.ts';

/** Enough users that walking them all is the plan PostgreSQL would pick without the indexes. */
const USERS = 5_000;
const TEAM = 't'.repeat(26);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PlanNode[];
}

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

describe('user search by name prefix', function () {
  this.timeout(60_000);
  let url: string;
  let store: Store;
  let client: pg.Client;

  before(async () => {
    url = await freshDatabase();
    store = await Store.open({ url, maxConnections: 2 });
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`insert into users (id, create_at, update_at, username, email, timezone, props, notify_props, nickname, first_name, last_name)
      select lpad(g::text, 26, 'u'), g, g, 'user' || md5(g::text), 'mail' || md5(g::text) || '@example.com', '{}', '{}', '{}',
             'Nick' || md5((g * 7)::text), 'First' || md5((g * 3)::text), 'Last' || md5((g * 5)::text)
        from generate_series(1, ${USERS}) g`);
    const people: Array<[id: string, username: string, nickname: string, first: string, last: string, email: string]> = [
      ['a'.repeat(26), 'ada_l', 'Countess', 'Ada', 'Lovelace', 'ada@analytical.example'],
      ['b'.repeat(26), 'adaxl', '', 'Adam', 'Smith', 'adam@wealth.example'],
      ['c'.repeat(26), 'grace', 'Amazing Grace', 'Grace', 'HOPPER', 'grace@navy.example'],
    ];
    for (const [id, username, nickname, first, last, email] of people) {
      await client.query(
        `insert into users (id, create_at, update_at, username, email, timezone, props, notify_props, nickname, first_name, last_name) values ($1, 1, 1, $2, $3, '{}', '{}', '{}', $4, $5, $6)`,
        [id, username, email, nickname, first, last],
      );
    }
    await client.query(`insert into team_members (team_id, user_id, create_at) select $1, id, 1 from users`, [TEAM]);
    await client.query('analyze');
  });

  after(async () => {
    await client.end();
    await store.close();
    await dropDatabase(url);
  });

  const autocomplete = (term: string): UserListFilter => ({ term, termMatchesFullName: true, active: true, inTeam: TEAM, offset: 0, limit: 25 });
  const search = (term: string): UserListFilter => ({ term, termMatchesFullName: true, termMatchesEmail: true, active: true, offset: 0, limit: 100 });

  async function usersScans(filter: UserListFilter): Promise<PlanNode[]> {
    const { text, params } = userListStatement(filter, false);
    const { rows } = await client.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(`explain (format json) ${numberedPlaceholders(text)}`, params);
    const all = nodes(rows[0]['QUERY PLAN'][0].Plan);
    // The scans that read users' rows or their indexes (not the bots or team_members lookups).
    const indexOfUsers = (name: string | undefined) => name !== undefined && name.startsWith('users_');
    return all.filter((n) => n['Relation Name'] === 'users' || (n['Node Type'] === 'Bitmap Index Scan' && indexOfUsers(n['Index Name'])));
  }

  for (const [what, filter] of [
    ['an autocomplete in a team (username, nickname, first and last names)', autocomplete('zq')],
    ['a user search (with emails)', search('zq')],
    ['a term that matches a few', autocomplete('ada')],
  ] as const) {
    it(`ranges over the name indexes for ${what} instead of reading every user`, async () => {
      const scans = await usersScans(filter);
      expect(scans, 'scans of users').to.not.be.empty;
      for (const scan of scans) {
        expect(scan['Node Type'], JSON.stringify(scan)).to.not.equal('Seq Scan');
        if (scan['Node Type'] === 'Index Scan' || scan['Node Type'] === 'Bitmap Index Scan') expect(scan['Index Cond'], `${scan['Index Name']} bounded by the term`).to.be.a('string');
      }
    });
  }

  it('finds names by their start whatever their case, and emails only when asked', async () => {
    const names = async (filter: UserListFilter) => (await store.users.list(filter)).map((u) => u.username);
    expect(await names(autocomplete('ADA'))).to.deep.equal(['ada_l', 'adaxl']);
    expect(await names(autocomplete('hop'))).to.deep.equal(['grace']);
    expect(await names(autocomplete('amazing'))).to.deep.equal(['grace']);
    expect(await names(autocomplete('lovelace'))).to.deep.equal(['ada_l']);
    expect(await names(autocomplete('navy'))).to.deep.equal([]);
    expect(await names(search('grace@'))).to.deep.equal(['grace']);
    expect(await names(autocomplete('@grace'))).to.deep.equal(['grace']);
  });

  it("takes LIKE's wildcards in the term literally", async () => {
    const names = async (filter: UserListFilter) => (await store.users.list(filter)).map((u) => u.username);
    expect(await names(autocomplete('ada_'))).to.deep.equal(['ada_l']);
    expect(await names(autocomplete('ad%l'))).to.deep.equal([]);
  });
});
