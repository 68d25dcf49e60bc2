import { TEXT_LIST, Repository } from './repository.ts';
import { Channel } from './entities/channel.ts';
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

export class ChannelRepository extends Repository {
  findById(id: string): Promise<Channel | null> {
    return this.selectOne(Channel, 'select * from channels where id = ?', [id]);
  }

  /** The channel and `userId`'s memberships, in one round trip: what a permission check on the channel needs. */
  async findWithMemberships(channelId: string, userId: string): Promise<ChannelWithMemberships | null> {
    type Json = Record<string, unknown>;
    const [row] = await this.sql<{ channel: Json; member: Json | null; team_member: Json | null }>(
      `select to_jsonb(c) as channel, to_jsonb(m) as member, to_jsonb(tm) as team_member
         from channels c
         left join channel_members m on m.channel_id = c.id and m.user_id = ?
         left join team_members tm on c.team_id <> '' and tm.team_id = c.team_id and tm.user_id = ?
        where c.id = ?`,
      [userId, userId, channelId],
    );
    if (!row) return null;
    return {
      channel: this.mapRow(Channel, row.channel),
      member: row.member && this.mapRow(ChannelMember, row.member),
      teamMember: row.team_member && this.mapRow(TeamMember, row.team_member),
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

  /** GET /channels/{id}/stats: members, pinned posts and files. */
  async stats(channelId: string): Promise<{ members: number; pinned: number; files: number }> {
    const rows = await this.sql<{ members: string; pinned: string; files: string }>(
      `select (select count(*) from channel_members where channel_id = ?) as members,
         (select count(*) from posts where channel_id = ? and is_pinned and delete_at = 0) as pinned,
         (select count(*) from file_infos where channel_id = ? and delete_at = 0) as files`,
      [channelId, channelId, channelId],
    );
    return { members: Number(rows[0].members), pinned: Number(rows[0].pinned), files: Number(rows[0].files) };
  }

  findMember(channelId: string, userId: string): Promise<ChannelMember | null> {
    return this.selectOne(ChannelMember, 'select * from channel_members where channel_id = ? and user_id = ?', [channelId, userId]);
  }

  /** Ids of the channels a user is a member of (the WebSocket hub's index of who is where). */
  async channelIdsOfUser(userId: string): Promise<string[]> {
    const rows = await this.sql<{ channel_id: string }>('select channel_id from channel_members where user_id = ?', [userId]);
    return rows.map((r) => r.channel_id);
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
    return rows.length > 0;
  }

  /** Removes the member; false when the user was not one. */
  async deleteMember(channelId: string, userId: string): Promise<boolean> {
    return (await this.write((em) => em.nativeDelete(ChannelMember, { channelId, userId }))) > 0;
  }

  /** Removes a user from every channel of a team; returns the memberships removed. */
  async deleteMembershipsInTeam(teamId: string, userId: string): Promise<ChannelMember[]> {
    return this.select(
      ChannelMember,
      `delete from channel_members where user_id = ? and channel_id in (select id from channels where team_id = ?) returning *`,
      [userId, teamId],
    );
  }

  async updateMember(channelId: string, userId: string, changes: ChannelMemberChanges): Promise<void> {
    await this.write((em) => em.nativeUpdate(ChannelMember, { channelId, userId }, changes));
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
  async markViewed(channelIds: readonly string[], userId: string, at: number): Promise<string[]> {
    const rows = await this.sql<{ channel_id: string }>(
      `update channel_members m set last_viewed_at = ?, msg_count = c.total_msg_count, msg_count_root = c.total_msg_count_root,
         mention_count = 0, mention_count_root = 0, urgent_mention_count = 0, last_update_at = ?
       from channels c where c.id = m.channel_id and m.channel_id = any(${TEXT_LIST}) and m.user_id = ? returning m.channel_id`,
      [at, at, JSON.stringify(channelIds), userId],
    );
    return rows.map((r) => r.channel_id);
  }
}
