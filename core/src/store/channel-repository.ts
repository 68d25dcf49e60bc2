import { TEXT_LIST } from './repository.ts';
import { AccessRepository } from './access-writes.ts';
import { escapeLike } from './user-repository.ts';
import { Channel, type ModeratedOff } from './entities/channel.ts';
import { ChannelMember } from './entities/channel-member.ts';
import { TeamMember } from './entities/team-member.ts';

export type ChannelChanges = Partial<Omit<Channel, 'id' | 'createAt' | 'teamId' | 'type'>> & { type?: string };
export type ChannelMemberChanges = Partial<Pick<ChannelMember, 'roles' | 'schemeUser' | 'schemeAdmin' | 'notifyProps' | 'lastUpdateAt'>>;

/** A channel with one user's membership rows in it and in its team (null where there is none; no team row for DMs and GMs). */
export interface ChannelWithMemberships {
  channel: Channel;
  member: ChannelMember | null;
  teamMember: TeamMember | null;
}

/**
 * What deciding one user's access to a channel needs, and no more: the channel's team and type, and
 * the user's roles in it and in its team (null where there is no membership row). A
 * ChannelWithMemberships is one too.
 */
export interface ChannelGrants {
  channel: Pick<Channel, 'id' | 'teamId' | 'type' | 'moderatedOff'>;
  member: Pick<ChannelMember, 'roles' | 'schemeGuest' | 'schemeUser' | 'schemeAdmin'> | null;
  teamMember: Pick<TeamMember, 'roles' | 'schemeGuest' | 'schemeUser' | 'schemeAdmin' | 'deleteAt'> | null;
}

/** A user's unread counts summed over their channels of one team (Mattermost's TeamUnread). */
export interface TeamUnreadCounts {
  teamId: string;
  msgCount: number;
  msgCountRoot: number;
  mentionCount: number;
  mentionCountRoot: number;
  urgentMentionCount: number;
}

/** A user's unread counts in one channel (Mattermost's ChannelUnread). */
export interface ChannelUnreadCounts extends TeamUnreadCounts {
  channelId: string;
}

/** A channel membership with the team of its channel ('' and 0 for DMs and GMs). */
export interface ChannelMemberWithTeam {
  member: ChannelMember;
  teamDisplayName: string;
  teamName: string;
  teamUpdateAt: number;
}

/** A team channel with its team, as the System Console lists them. */
export interface ChannelWithTeam {
  channel: Channel;
  teamDisplayName: string;
  teamName: string;
  teamUpdateAt: number;
}

/** Which team channels the System Console lists (GET /channels, POST /channels/search). */
export interface TeamChannelFilter {
  /** '' for every channel. */
  term: string;
  /** Archived channels too; `archivedOnly`: nothing else. */
  includeArchived: boolean;
  archivedOnly: boolean;
  excludeDefault: boolean;
  /** 'O' or 'P' for one kind only. */
  type?: 'O' | 'P';
  teamIds: readonly string[];
  offset: number;
  limit: number;
}

/** Most channels an autocomplete or search answers with (Mattermost's limits). */
export const AUTOCOMPLETE_LIMIT = 50;
export const SEARCH_LIMIT = 100;

/**
 * A channel matches a term when its name, or a word of its display name, starts with it (the purpose,
 * anywhere, for full searches); case-insensitive, the term taken literally.
 */
function channelMatch(withPurpose: boolean): string {
  return `(lower(c.name) like ? or lower(c.display_name) like ? or lower(c.display_name) like ?${withPurpose ? ' or lower(c.purpose) like ?' : ''})`;
}

function channelMatchParams(term: string, withPurpose: boolean): string[] {
  const t = escapeLike(term.toLowerCase());
  return [`${t}%`, `${t}%`, `% ${t}%`, ...(withPurpose ? [`%${t}%`] : [])];
}

/** One channel (`c`) with one user's membership rows in it (`m`) and in its team (`tm`); parameters: the user twice, then the channel. */
const CHANNEL_WITH_MEMBERSHIPS = `from channels c
  left join channel_members m on m.channel_id = c.id and m.user_id = ?
  left join team_members tm on c.team_id <> '' and tm.team_id = c.team_id and tm.user_id = ?
  where c.id = ?`;

