// Writes the capacity benchmark's organisation: the few rows whose shape the server should decide
// through its API (one administrator, the teams with their default channels, the team channels),
// then everything per user straight into PostgreSQL on the migrated schema — users, one session
// each (its token stored as SessionService stores it, hashed), memberships, direct messages, seed
// posts — so thousands of users cost seconds, and no password is hashed per user. The users' JSON
// columns are copied from the administrator's rows, which the server wrote itself.
import pg from 'pg';
import { newId } from '../../core/src/app/ids.ts';
import { hashToken } from '../../core/src/app/session-service.ts';
import { DEFAULT_CHANNELS, type Org, type SeedPost } from './capacity-org.ts';

const ADMIN = { username: 'capacityadmin', email: 'capacityadmin@example.com', password: 'capacity-admin-password-1' };
const BATCH = 5_000;
const SESSION_MS = 30 * 86_400_000;

export async function bulkLoad(url: string, databaseUrl: string, org: Org, seedPosts: SeedPost[]): Promise<void> {
  const admin = await createAdmin(url);
  for (const team of org.teams) {
    const created = await api<{ id: string }>(url, admin.token, 'POST', '/teams', { name: team.name, display_name: `Capacity ${team.index}`, type: 'O' });
    team.id = created.id;
    for (const index of team.channels) {
      const channel = org.channels[index];
      channel.id = DEFAULT_CHANNELS.includes(channel.name)
        ? (await api<{ id: string }>(url, admin.token, 'GET', `/teams/${team.id}/channels/name/${channel.name}`)).id
        : (await api<{ id: string }>(url, admin.token, 'POST', '/channels', { team_id: team.id, name: channel.name, display_name: channel.name, type: channel.type })).id;
    }
  }
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('begin');
    await writeRows(db, org, seedPosts, admin.userId);
    await db.query('commit');
    await db.query('analyze');
  } finally {
    await db.end();
  }
}

