// A repository statement outside a transaction that PostgreSQL aborts as a deadlock's victim runs
// again instead of failing the request (a 500): the deadlock here is made on purpose, between a
// user's "mark these channels viewed" (one statement locking two memberships) and another session
// locking the same two rows the other way round.
import { expect } from 'chai';
import pg from 'pg';
import { Store } from '../../core/src/store/store.ts';
import { dropDatabase, freshDatabase } from '../helpers/database.ts';

const USER = 'u'.repeat(26);
const FIRST = 'a'.repeat(26);
const SECOND = 'b'.repeat(26);
const VIEWED_AT = 1_700_000_000_000;
const POLL_MS = 50;
const POLL_LIMIT = 200;

describe('store statements and deadlocks', function () {
  this.timeout(30_000);
  let url: string;
  let store: Store;
  let other: pg.Client;
  /** Watches the statement from outside any transaction: pg_stat_activity is read once per transaction, so a poll inside `other`'s would never see it change. */
  let watcher: pg.Client;

  before(async () => {
    url = await freshDatabase();
    store = await Store.open({ url, maxConnections: 3 });
    other = new pg.Client({ connectionString: url });
    watcher = new pg.Client({ connectionString: url });
    await Promise.all([other.connect(), watcher.connect()]);
    // The memberships in the order every plan visits them (physical and key order agree).
    for (const [id, name] of [[FIRST, 'first'], [SECOND, 'second']]) {
      await other.query(`insert into channels (id, create_at, update_at, type, name, total_msg_count, total_msg_count_root, props) values ($1, 1, 1, 'O', $2, 5, 5, '{}')`, [id, name]);
      await other.query(`insert into channel_members (channel_id, user_id, notify_props, last_update_at) values ($1, $2, '{}', 1)`, [id, USER]);
    }
  });

  after(async () => {
    await Promise.all([other.end(), watcher.end()]);
    await store.close();
    await dropDatabase(url);
  });

  async function until(condition: () => Promise<boolean>, what: string): Promise<void> {
    for (let i = 0; i < POLL_LIMIT; i++) {
      if (await condition()) return;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
    throw new Error(`gave up waiting for ${what}`);
  }

  async function deadlocks(): Promise<number> {
    const { rows } = await watcher.query<{ deadlocks: string }>('select deadlocks from pg_stat_database where datname = current_database()');
    return Number(rows[0].deadlocks);
  }

  it('runs a statement again when PostgreSQL aborted it as the victim of a deadlock', async () => {
    const before = await deadlocks();
    await other.query('begin');
    await other.query('update channel_members set roles = roles where channel_id = $1 and user_id = $2', [SECOND, USER]);
    // Locks the first membership, then waits for the second, which the other session holds.
    const viewing = store.channels.markViewed([FIRST, SECOND], USER, VIEWED_AT);
    await until(async () => {
      const waiting = await watcher.query(
        `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like 'update channel_members m set last_viewed_at%'`,
      );
      return (waiting.rowCount ?? 0) > 0;
    }, 'the statement to wait for the second membership');
    // Now the other session wants the first: a cycle. The statement waited first, so its deadlock
    // check runs first and PostgreSQL aborts it; this update then goes through.
    await other.query('update channel_members set roles = roles where channel_id = $1 and user_id = $2', [FIRST, USER]);
    await other.query('commit');
    expect((await viewing).sort()).to.deep.equal([FIRST, SECOND]);
    const { rows } = await other.query<{ channel_id: string; last_viewed_at: string; msg_count: string }>(
      'select channel_id, last_viewed_at, msg_count from channel_members where user_id = $1 order by channel_id',
      [USER],
    );
    expect(rows).to.deep.equal([FIRST, SECOND].map((id) => ({ channel_id: id, last_viewed_at: String(VIEWED_AT), msg_count: '5' })));
    await until(async () => (await deadlocks()) > before, 'PostgreSQL to count the deadlock');
  });
});