interface GrantsRow {
  team_id: string;
  type: string;
  moderated_off: ModeratedOff | null;
  member: boolean;
  member_roles: string | null;
  member_guest: boolean | null;
  member_user: boolean | null;
  member_admin: boolean | null;
  team_member: boolean;
  team_roles: string | null;
  team_guest: boolean | null;
  team_user: boolean | null;
  team_admin: boolean | null;
  /** bigint: a string from the driver. */
  team_delete_at: string | null;
}

export class ChannelRepository extends AccessRepository {
  findById(id: string): Promise<Channel | null> {
    return this.selectOne(Channel, 'select * from channels where id = ?', [id]);
  }

  /** The channel and `userId`'s memberships, in one round trip: what a permission check on the channel needs. */
  async findWithMemberships(channelId: string, userId: string): Promise<ChannelWithMemberships | null> {
    type Json = Record<string, unknown>;
    const [row] = await this.sql<{ channel: Json; member: Json | null; team_member: Json | null }>(
      `select to_jsonb(c) as channel, to_jsonb(m) as member, to_jsonb(tm) as team_member ${CHANNEL_WITH_MEMBERSHIPS}`,
      [userId, userId, channelId],
    );
    if (!row) return null;
    return {
      channel: this.mapRow(Channel, row.channel),
      member: row.member && this.mapRow(ChannelMember, row.member),
      teamMember: row.team_member && this.mapRow(TeamMember, row.team_member),
    };
  }

  /** The columns of findWithMemberships that access depends on (access-writes.ts), read as plain columns. */
  async findGrants(channelId: string, userId: string): Promise<ChannelGrants | null> {
    const [row] = await this.sql<GrantsRow>(
      `select c.team_id, c.type, c.moderated_off,
              m.user_id is not null as member, m.roles as member_roles, m.scheme_guest as member_guest,
              m.scheme_user as member_user, m.scheme_admin as member_admin,
              tm.user_id is not null as team_member, tm.roles as team_roles, tm.scheme_guest as team_guest,
              tm.scheme_user as team_user, tm.scheme_admin as team_admin, tm.delete_at as team_delete_at
       ${CHANNEL_WITH_MEMBERSHIPS}`,
      [userId, userId, channelId],
    );
    if (!row) return null;
    return {
      channel: { id: channelId, teamId: row.team_id, type: row.type, moderatedOff: row.moderated_off },
      member: row.member ? { roles: row.member_roles!, schemeGuest: row.member_guest!, schemeUser: row.member_user!, schemeAdmin: row.member_admin! } : null,
      teamMember: row.team_member
        ? { roles: row.team_roles!, schemeGuest: row.team_guest!, schemeUser: row.team_user!, schemeAdmin: row.team_admin!, deleteAt: Number(row.team_delete_at) }
        : null,
    };
  }

  /** A team's channel by name; DMs and GMs live under team id ''. */
  findByName(teamId: string, name: string): Promise<Channel | null> {
    return this.em().findOne(Channel, { teamId, name });
  }

  async insert(channel: Channel): Promise<void> {
    await this.write((em) => em.insert(Channel, channel));
  }

  /** Applies `changes` and returns the updated row, or null when no channel has that id. */
  async update(id: string, changes: ChannelChanges): Promise<Channel | null> {
    await this.write((em) => em.nativeUpdate(Channel, { id }, changes));
    // Its type or archive may have changed: the channel is reported whatever changed.
    this.accessWritten({ channelId: id });
    return this.findById(id);
  }

  /**
   * A group message becomes a private channel of a team (POST /channels/{id}/convert_to_channel),
   * keeping its id, posts and members; null when it is no longer a group message. A name taken in
   * the team fails with UniqueViolation.
   */
  async convertGroupToPrivate(id: string, change: { teamId: string; name: string; displayName: string; updateAt: number }): Promise<Channel | null> {
    const changed = await this.write((em) => em.nativeUpdate(Channel, { id, type: 'G' }, { ...change, type: 'P' }));
    if (changed === 0) return null;
    this.accessWritten({ channelId: id });
    return this.findById(id);
  }

  /** A team's public channels not archived, by display name. */
  listPublic(teamId: string, offset: number, limit: number): Promise<Channel[]> {
    return this.em().find(Channel, { teamId, type: 'O', deleteAt: 0 }, { orderBy: { displayName: 'asc', id: 'asc' }, offset, limit });
  }