async function writeRows(db: pg.Client, org: Org, seedPosts: SeedPost[], adminId: string): Promise<void> {
  const now = Date.now();
  const users = org.users;
  await insert(
    db,
    `insert into users (id, create_at, update_at, username, email, roles, timezone, props, notify_props, last_password_update)
     select u.id, $4, $4, u.username, u.email, 'system_user', a.timezone, a.props, a.notify_props, $4
       from unnest($1::text[], $2::text[], $3::text[]) as u(id, username, email), users a where a.id = $5`,
    [users.map((u) => u.id), users.map((u) => u.username), users.map((u) => `${u.username}@example.com`)],
    [now, adminId],
  );
  await insert(
    db,
    `insert into sessions (id, token_hash, user_id, create_at, expires_at, last_activity_at, roles, csrf_token, props)
     select s.id, s.token_hash, s.user_id, $5, $6, $5, 'system_user', s.csrf, '{}' from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as s(id, token_hash, user_id, csrf)`,
    [users.map(() => newId()), users.map((u) => hashToken(u.token)), users.map((u) => u.id), users.map(() => newId())],
    [now, now + SESSION_MS],
  );
  await insert(
    db,
    `insert into team_members (team_id, user_id, create_at) select t.team_id, t.user_id, $3 from unnest($1::text[], $2::text[]) as t(team_id, user_id)`,
    [users.map((u) => org.teams[u.team].id), users.map((u) => u.id)],
    [now],
  );
  const personal = org.channels.filter((c) => c.team < 0);
  await insert(
    db,
    `insert into channels (id, create_at, update_at, team_id, type, name, creator_id, props)
     select c.id, $4, $4, '', 'D', c.name, c.creator_id, '{}' from unnest($1::text[], $2::text[], $3::text[]) as c(id, name, creator_id)`,
    [personal.map((c) => c.id), personal.map((c) => c.name), personal.map((c) => users[c.members[0]].id)],
    [now],
  );
  const memberships = org.channels.flatMap((c) => c.members.map((m) => [c.id, users[m].id]));
  await insert(
    db,
    `insert into channel_members (channel_id, user_id, notify_props, last_update_at)
     select m.channel_id, m.user_id, (select notify_props from channel_members where user_id = $4 limit 1), $3
       from unnest($1::text[], $2::text[]) as m(channel_id, user_id)`,
    [memberships.map((m) => m[0]), memberships.map((m) => m[1])],
    [now, adminId],
  );
  await insert(
    db,
    `insert into posts (id, create_at, update_at, user_id, channel_id, root_id, message, props, file_ids)
     select p.id, p.create_at, p.create_at, p.user_id, p.channel_id, p.root_id, p.message, '{}', '[]'
       from unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) as p(id, create_at, user_id, channel_id, root_id, message)`,
    [
      seedPosts.map((p) => p.id),
      seedPosts.map((p) => p.createAt),
      seedPosts.map((p) => users[p.author].id),
      seedPosts.map((p) => org.channels[p.channel].id),
      seedPosts.map((p) => p.rootId),
      seedPosts.map((p) => p.message),
    ],
  );
  const shown = personal.flatMap((c) => [[users[c.members[0]].id, users[c.members[1]].id], [users[c.members[1]].id, users[c.members[0]].id]]);
  await insert(
    db,
    `insert into preferences (user_id, category, name, value) select p.user_id, 'direct_channel_show', p.name, 'true' from unnest($1::text[], $2::text[]) as p(user_id, name)`,
    [shown.map((s) => s[0]), shown.map((s) => s[1])],
  );
  // The counters the server keeps as posts arrive, and everyone has read everything so far.
  await db.query(`update channels c set total_msg_count = s.n, total_msg_count_root = s.roots, last_post_at = s.last, last_root_post_at = s.last_root
                    from (select channel_id, count(*) as n, count(*) filter (where root_id = '') as roots, max(create_at) as last,
                                 coalesce(max(create_at) filter (where root_id = ''), 0) as last_root
                            from posts where delete_at = 0 group by channel_id) s
                   where c.id = s.channel_id`);
  await db.query(`update posts p set last_reply_at = r.last from (select root_id, max(create_at) as last from posts where root_id <> '' group by root_id) r where p.id = r.root_id`);
  // The threads the replies make, followed by their roots' authors and their repliers, all read.
  await db.query(`insert into threads (post_id, channel_id, reply_count, last_reply_at, participants)
                  select root_id, min(channel_id), count(*), max(create_at), jsonb_agg(distinct user_id) from posts where root_id <> '' group by root_id`);
  await db.query(`insert into thread_memberships (post_id, user_id, following, last_viewed, last_updated)
                  select t.post_id, f.user_id, true, $1, $1 from threads t
                    join lateral (select user_id from posts where id = t.post_id union select jsonb_array_elements_text(t.participants)) f on true`, [now]);
  await db.query(`update channel_members m set msg_count = c.total_msg_count, msg_count_root = c.total_msg_count_root, last_viewed_at = $1 from channels c where c.id = m.channel_id`, [now]);
}

/** Runs `sql` over the rows of `columns` (parallel arrays, then `extra` parameters), BATCH rows at a time. */
async function insert(db: pg.Client, sql: string, columns: unknown[][], extra: unknown[] = []): Promise<void> {
  const rows = columns[0].length;
  for (let from = 0; from < rows; from += BATCH) {
    await db.query(sql, [...columns.map((column) => column.slice(from, from + BATCH)), ...extra]);
  }
}

/** The first user of a fresh server becomes its administrator; one login, one password hash. */
async function createAdmin(url: string): Promise<{ userId: string; token: string }> {
  const user = await api<{ id: string }>(url, '', 'POST', '/users', ADMIN);
  const response = await fetch(`${url}/api/v4/users/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login_id: ADMIN.username, password: ADMIN.password }),
  });
  const token = response.headers.get('Token');
  if (!response.ok || !token) throw new Error(`the administrator could not log in: ${response.status} ${await response.text()}`);
  return { userId: user.id, token };
}

async function api<T>(url: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`${url}/api/v4${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as T;
}
