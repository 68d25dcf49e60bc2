import { TEXT_LIST, Repository } from './repository.ts';

/** A group linked from a directory (m0018-ldap-groups.ts), with its counts as Mattermost reports them. */
export interface GroupRow {
  id: string;
  name: string | null;
  displayName: string;
  description: string;
  source: string;
  remoteId: string | null;
  createAt: number;
  updateAt: number;
  deleteAt: number;
  allowReference: boolean;
  memberCount: number;
  hasSyncables: boolean;
}

/** A group's link to a team or channel. */
export interface GroupSyncableRow {
  groupId: string;
  syncableId: string;
  autoAdd: boolean;
  schemeAdmin: boolean;
  createAt: number;
  updateAt: number;
  deleteAt: number;
}

export type SyncableKind = 'team' | 'channel';

/** Mattermost's ChannelMemberCountByGroup. */
export interface GroupMemberCount {
  groupId: string;
  channelMemberCount: number;
  channelMemberTimezonesCount: number;
}

const SELECT_GROUPS = `select g.*,
  (select count(*) from group_members m join users u on u.id = m.user_id where m.group_id = g.id and m.delete_at = 0 and u.delete_at = 0) as member_count,
  (exists (select 1 from group_teams t where t.group_id = g.id and t.delete_at = 0) or exists (select 1 from group_channels c where c.group_id = g.id and c.delete_at = 0)) as has_syncables
  from user_groups g`;

const SYNCABLE_TABLES = { team: ['group_teams', 'team_id'], channel: ['group_channels', 'channel_id'] } as const;

/** The columns of a link read as a GroupSyncableRow. */
function syncableColumns(column: string): string {
  return `group_id, ${column} as syncable_id, auto_add, scheme_admin, create_at, update_at, delete_at`;
}

/** SQL: a member (m) of a live group with a live link to the team or channel `syncable` (a placeholder or a column); callers name the user. */
function linkedMemberSql(kind: SyncableKind, syncable: string): string {
  const [table, column] = SYNCABLE_TABLES[kind];
  return `select 1 from ${table} l join user_groups g on g.id = l.group_id and g.delete_at = 0
    join group_members m on m.group_id = l.group_id and m.delete_at = 0 where l.${column} = ${syncable} and l.delete_at = 0`;
}

export class GroupRepository extends Repository {
  async findById(id: string): Promise<GroupRow | null> {
    return (await this.sql<Record<string, unknown>>(`${SELECT_GROUPS} where g.id = ? and g.delete_at = 0`, [id])).map(toGroup)[0] ?? null;
  }

  /** Linked (not deleted) groups of `source` by remote id. */
  async findByRemoteIds(source: string, remoteIds: readonly string[]): Promise<GroupRow[]> {
    if (remoteIds.length === 0) return [];
    return (await this.sql<Record<string, unknown>>(`${SELECT_GROUPS} where g.source = ? and g.delete_at = 0 and g.remote_id = any(${TEXT_LIST})`, [source, JSON.stringify(remoteIds)])).map(toGroup);
  }