  /** The channels of a team a user belongs to, with the user's DMs and GMs. */
  async listForUser(userId: string, teamId: string, includeDeleted: boolean): Promise<Channel[]> {
    return this.select(
      Channel,
      `select c.* from channels c join channel_members m on m.channel_id = c.id
       where m.user_id = ? and (c.team_id = ? or c.team_id = '') ${includeDeleted ? '' : 'and c.delete_at = 0'}
       order by c.display_name, c.id`,
      [userId, teamId],
    );
  }

  /** Channels of a team not archived (TeamSettings.MaxChannelsPerTeam). */
  countInTeam(teamId: string): Promise<number> {
    return this.em().count(Channel, { teamId, deleteAt: 0 });
  }

  /**
   * GET /channels/{id}/stats: members (guests among them, counted in the same pass over the channel's
   * memberships), pinned posts and, when `withFiles`, files (-1 without).
   */
  async stats(channelId: string, withFiles: boolean): Promise<{ members: number; guests: number; pinned: number; files: number }> {
    const rows = await this.sql<{ members: string; guests: string; pinned: string; files: string | null }>(
      `select m.members, m.guests,
         (select count(*) from posts where channel_id = ? and is_pinned and delete_at = 0) as pinned,
         case when ? then (select count(*) from file_infos where channel_id = ? and delete_at = 0) end as files
       from (select count(*) as members, count(*) filter (where scheme_guest) as guests from channel_members where channel_id = ?) m`,
      [channelId, withFiles, channelId, channelId],
    );
    const row = rows[0];
    return { members: Number(row.members), guests: Number(row.guests), pinned: Number(row.pinned), files: row.files === null ? -1 : Number(row.files) };
  }

  /** Each existing channel's member count, and whether `userId` is among its members. */
  async memberCounts(channelIds: readonly string[], userId: string): Promise<Array<{ channelId: string; members: number; isMember: boolean }>> {
    const rows = await this.sql<{ id: string; members: string; is_member: boolean }>(
      `select c.id, count(m.user_id) as members, coalesce(bool_or(m.user_id = ?), false) as is_member
         from channels c left join channel_members m on m.channel_id = c.id
        where c.id = any(${TEXT_LIST}) group by c.id`,
      [userId, JSON.stringify(channelIds)],
    );
    return rows.map((row) => ({ channelId: row.id, members: Number(row.members), isMember: row.is_member }));
  }

  /** The time zones of the channel's active members, each once (Mattermost's GetChannelMembersTimezones). */
  async memberTimezones(channelId: string): Promise<string[]> {
    const rows = await this.sql<{ zone: string }>(
      `select distinct case when coalesce(u.timezone->>'useAutomaticTimezone', 'true') = 'true' then u.timezone->>'automaticTimezone' else u.timezone->>'manualTimezone' end as zone
         from channel_members cm join users u on u.id = cm.user_id
        where cm.channel_id = ? and u.delete_at = 0`,
      [channelId],
    );
    return rows.map((row) => row.zone).filter((zone) => typeof zone === 'string' && zone !== '').sort();
  }

  findMember(channelId: string, userId: string): Promise<ChannelMember | null> {
    return this.selectOne(ChannelMember, 'select * from channel_members where channel_id = ? and user_id = ?', [channelId, userId]);
  }

  /** Ids of the channels a user is a member of (the WebSocket hub's index of who is where). */
  async channelIdsOfUser(userId: string): Promise<string[]> {
    const rows = await this.sql<{ channel_id: string }>('select channel_id from channel_members where user_id = ?', [userId]);
    return rows.map((r) => r.channel_id);
  }

  /** The members of those of `channelIds` that are group messages `userId` is in (Mattermost's GetProfileByGroupChannelIdsForUser). */
  async groupMessageMembers(channelIds: readonly string[], userId: string): Promise<Array<{ channelId: string; userId: string }>> {
    const rows = await this.sql<{ channel_id: string; user_id: string }>(
      `select cm.channel_id, cm.user_id from channel_members cm join channels c on c.id = cm.channel_id
       where c.type = 'G' and c.id = any(${TEXT_LIST})
         and exists (select 1 from channel_members mine where mine.channel_id = c.id and mine.user_id = ?)`,
      [JSON.stringify(channelIds), userId],
    );
    return rows.map((row) => ({ channelId: row.channel_id, userId: row.user_id }));
  }

