import { TEXT_LIST, Repository } from './repository.ts';
import { User, botDescriptionOf } from './entities/user.ts';
import { UserAccessToken } from './entities/user-access-token.ts';

export type NewUser = Omit<User, never>;
export type UserChanges = Partial<Omit<User, 'id' | 'createAt'>>;

/** Filters of GET /users, Mattermost's names. */
export type UserListSort = 'username' | 'create_at' | 'last_activity_at' | 'status' | 'admin';

export interface UserListFilter {
  inTeam?: string;
  notInTeam?: string;
  inChannel?: string;
  notInChannel?: string;
  inGroup?: string;
  notInGroup?: string;
  withoutTeam?: boolean;
  active?: boolean;
  inactive?: boolean;
  role?: string;
  /** `status` and `admin` order a channel's members (with `inChannel`), as Mattermost's. */
  sort?: UserListSort;
  term?: string;
  /** Let `term` match email addresses too (only for viewers allowed to see them). */
  termMatchesEmail?: boolean;
  /** Let `term` match first and last names too (only for viewers allowed to see them). */
  termMatchesFullName?: boolean;
  /** Only the users who share a channel with this user, and the user themselves (what a guest may see). */
  sharingAChannelWith?: string;
  offset: number;
  limit: number;
}

/** Every column of a user, the bot description its entity reads as a formula included. */
const SELECT_USERS = `select u.*, ${botDescriptionOf('u.id')} as bot_description from users u`;

/** A user's (u) membership of the team, channel or group given as the one parameter. */
const TEAM_MEMBERSHIP = 'select 1 from team_members tm where tm.user_id = u.id and tm.team_id = ? and tm.delete_at = 0';
const CHANNEL_MEMBERSHIP = 'select 1 from channel_members cm where cm.user_id = u.id and cm.channel_id = ?';
const GROUP_MEMBERSHIP = 'select 1 from group_members gm where gm.user_id = u.id and gm.group_id = ? and gm.delete_at = 0';
/** The ids of a team's members (the first parameter) outside a channel (the second). */
const TEAM_OUTSIDE_CHANNEL = `select tm.user_id from team_members tm where tm.team_id = ? and tm.delete_at = 0
   and not exists (select 1 from channel_members cm where cm.channel_id = ? and cm.user_id = tm.user_id)`;

export class UserRepository extends Repository {
  async insert(user: User): Promise<void> {
    await this.write((em) => em.insert(User, user));
  }

  findById(id: string): Promise<User | null> {
    return this.selectOne(User, `${SELECT_USERS} where u.id = ?`, [id]);
  }

  /** Users by id, in username order; with `updatedAfter`, only those whose update_at is later. */
  findByIds(ids: readonly string[], updatedAfter = 0): Promise<User[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.select(User, `${SELECT_USERS} where u.id = any(${TEXT_LIST}) and u.update_at > ? order by u.username`, [JSON.stringify(ids), updatedAfter]);
  }

  findByUsername(username: string): Promise<User | null> {
    return this.selectOne(User, `${SELECT_USERS} where u.username = ?`, [username.toLowerCase()]);
  }

  findByUsernames(usernames: readonly string[]): Promise<User[]> {
    if (usernames.length === 0) return Promise.resolve([]);
    return this.select(User, `${SELECT_USERS} where u.username = any(${TEXT_LIST})`, [JSON.stringify(usernames.map((u) => u.toLowerCase()))]);
  }

  findByEmail(email: string): Promise<User | null> {
    return this.selectOne(User, `${SELECT_USERS} where u.email = ?`, [email.toLowerCase()]);
  }

  /** The account a sign-in provider's subject belongs to. */
  findByAuth(authService: string, authData: string): Promise<User | null> {
    return this.selectOne(User, `${SELECT_USERS} where u.auth_service = ? and u.auth_data = ?`, [authService, authData]);
  }

  /** Every account of a sign-in service (active or not), for a directory sync. */
  listByAuthService(authService: string): Promise<User[]> {
    return this.select(User, `${SELECT_USERS} where u.auth_service = ? order by u.id`, [authService]);
  }

  /** Serialises sign-ups for the rest of the current transaction (deciding who is the first user). */
  async lockSignUps(): Promise<void> {
    await this.sql(`select pg_advisory_xact_lock(hashtext('parley.users.signup'))`);
  }

