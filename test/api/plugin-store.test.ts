// Per-plugin SQL: a plugin's own schema with its bundle's migrations, queries and transactions
// through the sandbox — and the hostile suite: a plugin sending whatever SQL it likes reaches nothing
// but its own schema, and every way of hurting the server or another plugin is refused or bounded.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';

const NOTES = 'com.example.notes';
const ATTACKER = 'com.example.attacker';

// Runs what the request asks: one statement, or several in a transaction (optionally failing after them).
const SQL_RUNNER = `
export default (api) => ({
  async serveHttp(ctx, request) {
    const ask = JSON.parse(request.body || '{}');
    try {
      if (request.path === '/query') return { body: JSON.stringify({ result: await api.store.query(ask.sql, ask.params ?? [], ask.tx ?? '') }) };
      if (request.path === '/begin') return { body: JSON.stringify({ result: await api.store.begin() }) };
      if (request.path === '/transaction') {
        const result = await api.store.transaction(async (tx) => {
          const answers = [];
          for (const [sql, params] of ask.statements) answers.push(await tx.query(sql, params));
          if (ask.fail) throw new Error('changed my mind');
          return answers;
        });
        return { body: JSON.stringify({ result }) };
      }
      if (request.path === '/search') {
        // Untrusted input from a user, bound as a value: never part of the SQL.
        return { body: JSON.stringify({ result: await api.store.query('select body from notes where body = $1', [request.query.q]) }) };
      }
    } catch (err) {
      return { body: JSON.stringify({ error: err.id, message: err.message }) };
    }
    return { status: 404 };
  },
});`;

const MIGRATIONS = [
  { path: 'store/migrations/0001_notes.sql', body: 'create table notes (id serial primary key, body text not null, meta jsonb);\ncreate index notes_body on notes (body);\n' },
  { path: 'store/migrations/0002_pinned.sql', body: "alter table notes add column pinned boolean not null default false;\ninsert into notes (body) values ('welcome');\n" },
];

interface Answer {
  result?: { command: string; row_count: number; rows: Array<Record<string, unknown>>; fields: string[] } & unknown;
  error?: string;
  message?: string;
}