  /** Ids of the channel's members (WebSocket delivery, mentions). */
  async memberUserIds(channelId: string): Promise<string[]> {
    const rows = await this.sql<{ user_id: string }>('select user_id from channel_members where channel_id = ?', [channelId]);
    return rows.map((r) => r.user_id);
  }

  listMembers(channelId: string, offset: number, limit: number): Promise<ChannelMember[]> {
    return this.em().find(ChannelMember, { channelId }, { orderBy: { userId: 'asc' }, offset, limit });
  }

  membersByUserIds(channelId: string, userIds: readonly string[]): Promise<ChannelMember[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.em().find(ChannelMember, { channelId, userId: { $in: [...userIds] } }, { orderBy: { userId: 'asc' } });
  }

  /** A user's memberships in a team's channels and in their DMs and GMs. */
  async membersForUser(userId: string, teamId: string): Promise<ChannelMember[]> {
    return this.select(
      ChannelMember,
      `select m.* from channel_members m join channels c on c.id = m.channel_id
       where m.user_id = ? and (c.team_id = ? or c.team_id = '') order by m.channel_id`,
      [userId, teamId],
    );
  }

  countMembers(channelId: string): Promise<number> {
    return this.em().count(ChannelMember, { channelId });
  }

  /** Inserts the member; false when the user already was one. */
  async insertMember(member: ChannelMember): Promise<boolean> {
    const rows = await this.sql(
      `insert into channel_members (channel_id, user_id, roles, scheme_user, scheme_admin, scheme_guest, last_viewed_at,
         msg_count, msg_count_root, notify_props, last_update_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing returning user_id`,
      [
        member.channelId,
        member.userId,
        member.roles,
        member.schemeUser,
        member.schemeAdmin,
        member.schemeGuest,
        member.lastViewedAt,
        member.msgCount,
        member.msgCountRoot,
        JSON.stringify(member.notifyProps),
        member.lastUpdateAt,
      ],
    );
    if (rows.length > 0) this.accessWritten({ channelId: member.channelId, userId: member.userId });
    return rows.length > 0;
  }

  /** Removes the member, and the channel from their sidebar categories, in one statement; false when the user was not one. */
  async deleteMember(channelId: string, userId: string): Promise<boolean> {
    const rows = await this.sql(
      `with gone as (delete from channel_members where channel_id = ? and user_id = ? returning channel_id, user_id),
       unplaced as (delete from sidebar_channels s using gone g where s.channel_id = g.channel_id and s.user_id = g.user_id)
       select 1 from gone`,
      [channelId, userId],
    );
    if (rows.length > 0) this.accessWritten({ channelId, userId });
    return rows.length > 0;
  }

  /** Removes a user from every channel of a team; returns the memberships removed. */
  async deleteMembershipsInTeam(teamId: string, userId: string): Promise<ChannelMember[]> {
    const removed = await this.select(
      ChannelMember,
      `delete from channel_members where user_id = ? and channel_id in (select id from channels where team_id = ?) returning *`,
      [userId, teamId],
    );
    if (removed.length > 0) this.accessWritten({ userId });
    return removed;
  }

  async updateMember(channelId: string, userId: string, changes: ChannelMemberChanges): Promise<void> {
    await this.write((em) => em.nativeUpdate(ChannelMember, { channelId, userId }, changes));
    // Notification settings alone decide nothing about access; anything else may.
    if (Object.keys(changes).some((key) => key !== 'notifyProps' && key !== 'lastUpdateAt')) this.accessWritten({ channelId, userId });
  }

  /**
   * Mutes (mark_unread 'mention') or unmutes ('all') the user's memberships in the channels; returns
   * the memberships that changed.
   */
  /** Sets the given notify props of a membership, keeping the others; null when there is no such membership. */
  async mergeMemberNotifyProps(channelId: string, userId: string, props: Readonly<Record<string, string>>, at: number): Promise<ChannelMember | null> {
    const [member] = await this.select(
      ChannelMember,
      'update channel_members set notify_props = notify_props || cast(? as jsonb), last_update_at = ? where channel_id = ? and user_id = ? returning *',
      [JSON.stringify(props), at, channelId, userId],
    );
    return member ?? null;
  }