  /** Accounts of people, deactivated ones included; bots are not counted (Mattermost's user count for "first user"). */
  async countPeople(): Promise<number> {
    const [row] = await this.sql<{ count: string }>(`select count(*) as count from users u where not exists (select 1 from bots b where b.user_id = u.id)`);
    return Number(row.count);
  }

  /** Accounts of people that are not deactivated (bots are not counted). */
  async countActivePeople(): Promise<number> {
    const [row] = await this.sql<{ count: string }>(`select count(*) as count from users u where u.delete_at = 0 and not exists (select 1 from bots b where b.user_id = u.id)`);
    return Number(row.count);
  }

  /** Applies `changes` and returns the updated row, or null when no user has that id. */
  async update(id: string, changes: UserChanges): Promise<User | null> {
    await this.write((em) => em.nativeUpdate(User, { id }, changes));
    return this.findById(id);
  }

  /** Counts one failed login and returns the new total. */
  async recordFailedLogin(id: string): Promise<number> {
    const rows = await this.sql<{ failed_attempts: number }>(
      'update users set failed_attempts = failed_attempts + 1 where id = ? returning failed_attempts',
      [id],
    );
    return rows[0]?.failed_attempts ?? 0;
  }

  /** Users matching a filter, in Mattermost's order for it. */
  async list(filter: UserListFilter): Promise<User[]> {
    const fewOutside = filter.inTeam && filter.notInChannel ? await this.#channelHoldsMostOfTeam(filter.notInChannel, filter.inTeam) : false;
    const { text, params } = userListStatement(filter, fewOutside);
    return this.select(User, text, params);
  }

  /**
   * Whether at least half of a team's members are in the channel, so that few are outside it. Two
   * counts over primary-key ranges, which tell list() how to find the team's users outside the channel:
   * walking all users in list order and dropping the channel's members costs a walk through every
   * user when the channel holds the whole team (PostgreSQL cannot know how many an anti-join keeps,
   * least of all in the generic plan of a prepared statement), while taking the team's members
   * minus the channel's and sorting what is left costs a sort of nearly the whole team when the
   * channel is small.
   */
  async #channelHoldsMostOfTeam(channelId: string, teamId: string): Promise<boolean> {
    const [row] = await this.sql<{ most: boolean }>(
      `select (select count(*) from channel_members where channel_id = ?) * 2 >= (select count(*) from team_members where team_id = ? and delete_at = 0) as most`,
      [channelId, teamId],
    );
    return row.most;
  }

  async insertAccessToken(token: UserAccessToken): Promise<void> {
    await this.write((em) => em.insert(UserAccessToken, token));
  }

  findAccessTokenByHash(tokenHash: string): Promise<UserAccessToken | null> {
    return this.em().findOne(UserAccessToken, { tokenHash });
  }

  findAccessToken(id: string): Promise<UserAccessToken | null> {
    return this.em().findOne(UserAccessToken, { id });
  }

  listAccessTokens(userId: string | null, offset: number, limit: number): Promise<UserAccessToken[]> {
    return this.em().find(UserAccessToken, userId ? { userId } : {}, { orderBy: { createAt: 'asc', id: 'asc' }, offset, limit });
  }

  async setAccessTokenActive(id: string, isActive: boolean): Promise<void> {
    await this.em().nativeUpdate(UserAccessToken, { id }, { isActive });
  }

  async deleteAccessToken(id: string): Promise<void> {
    await this.em().nativeDelete(UserAccessToken, { id });
  }
}

/**
 * The statement list() sends for `filter` (`?` placeholders). `fewOutside`: the filter asks for a
 * team's users outside one of its channels, and the channel holds most of the team (#channelHoldsMostOfTeam).
 */