  async list(filter: { source?: string; query?: string; offset: number; limit: number }): Promise<GroupRow[]> {
    const where = ['g.delete_at = 0'];
    const params: unknown[] = [];
    if (filter.source) {
      where.push('g.source = ?');
      params.push(filter.source);
    }
    if (filter.query) {
      where.push(`(g.display_name ilike ? or g.name ilike ?)`);
      const like = `%${filter.query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(like, like);
    }
    params.push(filter.limit, filter.offset);
    return (await this.sql<Record<string, unknown>>(`${SELECT_GROUPS} where ${where.join(' and ')} order by g.display_name, g.id limit ? offset ?`, params)).map(toGroup);
  }

  /** Links the directory group `remoteId` (or relinks it, keeping its id); returns its id. */
  async link(row: { id: string; name: string | null; displayName: string; source: string; remoteId: string; now: number }): Promise<string> {
    const rows = await this.sql<{ id: string }>(
      `insert into user_groups (id, name, display_name, description, source, remote_id, create_at, update_at, delete_at)
       values (?, ?, ?, '', ?, ?, ?, ?, 0)
       on conflict (source, remote_id) do update set delete_at = 0, display_name = excluded.display_name, update_at = excluded.update_at
       returning id`,
      [row.id, row.name, row.displayName, row.source, row.remoteId, row.now, row.now],
    );
    return rows[0].id;
  }

  /** Unlinks a group: it and its links are marked deleted. False when it was not linked. */
  async unlink(source: string, remoteId: string, now: number): Promise<boolean> {
    const rows = await this.sql<{ id: string }>(`update user_groups set delete_at = ?, update_at = ? where source = ? and remote_id = ? and delete_at = 0 returning id`, [now, now, source, remoteId]);
    if (rows.length === 0) return false;
    for (const [table] of Object.values(SYNCABLE_TABLES)) await this.sql(`update ${table} set delete_at = ?, update_at = ? where group_id = ? and delete_at = 0`, [now, now, rows[0].id]);
    return true;
  }

  /** Makes the group's members exactly `userIds`. */
  async setMembers(groupId: string, userIds: readonly string[], now: number): Promise<void> {
    const list = JSON.stringify(userIds);
    await this.sql(`update group_members set delete_at = ? where group_id = ? and delete_at = 0 and not (user_id = any(${TEXT_LIST}))`, [now, groupId, list]);
    await this.sql(
      `insert into group_members (group_id, user_id, create_at, delete_at) select ?, u, ?, 0 from unnest(${TEXT_LIST}) as u
       on conflict (group_id, user_id) do update set delete_at = 0 where group_members.delete_at <> 0`,
      [groupId, now, list],
    );
  }

  /**
   * For each live group with members in the channel: how many, and (with `withTimezones`) how many
   * distinct time zones they are in, as Mattermost counts them (the automatic zone when the user
   * uses it, else the manual one; empty ones are not zones).
   */
  async memberCountsInChannel(channelId: string, withTimezones: boolean): Promise<GroupMemberCount[]> {
    const zones = withTimezones
      ? `count(distinct case when u.timezone->>'useAutomaticTimezone' = 'true' and length(u.timezone->>'automaticTimezone') > 0 then u.timezone->>'automaticTimezone'
                              when u.timezone->>'useAutomaticTimezone' = 'false' and length(u.timezone->>'manualTimezone') > 0 then u.timezone->>'manualTimezone' end)`
      : '0';
    const rows = await this.sql<{ group_id: string; members: string; timezones: string }>(
      `select gm.group_id, count(*) as members, ${zones} as timezones
       from channel_members cm
       join group_members gm on gm.user_id = cm.user_id and gm.delete_at = 0
       join user_groups g on g.id = gm.group_id and g.delete_at = 0
       join users u on u.id = cm.user_id
       where cm.channel_id = ?
       group by gm.group_id order by gm.group_id`,
      [channelId],
    );
    return rows.map((r) => ({ groupId: r.group_id, channelMemberCount: Number(r.members), channelMemberTimezonesCount: Number(r.timezones) }));
  }

  async memberIds(groupId: string): Promise<string[]> {
    return (await this.sql<{ user_id: string }>(`select user_id from group_members where group_id = ? and delete_at = 0 order by user_id`, [groupId])).map((r) => r.user_id);
  }

  /** Creates or updates a link to a team or channel. */
  async linkSyncable(kind: SyncableKind, groupId: string, syncableId: string, autoAdd: boolean, schemeAdmin: boolean, now: number): Promise<GroupSyncableRow> {
    const [table, column] = SYNCABLE_TABLES[kind];
    const rows = await this.sql<Record<string, unknown>>(
      `insert into ${table} (group_id, ${column}, auto_add, scheme_admin, create_at, update_at, delete_at) values (?, ?, ?, ?, ?, ?, 0)
       on conflict (group_id, ${column}) do update set auto_add = excluded.auto_add, scheme_admin = excluded.scheme_admin, update_at = excluded.update_at, delete_at = 0
       returning ${syncableColumns(column)}`,
      [groupId, syncableId, autoAdd, schemeAdmin, now, now],
    );
    return toSyncable(rows[0]);
  }

  async unlinkSyncable(kind: SyncableKind, groupId: string, syncableId: string, now: number): Promise<boolean> {
    const [table, column] = SYNCABLE_TABLES[kind];
    return (await this.sql(`update ${table} set delete_at = ?, update_at = ? where group_id = ? and ${column} = ? and delete_at = 0 returning group_id`, [now, now, groupId, syncableId])).length > 0;
  }

  /** Of `userIds`, those in no live group linked to the team or channel: who may not be in it while it is group-constrained. */
  async outsiders(kind: SyncableKind, syncableId: string, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await this.sql<{ user_id: string }>(
      `select u as user_id from unnest(${TEXT_LIST}) as u where not exists (${linkedMemberSql(kind, '?')} and m.user_id = u)`,
      [JSON.stringify(userIds), syncableId],
    );
    return rows.map((r) => r.user_id);
  }

  /**
   * The people (bots aside) in group-constrained teams, or channels, who are in none of its linked
   * groups: those a group sync takes out.
   */
  async constrainedOutsiders(kind: SyncableKind): Promise<Array<{ syncableId: string; userId: string }>> {
    const members =
      kind === 'team'
        ? `select x.team_id as syncable_id, x.user_id from team_members x join teams s on s.id = x.team_id where x.delete_at = 0 and s.delete_at = 0 and s.group_constrained`
        : `select x.channel_id as syncable_id, x.user_id from channel_members x join channels s on s.id = x.channel_id where s.delete_at = 0 and s.group_constrained`;
    const rows = await this.sql<{ syncable_id: string; user_id: string }>(
      `select o.syncable_id, o.user_id from (${members}) o join users u on u.id = o.user_id and not u.is_bot
       where not exists (${linkedMemberSql(kind, 'o.syncable_id')} and m.user_id = o.user_id) order by o.syncable_id, o.user_id`,
    );
    return rows.map((r) => ({ syncableId: r.syncable_id, userId: r.user_id }));
  }

  /** The live groups a user is a member of; with `referenceOnly`, only those that may be mentioned (allow_reference). */
  async ofMember(userId: string, referenceOnly: boolean): Promise<GroupRow[]> {
    return (
      await this.sql<Record<string, unknown>>(
        `${SELECT_GROUPS} where g.delete_at = 0 and (g.allow_reference or not ?)
         and exists (select 1 from group_members m where m.group_id = g.id and m.user_id = ? and m.delete_at = 0) order by g.display_name, g.id`,
        [referenceOnly, userId],
      )
    ).map(toGroup);
  }

  /** The live groups linked to a team or channel (GET /teams/{id}/groups, /channels/{id}/groups). */
  async linkedTo(kind: SyncableKind, syncableId: string): Promise<GroupRow[]> {
    const [table, column] = SYNCABLE_TABLES[kind];
    return (
      await this.sql<Record<string, unknown>>(
        `${SELECT_GROUPS} where g.delete_at = 0 and exists (select 1 from ${table} s where s.group_id = g.id and s.${column} = ? and s.delete_at = 0) order by g.display_name, g.id`,
        [syncableId],
      )
    ).map(toGroup);
  }

  /** The live link of a group to one team or channel, or null. */
  async syncable(kind: SyncableKind, groupId: string, syncableId: string): Promise<GroupSyncableRow | null> {
    const [table, column] = SYNCABLE_TABLES[kind];
    const rows = await this.sql<Record<string, unknown>>(`select ${syncableColumns(column)} from ${table} where group_id = ? and ${column} = ? and delete_at = 0`, [groupId, syncableId]);
    return rows[0] ? toSyncable(rows[0]) : null;
  }

  /** The live links of a group to teams or channels. */
  async syncables(kind: SyncableKind, groupId: string): Promise<GroupSyncableRow[]> {
    const [table, column] = SYNCABLE_TABLES[kind];
    return (await this.sql<Record<string, unknown>>(`select ${syncableColumns(column)} from ${table} where group_id = ? and delete_at = 0 order by ${column}`, [groupId])).map(toSyncable);
  }
}

function toGroup(row: Record<string, unknown>): GroupRow {
  return {
    id: row.id as string,
    name: (row.name as string | null) ?? null,
    displayName: row.display_name as string,
    description: row.description as string,
    source: row.source as string,
    remoteId: (row.remote_id as string | null) ?? null,
    createAt: Number(row.create_at),
    updateAt: Number(row.update_at),
    deleteAt: Number(row.delete_at),
    allowReference: row.allow_reference as boolean,
    memberCount: Number(row.member_count),
    hasSyncables: row.has_syncables as boolean,
  };
}

function toSyncable(row: Record<string, unknown>): GroupSyncableRow {
  return {
    groupId: row.group_id as string,
    syncableId: row.syncable_id as string,
    autoAdd: row.auto_add as boolean,
    schemeAdmin: row.scheme_admin as boolean,
    createAt: Number(row.create_at),
    updateAt: Number(row.update_at),
    deleteAt: Number(row.delete_at),
  };
}