  setMuted(userId: string, channelIds: readonly string[], muted: boolean, at: number): Promise<ChannelMember[]> {
    if (channelIds.length === 0) return Promise.resolve([]);
    const markUnread = muted ? 'mention' : 'all';
    return this.select(
      ChannelMember,
      `update channel_members set notify_props = jsonb_set(notify_props, '{mark_unread}', to_jsonb(cast(? as text))), last_update_at = ?
        where user_id = ? and channel_id = any(${TEXT_LIST}) and notify_props->>'mark_unread' is distinct from ? returning *`,
      [markUnread, at, userId, JSON.stringify(channelIds), markUnread],
    );
  }

  /**
   * Marks a channel unread for a member from a post on: read up to just before it, the posts from
   * it on (deleted ones too, as the channel's totals count them) unread, with the given mention
   * counts. Returns the membership and the channel's team, or null when the user is not a member.
   */
  async markUnreadFrom(channelId: string, userId: string, from: number, mentions: { all: number; root: number }, now: number): Promise<{ member: ChannelMember; teamId: string } | null> {
    const rows = await this.sql<Record<string, unknown> & { team_id: string }>(
      `with unread as (
         select count(*) as n, count(*) filter (where root_id = '') as n_root from posts where channel_id = ? and create_at >= ?
       )
       update channel_members m set last_viewed_at = ?, msg_count = greatest(c.total_msg_count - unread.n, 0),
              msg_count_root = greatest(c.total_msg_count_root - unread.n_root, 0), mention_count = ?, mention_count_root = ?,
              urgent_mention_count = 0, last_update_at = ?
         from channels c, unread
        where c.id = m.channel_id and m.channel_id = ? and m.user_id = ?
       returning m.*, c.team_id`,
      [channelId, from, from - 1, mentions.all, mentions.root, now, channelId, userId],
    );
    if (rows.length === 0) return null;
    return { member: this.mapRow(ChannelMember, rows[0]), teamId: rows[0].team_id };
  }

  /** Marks everything in the channels read for the user; returns those it is a member of. */
  markViewed(channelIds: readonly string[], userId: string, at: number): Promise<string[]> {
    return this.#markViewedWhere(`m.channel_id = any(${TEXT_LIST})`, [JSON.stringify(channelIds)], userId, at);
  }

  /** Marks every live direct and group message of the user viewed, or every live channel of theirs in a team; returns those channel ids. */
  markAllViewed(userId: string, scope: { teamId: string } | 'direct', at: number): Promise<string[]> {
    const [where, params] = scope === 'direct' ? ["c.type in ('D', 'G')", []] : ['c.team_id = ?', [scope.teamId]];
    return this.#markViewedWhere(`c.delete_at = 0 and ${where}`, params, userId, at);
  }

