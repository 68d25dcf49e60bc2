import { AccessRepository } from './access-writes.ts';
import { TEXT_LIST } from './repository.ts';
import { Team } from './entities/team.ts';
import { TeamMember } from './entities/team-member.ts';
import { escapeLike } from './user-repository.ts';

export type TeamChanges = Partial<Omit<Team, 'id' | 'createAt'>>;

/** Which teams a search looks at, and which page of them it answers with. */
export interface TeamSearch {
  term: string;
  /** true: teams anyone may join; false: invite-only ones; null: both. */
  allowOpenInvite: boolean | null;
  page: { offset: number; limit: number } | null;
}

export class TeamRepository extends AccessRepository {
  findById(id: string): Promise<Team | null> {
    return this.selectOne(Team, 'select * from teams where id = ?', [id]);
  }

  findByName(name: string): Promise<Team | null> {
    return this.em().findOne(Team, { name: name.toLowerCase() });
  }

  findByInviteId(inviteId: string): Promise<Team | null> {
    return this.em().findOne(Team, { inviteId, deleteAt: 0 });
  }

  async insert(team: Team): Promise<void> {
    await this.write((em) => em.insert(Team, team));
  }

  /** Applies `changes` and returns the updated row, or null when no team has that id. */
  async update(id: string, changes: TeamChanges): Promise<Team | null> {
    await this.write((em) => em.nativeUpdate(Team, { id }, changes));
    return this.findById(id);
  }

  /** Teams not deleted, by display name; `openOnly` keeps those anyone may join (allow_open_invite). */
  list(options: { openOnly: boolean; offset: number; limit: number }): Promise<Team[]> {
    const where = options.openOnly ? { deleteAt: 0, allowOpenInvite: true } : { deleteAt: 0 };
    return this.em().find(Team, where, { orderBy: { displayName: 'asc', id: 'asc' }, offset: options.offset, limit: options.limit });
  }

  count(openOnly: boolean): Promise<number> {
    return this.em().count(Team, openOnly ? { deleteAt: 0, allowOpenInvite: true } : { deleteAt: 0 });
  }

  /** Teams not deleted whose name or display name starts with the term, by display name; with their total when paged. */
  async search(search: TeamSearch): Promise<{ teams: Team[]; total: number }> {
    const like = `${escapeLike(search.term.toLowerCase())}%`;
    const open = search.allowOpenInvite === null ? '' : 'and allow_open_invite = ?';
    const where = `where delete_at = 0 and (name like ? or lower(display_name) like ?) ${open}`;
    const params: unknown[] = [like, like, ...(search.allowOpenInvite === null ? [] : [search.allowOpenInvite])];
    const paging = search.page ? [search.page.limit, search.page.offset] : [];
    const teams = await this.select(Team, `select * from teams ${where} order by display_name, id ${search.page ? 'limit ? offset ?' : ''}`, [...params, ...paging]);
    if (!search.page) return { teams, total: teams.length };
    const [{ n }] = await this.sql<{ n: string }>(`select count(*) as n from teams ${where}`, params);
    return { teams, total: Number(n) };
  }

  /** The teams a user is currently a member of. */
  async listForUser(userId: string): Promise<Team[]> {
    return this.select(
      Team,
      `select t.* from teams t join team_members m on m.team_id = t.id
       where m.user_id = ? and m.delete_at = 0 and t.delete_at = 0 order by t.display_name, t.id`,
      [userId],
    );
  }

  /** The live teams every one of the users is currently a member of. */
  async commonTo(userIds: readonly string[]): Promise<Team[]> {
    const unique = [...new Set(userIds)];
    return this.select(
      Team,
      `select t.* from teams t where t.delete_at = 0
       and (select count(*) from team_members m where m.team_id = t.id and m.delete_at = 0 and m.user_id = any(${TEXT_LIST})) = ?
       order by t.display_name, t.id`,
      [JSON.stringify(unique), unique.length],
    );
  }

  /** The membership row, including one left behind by leaving (delete_at > 0). */
  findMember(teamId: string, userId: string): Promise<TeamMember | null> {
    return this.selectOne(TeamMember, 'select * from team_members where team_id = ? and user_id = ?', [teamId, userId]);
  }

  /** Ids of the teams a user is currently in (the WebSocket hub's index of who is where). */
  async teamIdsOfUser(userId: string): Promise<string[]> {
    const rows = await this.sql<{ team_id: string }>('select team_id from team_members where user_id = ? and delete_at = 0', [userId]);
    return rows.map((r) => r.team_id);
  }

  /** Ids of the users currently in the team (WebSocket delivery of team events). */
  async activeMemberUserIds(teamId: string): Promise<string[]> {
    const rows = await this.sql<{ user_id: string }>('select user_id from team_members where team_id = ? and delete_at = 0', [teamId]);
    return rows.map((r) => r.user_id);
  }

  /** A user's current memberships in teams that still exist. */
  async membersForUser(userId: string): Promise<TeamMember[]> {
    return this.select(
      TeamMember,
      `select m.* from team_members m join teams t on t.id = m.team_id
       where m.user_id = ? and m.delete_at = 0 and t.delete_at = 0 order by m.team_id`,
      [userId],
    );
  }

  listMembers(teamId: string, offset: number, limit: number): Promise<TeamMember[]> {
    return this.em().find(TeamMember, { teamId, deleteAt: 0 }, { orderBy: { userId: 'asc' }, offset, limit });
  }

  membersByUserIds(teamId: string, userIds: readonly string[]): Promise<TeamMember[]> {
    if (userIds.length === 0) return Promise.resolve([]);
    return this.em().find(TeamMember, { teamId, deleteAt: 0, userId: { $in: [...userIds] } }, { orderBy: { userId: 'asc' } });
  }

  /** Adds the member, or brings back a row left behind by leaving with the given roles. */
  async saveMember(member: TeamMember): Promise<void> {
    await this.sql(
      `insert into team_members (team_id, user_id, roles, scheme_user, scheme_admin, scheme_guest, create_at, delete_at)
       values (?, ?, ?, ?, ?, ?, ?, 0)
       on conflict (team_id, user_id) do update set roles = excluded.roles, scheme_user = excluded.scheme_user,
         scheme_admin = excluded.scheme_admin, scheme_guest = excluded.scheme_guest, delete_at = 0`,
      [member.teamId, member.userId, member.roles, member.schemeUser, member.schemeAdmin, member.schemeGuest, member.createAt],
    );
    this.accessWritten({ userId: member.userId });
  }

  async markMemberDeleted(teamId: string, userId: string, deleteAt: number): Promise<void> {
    await this.write((em) => em.nativeUpdate(TeamMember, { teamId, userId }, { deleteAt }));
    this.accessWritten({ userId });
  }

  async updateMemberRoles(teamId: string, userId: string, changes: { roles: string; schemeUser: boolean; schemeAdmin: boolean }): Promise<void> {
    await this.write((em) => em.nativeUpdate(TeamMember, { teamId, userId }, changes));
    this.accessWritten({ userId });
  }

  async countMembers(teamId: string): Promise<{ total: number; active: number }> {
    const rows = await this.sql<{ total: string; active: string }>(
      `select count(*) as total, count(*) filter (where m.delete_at = 0 and u.delete_at = 0) as active
       from team_members m join users u on u.id = m.user_id where m.team_id = ? and m.delete_at = 0`,
      [teamId],
    );
    return { total: Number(rows[0].total), active: Number(rows[0].active) };
  }

  async countActiveMembers(teamId: string): Promise<number> {
    return this.em().count(TeamMember, { teamId, deleteAt: 0 });
  }
}