describe('plugin SQL stores', () => {
  let ts: TestServer;
  let admin: Client4;

  const install = async (id: string, extra: Array<{ path: string; body: string }>, api = ['store']) => {
    const bundle = pluginBundle({ id, server: SQL_RUNNER, manifest: { permissions: { api } } }, extra);
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${id}.tar.gz`) as never, true);
    await admin.enablePlugin(id);
  };
  const ask = async (id: string, path: string, body: unknown = {}): Promise<Answer> =>
    (await (await fetch(`${ts.url}/plugins/${id}${path}`, { method: 'POST', body: JSON.stringify(body) })).json()) as Answer;
  const query = (id: string, sql: string, params: unknown[] = [], tx = '') => ask(id, '/query', { sql, params, tx });
  const stateOf = async (id: string) => (await admin.getPluginStatuses()).find((s) => s.plugin_id === id);

  before(async () => {
    ts = await startTestServer({
      config: { PluginSettings: { EnableUploads: true } },
      storeQuotas: { timeoutMs: 1000, maxRows: 1000, maxBytes: 256 * 1024, maxSchemaBytes: 2 * 1024 * 1024, maxRelations: 30, usageCheckMs: 0, transactionMs: 2000 },
    });
    admin = (await createAdmin(ts)).client;
    await install(NOTES, MIGRATIONS);
    await install(ATTACKER, []);
  });
  after(async () => {
    await ts.close();
  });

  describe('a plugin using its store', () => {
    it('applies the bundle\'s migrations in order at activation and records them', async () => {
      const { result } = await query(NOTES, 'select body, pinned from notes');
      expect(result!.rows).to.deep.equal([{ body: 'welcome', pinned: false }]);
      const applied = await query(NOTES, 'select name from parley_migrations order by name');
      expect(applied.result!.rows.map((r) => r.name)).to.deep.equal(['0001_notes.sql', '0002_pinned.sql']);
    });

    it('binds values apart from the SQL, JSON included, and answers rows by column', async () => {
      const inserted = await query(NOTES, 'insert into notes (body, meta) values ($1, $2) returning id, meta', ['from a test', { tags: ['a'], n: 1 }]);
      expect(inserted.result).to.deep.include({ command: 'INSERT', row_count: 1, fields: ['id', 'meta'] });
      expect(inserted.result!.rows[0].meta).to.deep.equal({ tags: ['a'], n: 1 });
      const injection = "x'; drop table notes; --";
      const search = (await (await fetch(`${ts.url}/plugins/${NOTES}/search?q=${encodeURIComponent(injection)}`, { method: 'POST' })).json()) as Answer;
      expect(search.result!.rows).to.deep.equal([]);
      expect((await query(NOTES, 'select count(*)::int as n from notes')).result!.rows[0].n).to.equal(2);
    });

    it('commits a transaction whose work succeeds and rolls back one that throws', async () => {
      const committed = await ask(NOTES, '/transaction', { statements: [["insert into notes (body) values ('tx one')", []], ["insert into notes (body) values ('tx two')", []]] });
      expect(committed.error).to.equal(undefined);
      const failed = await ask(NOTES, '/transaction', { statements: [["insert into notes (body) values ('never')", []]], fail: true });
      expect(failed.message).to.equal('changed my mind');
      const bodies = (await query(NOTES, "select body from notes where body in ('tx one', 'tx two', 'never') order by body")).result!.rows.map((r) => r.body);
      expect(bodies).to.deep.equal(['tx one', 'tx two']);
    });

    it('ends a transaction left open, and keeps the data when the plugin is disabled and enabled again', async () => {
      const txId = (await ask(NOTES, '/begin')).result as unknown as string;
      await query(NOTES, "insert into notes (body) values ('abandoned')", [], txId);
      await new Promise((resolve) => setTimeout(resolve, 2300));
      expect((await query(NOTES, 'select 1', [], txId)).error).to.equal('plugin.store.no_transaction');
      await admin.disablePlugin(NOTES);
      await admin.enablePlugin(NOTES);
      const bodies = (await query(NOTES, 'select body from notes')).result!.rows.map((r) => r.body);
      expect(bodies).to.include('tx one').and.not.include('abandoned');
    });

    it('refuses to start a plugin whose applied migration changed, or whose new migration fails, leaving nothing half-done', async () => {
      await install(NOTES, [MIGRATIONS[0], { path: MIGRATIONS[1].path, body: 'alter table notes add column edited boolean;' }]);
      expect((await stateOf(NOTES))?.state).to.equal(3);
      expect(await admin.getPluginStatuses().then((all) => JSON.stringify(all))).to.include('changed after it was applied');

      await install(NOTES, [...MIGRATIONS, { path: 'store/migrations/0003_broken.sql', body: 'create table half (x int);\nselect * from no_such_table;' }]);
      expect((await stateOf(NOTES))?.state).to.equal(3);
      await install(NOTES, MIGRATIONS);
      expect((await query(NOTES, "select count(*)::int as n from pg_tables where tablename = 'half'")).result!.rows[0].n).to.equal(0);
    });

    it('keeps the data when the plugin is removed, and deletes it when the admin asks for that', async () => {
      const remove = (query: string) => fetch(`${ts.url}/api/v4/plugins/${NOTES}${query}`, { method: 'DELETE', headers: { Authorization: `Bearer ${admin.getToken()}` } });
      expect((await remove('')).status).to.equal(200);
      await install(NOTES, MIGRATIONS);
      expect((await query(NOTES, "select count(*)::int as n from notes where body = 'tx one'")).result!.rows[0].n).to.equal(1);
      expect((await remove('?remove_data=true')).status).to.equal(200);
      await install(NOTES, MIGRATIONS);
      expect((await query(NOTES, 'select body from notes')).result!.rows).to.deep.equal([{ body: 'welcome' }]);
    });

    it('refuses the store to a plugin that did not ask for it', async () => {
      await install('com.example.nostore', [], []);
      expect((await query('com.example.nostore', 'select 1')).error).to.equal('plugin.api.permission_denied');
    });
  });

  describe('hostile SQL', () => {
    let notesSchema: string;
    let serverUser: string;

    before(async () => {
      notesSchema = ts.server.plugins.stores.names(NOTES).schema;
      serverUser = decodeURIComponent(new URL(ts.store.url).username);
    });

    const refused: Array<[string, () => string, string]> = [
      ['reading the users table', () => 'select * from public.users', 'plugin.store.permission_denied'],
      ['reading sessions through an unqualified name', () => 'select token_hash from sessions', 'plugin.store.sql_error'],
      ['reading another plugin\'s schema', () => `select * from "${notesSchema}".notes`, 'plugin.store.permission_denied'],
      ['reading password hashes from pg_authid', () => 'select rolpassword from pg_authid', 'plugin.store.permission_denied'],
      ['reading server files', () => "select pg_read_file('/etc/passwd')", 'plugin.store.permission_denied'],
      ['writing server files with COPY', () => "copy (select 1) to '/tmp/parley-pwned'", 'plugin.store.permission_denied'],
      ['importing a file as a large object', () => "select lo_import('/etc/passwd')", 'plugin.store.permission_denied'],
      ['installing dblink', () => 'create extension dblink', 'plugin.store.permission_denied'],
      ['becoming the server\'s user', () => `set role "${serverUser}"`, 'plugin.store.permission_denied'],
      ['session authorization', () => `set session authorization "${serverUser}"`, 'plugin.store.permission_denied'],
      ['creating tables among the server\'s', () => 'create table public.squat (x int)', 'plugin.store.permission_denied'],
      ['creating a role', () => 'create role intruder login', 'plugin.store.permission_denied'],
      ['making itself superuser', () => 'alter role current_user superuser', 'plugin.store.permission_denied'],
      ['two statements in one call', () => 'select 1; drop table notes', 'plugin.store.sql_error'],
      ['a query that runs for ever', () => 'select pg_sleep(30)', 'plugin.store.timeout'],
      ['an answer of gigabytes', () => "select repeat('x', 1000000) from generate_series(1, 1000)", 'plugin.store.too_large'],
      ['too many rows', () => 'select 1 as n from generate_series(1, 5000)', 'plugin.store.too_many_rows'],
      ['using another plugin\'s schema through search_path', () => `set search_path = "${notesSchema}", public`, 'plugin.store.sql_error'],
    ];
    for (const [attack, sql, id] of refused) {
      it(`refuses ${attack}`, async () => {
        const answer = await query(ATTACKER, sql());
        if (answer.error === undefined && attack.includes('search_path')) {
          // Setting search_path is allowed, but it reaches nothing: the next call starts clean, and names stay out of reach.
          expect((await query(ATTACKER, 'select * from notes')).error).to.equal(id);
          return;
        }
        expect(answer.error, `${attack}: ${answer.message}`).to.equal(id);
      });
    }

    it('cannot lift its timeout: settings do not outlive a call, and the server cancels overdue statements itself', async () => {
      expect((await query(ATTACKER, 'set statement_timeout = 0')).error).to.equal(undefined);
      expect((await query(ATTACKER, 'select pg_sleep(30)')).error).to.equal('plugin.store.timeout');
      expect((await query(ATTACKER, "select current_setting('statement_timeout') as t")).result!.rows[0].t).to.not.equal('0');
    });

    it('holds no advisory lock, temporary table or setting past its call', async () => {
      await query(ATTACKER, 'select pg_advisory_lock(42)');
      await query(ATTACKER, 'create temporary table scratch (x int)');
      const locks = await query(ATTACKER, "select count(*)::int as n from pg_locks where locktype = 'advisory'");
      expect(locks.result!.rows[0].n).to.equal(0);
      expect((await query(ATTACKER, 'select * from scratch')).error).to.equal('plugin.store.sql_error');
    });

    it('sees no other session\'s SQL in pg_stat_activity', async () => {
      const activity = await query(ATTACKER, 'select usename, query from pg_stat_activity where usename is distinct from current_user');
      for (const row of activity.result!.rows) expect(row.query, String(row.usename)).to.be.oneOf(['<insufficient privilege>', null, '']);
    });

    it('cannot use another plugin\'s transaction', async () => {
      const txId = (await ask(NOTES, '/begin')).result as unknown as string;
      expect((await query(ATTACKER, "insert into notes (body) values ('x')", [], txId)).error).to.equal('plugin.store.no_transaction');
    });

    it('holds a few connections at most, however many calls it makes at once', async () => {
      const answers = await Promise.all([...Array(12)].map(() => query(ATTACKER, 'select pg_backend_pid() as pid, pg_sleep(0.2)')));
      const pids = new Set(answers.map((a) => a.result!.rows[0].pid));
      expect(pids.size).to.be.at.most(4);
    });

    it('stops writing once its schema is over the relation quota, and may still drop what it made', async () => {
      for (let i = 0; i < 31; i++) await query(ATTACKER, `create table flood_${i} (x int)`);
      expect((await query(ATTACKER, 'create table flood_last (x int)')).error).to.equal('plugin.store.over_quota');
      expect((await query(ATTACKER, 'select 1 as ok')).result!.rows[0].ok).to.equal(1);
      for (let i = 0; i < 31; i++) await query(ATTACKER, `drop table if exists flood_${i}`);
      expect((await query(ATTACKER, 'create table after_flood (x int)')).error).to.equal(undefined);
    });

    it('stops writing once its schema is over the size quota, and may delete to get under it', async () => {
      await query(ATTACKER, 'create table blob (x text)');
      // Random text does not compress: each insert adds about 200 kB.
      let refusedAt = -1;
      for (let i = 0; i < 30 && refusedAt < 0; i++) {
        const answer = await query(ATTACKER, "insert into blob select string_agg(md5(random()::text), '') from generate_series(1, 6000)");
        if (answer.error === 'plugin.store.over_quota') refusedAt = i;
      }
      expect(refusedAt, 'the quota stopped the inserts').to.be.above(0);
      expect((await query(ATTACKER, 'delete from blob')).error).to.equal(undefined);
      await query(ATTACKER, 'vacuum full blob').catch(() => {});
      expect((await query(ATTACKER, 'drop table blob')).error).to.equal(undefined);
    });

    it('leaves the server and the other plugin working after all of it', async () => {
      expect((await fetch(`${ts.url}/api/v4/system/ping`)).status).to.equal(200);
      expect((await query(NOTES, 'select count(*)::int as n from notes')).result!.rows[0].n).to.be.above(0);
    });
  });
});