export function userListStatement(filter: UserListFilter, fewOutside: boolean): { text: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (fewOutside) {
    where.push(`u.id in (${TEAM_OUTSIDE_CHANNEL})`);
    params.push(filter.inTeam, filter.notInChannel);
  }
  // Membership in a team, channel or group, or not: one `exists` over the membership table each.
  const memberships: [id: string | undefined, negated: boolean, membership: string][] = [
    [fewOutside ? undefined : filter.inTeam, false, TEAM_MEMBERSHIP],
    [filter.notInTeam, true, TEAM_MEMBERSHIP],
    [filter.inChannel, false, CHANNEL_MEMBERSHIP],
    [fewOutside ? undefined : filter.notInChannel, true, CHANNEL_MEMBERSHIP],
    [filter.inGroup, false, GROUP_MEMBERSHIP],
    [filter.notInGroup, true, GROUP_MEMBERSHIP],
  ];
  for (const [id, negated, membership] of memberships) {
    if (!id) continue;
    where.push(`${negated ? 'not ' : ''}exists (${membership})`);
    params.push(id);
  }
  if (filter.withoutTeam) {
    where.push('not exists (select 1 from team_members tm where tm.user_id = u.id and tm.delete_at = 0)');
  }
  if (filter.sharingAChannelWith) {
    where.push('(u.id = ? or exists (select 1 from channel_members mine join channel_members other on other.channel_id = mine.channel_id where mine.user_id = ? and other.user_id = u.id))');
    params.push(filter.sharingAChannelWith, filter.sharingAChannelWith);
  }
  if (filter.active) where.push('u.delete_at = 0');
  if (filter.inactive) where.push('u.delete_at > 0');
  if (filter.role) {
    where.push(`(' ' || u.roles || ' ') like ?`);
    params.push(`% ${filter.role} %`);
  }
  if (filter.term) {
    // A prefix of each name, which the name prefix indexes serve (m0032-user-name-prefix-indexes.ts).
    const like = `${escapeLike(filter.term.toLowerCase().replace(/^@/, ''))}%`;
    const fields = [
      'u.username',
      'lower(u.nickname)',
      ...(filter.termMatchesFullName ? ['lower(u.first_name)', 'lower(u.last_name)'] : []),
      ...(filter.termMatchesEmail ? ['u.email'] : []),
    ];
    where.push(`(${fields.map((f) => `${f} like ?`).join(' or ')})`);
    params.push(...fields.map(() => like));
  }
  const { order, join, joinParams = [] } = listOrder(filter);
  const conditions = where.length ? 'where ' + where.join(' and ') : '';
  if (fewOutside) {
    // The few candidates are ranked on their ids and sort keys alone; only the page's rows are read whole.
    return {
      text: `with page as (
         select u.id, row_number() over (order by ${order}) as n from users u ${join} ${conditions} order by ${order} limit ? offset ?
       )
       ${SELECT_USERS} join page on page.id = u.id order by page.n`,
      params: [...joinParams, ...params, filter.limit, filter.offset],
    };
  }
  return { text: `${SELECT_USERS} ${join} ${conditions} order by ${order} limit ? offset ?`, params: [...joinParams, ...params, filter.limit, filter.offset] };
}


/**
 * The order of a user list, and the join it needs: statuses only for the orders that read them (a
 * join on every list cost the channel member lists of large channels a scan of the statuses).
 */
function listOrder(filter: UserListFilter): { order: string; join: string; joinParams?: unknown[] } {
  switch (filter.sort) {
    case 'create_at':
      return { order: 'u.create_at desc, u.id', join: '' };
    case 'last_activity_at':
      return { order: 'coalesce(s.last_activity_at, 0) desc, u.username', join: 'left join statuses s on s.user_id = u.id' };
    case 'status':
      // Mattermost's GetProfilesInChannelByStatus: online, away, do not disturb, then everyone else.
      return {
        order: "case s.status when 'online' then 1 when 'away' then 2 when 'dnd' then 3 else 4 end, u.username",
        join: 'left join statuses s on s.user_id = u.id',
      };
    case 'admin':
      // Mattermost's GetProfilesInChannelByAdmin: the channel's admins first.
      return {
        order: 'coalesce(sort_cm.scheme_admin, false) desc, u.username',
        join: 'left join channel_members sort_cm on sort_cm.user_id = u.id and sort_cm.channel_id = ?',
        joinParams: [filter.inChannel],
      };
    default:
      return { order: 'u.username', join: '' };
  }
}

/** Escapes `%`, `_` and `\` so user input matches literally in a LIKE pattern. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => '\\' + c);
}