  /** Everything read now, mentions cleared, in the user's memberships of the channels (c) matching `where`. */
  async #markViewedWhere(where: string, params: unknown[], userId: string, at: number): Promise<string[]> {
    const rows = await this.sql<{ channel_id: string }>(
      `update channel_members m set last_viewed_at = ?, msg_count = c.total_msg_count, msg_count_root = c.total_msg_count_root,
         mention_count = 0, mention_count_root = 0, urgent_mention_count = 0, last_update_at = ?
       from channels c where c.id = m.channel_id and ${where} and m.user_id = ? returning m.channel_id`,
      [at, at, ...params, userId],
    );
    return rows.map((r) => r.channel_id);
  }

  /**
   * Unread counts per team over the user's channels not archived (DMs and GMs, of no team, left
   * out); a channel whose mark_unread is 'mention' adds its mentions but not its messages.
   */
  async teamUnreads(userId: string, excludeTeamId: string): Promise<TeamUnreadCounts[]> {
    const rows = await this.sql<Record<string, string>>(
      `select c.team_id,
         sum(case when m.notify_props->>'mark_unread' = 'mention' then 0 else c.total_msg_count - m.msg_count end) as msg_count,
         sum(case when m.notify_props->>'mark_unread' = 'mention' then 0 else c.total_msg_count_root - m.msg_count_root end) as msg_count_root,
         sum(m.mention_count) as mention_count, sum(m.mention_count_root) as mention_count_root, sum(m.urgent_mention_count) as urgent_mention_count
       from channel_members m join channels c on c.id = m.channel_id
       where m.user_id = ? and c.delete_at = 0 and c.team_id <> '' and c.team_id <> ?
       group by c.team_id order by c.team_id`,
      [userId, excludeTeamId],
    );
    return rows.map((r) => ({
      teamId: r.team_id,
      msgCount: Number(r.msg_count),
      msgCountRoot: Number(r.msg_count_root),
      mentionCount: Number(r.mention_count),
      mentionCountRoot: Number(r.mention_count_root),
      urgentMentionCount: Number(r.urgent_mention_count),
    }));
  }

  /**
   * The user's unread counts in a live channel they are a member of; null when they are not or it is
   * archived. A membership that marks unread only on mentions counts no unread messages (as teamUnreads).
   */
  async channelUnread(userId: string, channelId: string): Promise<ChannelUnreadCounts | null> {
    const [row] = await this.sql<Record<string, string>>(
      `select c.team_id,
         case when m.notify_props->>'mark_unread' = 'mention' then 0 else c.total_msg_count - m.msg_count end as msg_count,
         case when m.notify_props->>'mark_unread' = 'mention' then 0 else c.total_msg_count_root - m.msg_count_root end as msg_count_root,
         m.mention_count, m.mention_count_root, m.urgent_mention_count
       from channel_members m join channels c on c.id = m.channel_id
       where m.channel_id = ? and m.user_id = ? and c.delete_at = 0`,
      [channelId, userId],
    );
    if (!row) return null;
    return {
      teamId: row.team_id,
      channelId,
      msgCount: Number(row.msg_count),
      msgCountRoot: Number(row.msg_count_root),
      mentionCount: Number(row.mention_count),
      mentionCountRoot: Number(row.mention_count_root),
      urgentMentionCount: Number(row.urgent_mention_count),
    };
  }

  /**
   * Every channel the user is a member of, in all teams, by id. Archived channels only with
   * `includeDeleted`, and then only those archived at or after `lastDeleteAt` when it is not 0.
   */
  listAllForUser(userId: string, includeDeleted: boolean, lastDeleteAt: number): Promise<Channel[]> {
    const deleted = !includeDeleted ? 'and c.delete_at = 0' : lastDeleteAt > 0 ? 'and (c.delete_at = 0 or c.delete_at >= ?)' : '';
    return this.select(
      Channel,
      `select c.* from channels c join channel_members m on m.channel_id = c.id where m.user_id = ? ${deleted} order by c.id`,
      includeDeleted && lastDeleteAt > 0 ? [userId, lastDeleteAt] : [userId],
    );
  }

  /** A page of the user's channel memberships in all teams, with each channel's team, by channel id. */
  async membersWithTeamsForUser(userId: string, offset: number, limit: number): Promise<ChannelMemberWithTeam[]> {
    type Json = Record<string, unknown>;
    const rows = await this.sql<{ member: Json; team_display_name: string | null; team_name: string | null; team_update_at: string | null }>(
      `select to_jsonb(m) as member, t.display_name as team_display_name, t.name as team_name, t.update_at as team_update_at
         from channel_members m join channels c on c.id = m.channel_id left join teams t on t.id = c.team_id
        where m.user_id = ? order by m.channel_id limit ? offset ?`,
      [userId, limit, offset],
    );
    return rows.map((r) => ({
      member: this.mapRow(ChannelMember, r.member),
      teamDisplayName: r.team_display_name ?? '',
      teamName: r.team_name ?? '',
      teamUpdateAt: Number(r.team_update_at ?? 0),
    }));
  }

  /** A team's archived channels: the public ones, and the private ones the user is a member of, by display name. */
  listArchived(teamId: string, userId: string, offset: number, limit: number): Promise<Channel[]> {
    return this.select(
      Channel,
      `select c.* from channels c where c.team_id = ? and c.delete_at > 0
         and (c.type = 'O' or (c.type = 'P' and exists (select 1 from channel_members m where m.channel_id = c.id and m.user_id = ?)))
       order by c.display_name, c.id limit ? offset ?`,
      [teamId, userId, limit, offset],
    );
  }

  /** A team's public channels not archived that match the term (name, display name or purpose), by display name. */
  searchPublic(teamId: string, term: string): Promise<Channel[]> {
    return this.select(
      Channel,
      `select c.* from channels c where c.team_id = ? and c.type = 'O' and c.delete_at = 0 and ${channelMatch(true)}
       order by c.display_name, c.id limit ${SEARCH_LIMIT}`,
      [teamId, ...channelMatchParams(term, true)],
    );
  }

  /** A team's channels the user may join or open, not archived: public ones and the private ones they are in, matching the term. */
  autocomplete(teamId: string, userId: string, term: string): Promise<Channel[]> {
    return this.select(
      Channel,
      `select c.* from channels c where c.team_id = ? and c.delete_at = 0
         and (c.type = 'O' or (c.type = 'P' and exists (select 1 from channel_members m where m.channel_id = c.id and m.user_id = ?)))
         and ${channelMatch(false)}
       order by c.display_name, c.id limit ${AUTOCOMPLETE_LIMIT}`,
      [teamId, userId, ...channelMatchParams(term, false)],
    );
  }

  /**
   * The channels the user is in whose posts they may search: the team's channels matching the term,
   * and their DMs and GMs with another member whose username starts with it.
   */
  autocompleteForSearch(teamId: string, userId: string, term: string): Promise<Channel[]> {
    const user = `${escapeLike(term.toLowerCase().replace(/^@/, ''))}%`;
    return this.select(
      Channel,
      `select c.* from channels c join channel_members m on m.channel_id = c.id and m.user_id = ?
        where c.delete_at = 0 and (
          (c.team_id = ? and c.type in ('O', 'P') and ${channelMatch(false)})
          or (c.type in ('D', 'G') and exists (
            select 1 from channel_members o join users u on u.id = o.user_id
             where o.channel_id = c.id and o.user_id <> ? and u.username like ?)))
        order by c.display_name, c.id limit ${AUTOCOMPLETE_LIMIT}`,
      [userId, teamId, ...channelMatchParams(term, false), userId, user],
    );
  }

  /** The user's group messages with another member whose username, nickname, first or last name starts with the term. */
  searchGroups(userId: string, term: string): Promise<Channel[]> {
    const like = `${escapeLike(term.toLowerCase().replace(/^@/, ''))}%`;
    return this.select(
      Channel,
      `select c.* from channels c join channel_members m on m.channel_id = c.id and m.user_id = ?
        where c.type = 'G' and c.delete_at = 0 and exists (
          select 1 from channel_members o join users u on u.id = o.user_id
           where o.channel_id = c.id and o.user_id <> ?
             and (u.username like ? or lower(u.nickname) like ? or lower(u.first_name) like ? or lower(u.last_name) like ?))
        order by c.display_name, c.id limit ${SEARCH_LIMIT}`,
      [userId, userId, like, like, like, like],
    );
  }

  /** A page of the team channels (public and private, of every team) matching `filter`, by display name, and how many match in all. */
  async listTeamChannels(filter: TeamChannelFilter): Promise<{ channels: ChannelWithTeam[]; total: number }> {
    const where = [`c.type in ('O', 'P')`];
    const params: unknown[] = [];
    if (filter.term !== '') {
      where.push(channelMatch(true));
      params.push(...channelMatchParams(filter.term, true));
    }
    if (filter.archivedOnly) where.push('c.delete_at > 0');
    else if (!filter.includeArchived) where.push('c.delete_at = 0');
    if (filter.excludeDefault) where.push(`c.name <> 'town-square'`);
    if (filter.type) {
      where.push('c.type = ?');
      params.push(filter.type);
    }
    if (filter.teamIds.length > 0) {
      where.push(`c.team_id = any(${TEXT_LIST})`);
      params.push(JSON.stringify(filter.teamIds));
    }
    const from = `from channels c join teams t on t.id = c.team_id where ${where.join(' and ')}`;
    const rows = await this.sql<{ channel: Record<string, unknown>; team_display_name: string; team_name: string; team_update_at: string }>(
      `select to_jsonb(c) as channel, t.display_name as team_display_name, t.name as team_name, t.update_at as team_update_at
         ${from} order by lower(c.display_name), c.id limit ? offset ?`,
      [...params, filter.limit, filter.offset],
    );
    const [{ n }] = await this.sql<{ n: string }>(`select count(*) as n ${from}`, params);
    return {
      channels: rows.map((r) => ({ channel: this.mapRow(Channel, r.channel), teamDisplayName: r.team_display_name, teamName: r.team_name, teamUpdateAt: Number(r.team_update_at) })),
      total: Number(n),
    };
  }
}
