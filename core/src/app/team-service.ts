// Teams: creation with default channels, membership (direct, open join, invite id), team roles —
// and who may see, change and join them.
import { randomBytes } from 'node:crypto';
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Repositories, Store } from '../store/store.ts';
import { Team } from '../store/entities/team.ts';
import { TeamMember } from '../store/entities/team-member.ts';
import type { ChannelMember } from '../store/entities/channel-member.ts';
import type { User } from '../store/entities/user.ts';
import type { TeamChanges } from '../store/team-repository.ts';
import { UniqueViolation } from '../store/store-errors.ts';
import type { AppEvents } from './app-events.ts';
import type { HookContext, PluginHooks } from './plugin-hooks.ts';
import { membershipChanged } from './membership-service.ts';
import { AppError } from '../errors/app-error.ts';
import { newId } from './ids.ts';
import { teamNameProblem } from './team-name.ts';
import { TEAM_ADMIN, TEAM_USER, isGuestRoles, parseRoles, schemeAdminWanted, schemesNotSupported, type SchemeRolesInput } from './roles.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';
import type { ChannelService } from './channel-service.ts';
import type { SystemMessages } from './system-messages.ts';
import { teamNameNotFound } from './name-not-found.ts';
import { runeCount } from './post-text.ts';

/** POST /teams/search: a term, optionally only open (or invite-only) teams, optionally a page (null where not given). */
export interface TeamSearchInput {
  term: string;
  allowOpenInvite: boolean | null;
  page: number | null;
  perPage: number | null;
}

export interface TeamDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  hooks: PluginHooks;
  permissions: PermissionService;
  channels: ChannelService;
  systemMessages: SystemMessages;
}

/** A team to create (POST /teams); the service checks Mattermost's rules for each field. */
export interface NewTeamInput {
  name: string;
  displayName: string;
  description: string;
  email: string;
  /** 'O' (open) or 'I' (invite only). */
  type: string;
  companyName: string;
  allowedDomains: string;
  allowOpenInvite: boolean;
}

/** What PUT /teams/{id}/patch and PUT /teams/{id} change; an absent field stays as it is. */
export interface TeamChangesInput {
  displayName?: string;
  description?: string;
  companyName?: string;
  allowedDomains?: string;
  email?: string;
  type?: string;
  allowOpenInvite?: boolean;
  /** Only members of the team's linked directory groups may be in it; system admins only. */
  groupConstrained?: boolean;
}

/** Which of a team's fields a viewer may see (Mattermost's SanitizeTeam). */
export interface TeamVisibility {
  showEmail: boolean;
  showInviteId: boolean;
}

/** A team as one viewer may see it. */
export interface TeamView {
  team: Team;
  visibility: TeamVisibility;
}

export interface TeamStats {
  teamId: string;
  totalMemberCount: number;
  activeMemberCount: number;
}

/** One user's outcome of a batch add (Mattermost's TeamMemberWithError). */
export interface TeamMemberOutcome {
  userId: string;
  member: TeamMember | null;
  error: AppError | null;
}

export class TeamService {
  #deps: TeamDeps;

  constructor(deps: TeamDeps) {
    this.#deps = deps;
  }

  /** A team the actor may view: an open team anyone may, others only their members (and admins). */
  async get(actor: Actor, teamId: string): Promise<TeamView> {
    return this.#viewable(actor, await this.#team(teamId));
  }

  async getByName(actor: Actor, name: string): Promise<TeamView> {
    const team = await this.#deps.store.teams.findByName(name);
    if (!team) throw teamNameNotFound(name);
    return this.#viewable(actor, team);
  }

  /** The team an invite link points to; 404 when the link is stale or the team deleted. The link is the authority. */
  async getByInviteId(inviteId: string): Promise<Team> {
    const team = inviteId === '' ? null : await this.#deps.store.teams.findByInviteId(inviteId);
    if (!team) {
      throw new AppError('app.team.get_by_invite_id.finding.app_error', 404, 'The invite link is invalid or has expired. Ask a team admin for a new one.');
    }
    return team;
  }

  /**
   * GET /teams/invite/{invite_id}, asked before signing in: what an invite link leads to, for an open
   * team only (the page that shows it offers to join; a closed team's link is for its members to share).
   */
  async inviteInfo(inviteId: string): Promise<Pick<Team, 'id' | 'name' | 'displayName' | 'description'>> {
    const team = await this.getByInviteId(inviteId);
    if (team.deleteAt > 0) throw new AppError('app.team.get_by_invite_id.finding.app_error', 404, 'The invite link is invalid or has expired. Ask a team admin for a new one.');
    if (team.type !== 'O') throw new AppError('api.team.get_invite_info.not_open_team', 403, 'This team is invite-only: ask a team admin to add you.');
    return { id: team.id, name: team.name, displayName: team.displayName, description: team.description };
  }

  /** Every team for those who may list private teams, open ones for those who may list public teams. */
  async list(actor: Actor, offset: number, limit: number): Promise<TeamView[]> {
    const { permissions, store } = this.#deps;
    const all = permissions.hasSystem(actor, 'list_private_teams');
    if (!all && !permissions.hasSystem(actor, 'list_public_teams')) return [];
    return this.#views(actor, await store.teams.list({ openOnly: !all, offset, limit }));
  }

  /** How many teams `list` pages through. */
  count(actor: Actor): Promise<number> {
    return this.#deps.store.teams.count(!this.#deps.permissions.hasSystem(actor, 'list_private_teams'));
  }

  /**
   * Teams whose name or display name starts with the term (POST /teams/search). Those who may list
   * both private and public teams search them all (a page of them, with the total, when page and
   * per_page are given); those who may list one kind search that kind, unpaged, as Mattermost.
   */
  async search(actor: Actor, input: TeamSearchInput): Promise<{ teams: TeamView[]; total: number }> {
    const { permissions, store } = this.#deps;
    const privateTeams = permissions.hasSystem(actor, 'list_private_teams');
    const publicTeams = permissions.hasSystem(actor, 'list_public_teams');
    if (!privateTeams && !publicTeams) return { teams: [], total: 0 };
    const all = privateTeams && publicTeams;
    if (!all && (input.page !== null || input.perPage !== null)) {
      const kind = publicTeams ? 'public' : 'private';
      throw AppError.notImplemented(`api.team.search_teams.pagination_not_implemented.${kind}_team_search`, `Searching ${kind} teams is not paged: leave out page and per_page.`);
    }
    const page = all && input.page !== null && input.perPage !== null ? { offset: input.page * input.perPage, limit: input.perPage } : null;
    const found = await store.teams.search({ term: input.term, allowOpenInvite: all ? input.allowOpenInvite : publicTeams, page });
    return { teams: await this.#views(actor, found.teams), total: found.total };
  }

  /**
   * Whether a team of that name exists that the actor may see: one they are in, or one of a kind
   * (open or invite-only) they may list — so names of teams hidden from them do not leak.
   */
  async exists(actor: Actor, name: string): Promise<boolean> {
    const team = await this.#deps.store.teams.findByName(name);
    if (!team || team.deleteAt > 0) return false;
    const member = await this.#deps.store.teams.findMember(team.id, actor.userId);
    if (member && member.deleteAt === 0) return true;
    return this.#deps.permissions.hasSystem(actor, team.allowOpenInvite ? 'list_public_teams' : 'list_private_teams');
  }

  async listForUser(actor: Actor, userId: string): Promise<TeamView[]> {
    this.#requireOwnTeamsOrAdmin(actor, userId);
    return this.#views(actor, await this.#deps.store.teams.listForUser(userId));
  }

  /**
   * The live teams every one of `userIds` is a member of, sanitized for the actor; who may ask is
   * the caller's to decide (the members of a group message, for converting it).
   */
  async commonTo(actor: Actor, userIds: readonly string[]): Promise<TeamView[]> {
    return this.#views(actor, await this.#deps.store.teams.commonTo(userIds));
  }

  membersForUser(actor: Actor, userId: string): Promise<TeamMember[]> {
    this.#requireOwnTeamsOrAdmin(actor, userId);
    return this.#deps.store.teams.membersForUser(userId);
  }

  async listMembers(actor: Actor, teamId: string, offset: number, limit: number): Promise<TeamMember[]> {
    await this.#teamWith(actor, teamId, 'view_team');
    return this.#deps.store.teams.listMembers(teamId, offset, limit);
  }

  async membersByUserIds(actor: Actor, teamId: string, userIds: readonly string[]): Promise<TeamMember[]> {
    await this.#teamWith(actor, teamId, 'view_team');
    return this.#deps.store.teams.membersByUserIds(teamId, userIds);
  }

  /** A current membership; 404 for non-members and for those who left. */
  async getMember(actor: Actor, teamId: string, userId: string): Promise<TeamMember> {
    await this.#teamWith(actor, teamId, 'view_team');
    return this.#member(teamId, userId);
  }

  async stats(actor: Actor, teamId: string): Promise<TeamStats> {
    await this.#teamWith(actor, teamId, 'view_team');
    const counts = await this.#deps.store.teams.countMembers(teamId);
    return { teamId, totalMemberCount: counts.total, activeMemberCount: counts.active };
  }

  /** Creates a team with its default channels; the creator joins it as team admin. */
  async create(actor: Actor, input: NewTeamInput, ctx: HookContext): Promise<TeamView> {
    this.#deps.permissions.requireSystem(actor, 'create_team');
    const now = Date.now();
    const team = Object.assign(new Team(), {
      id: newId(),
      createAt: now,
      updateAt: now,
      deleteAt: 0,
      displayName: validDisplayName(input.displayName),
      name: validTeamName(input.name),
      description: validText(input.description, 'description', 255),
      email: validText(input.email, 'email', 128),
      type: validType(input.type),
      companyName: validText(input.companyName, 'company_name', 64),
      allowedDomains: validText(input.allowedDomains, 'allowed_domains', 1000),
      inviteId: newInviteId(),
      allowOpenInvite: input.allowOpenInvite,
      lastTeamIconUpdate: 0,
      groupConstrained: false,
    });
    const creatorId = actor.userId;
    const joined = await this.#deps.store.transaction(async (tx) => {
      try {
        await tx.teams.insert(team);
      } catch (err) {
        if (err instanceof UniqueViolation) {
          throw AppError.badRequest('app.team.save.existing.app_error', 'A team with that name already exists.', `name=${team.name}`);
        }
        throw err;
      }
      await this.#deps.channels.insertDefaultChannels(tx, team.id, now);
      return this.#join(tx, team, creatorId, true, now);
    });
    this.#deps.logger.info('team created', { team_id: team.id });
    await this.#announceJoined(team, joined, creatorId, ctx);
    return this.#view(actor, team);
  }

  /** Applies the fields present in `changes`; needs manage_team. */
  async patch(actor: Actor, teamId: string, input: TeamChangesInput): Promise<TeamView> {
    const team = await this.#teamWith(actor, teamId, 'manage_team');
    const changes: TeamChanges = { updateAt: Date.now() };
    if (input.displayName !== undefined) changes.displayName = validDisplayName(input.displayName);
    if (input.description !== undefined) changes.description = validText(input.description, 'description', 255);
    if (input.companyName !== undefined) changes.companyName = validText(input.companyName, 'company_name', 64);
    if (input.allowedDomains !== undefined) changes.allowedDomains = validText(input.allowedDomains, 'allowed_domains', 1000);
    if (input.email !== undefined) changes.email = validText(input.email, 'email', 128);
    if (input.type !== undefined) changes.type = validType(input.type);
    if (input.allowOpenInvite !== undefined) changes.allowOpenInvite = input.allowOpenInvite;
    if (input.groupConstrained !== undefined && input.groupConstrained !== team.groupConstrained) {
      this.#deps.permissions.requireSystem(actor, 'manage_system');
      changes.groupConstrained = input.groupConstrained;
    }
    return this.#updated(actor, team.id, changes);
  }

  /**
   * A new invite id for the team (POST /teams/{id}/regenerate_invite_id, the team settings'
   * "Regenerate" link): the old invite link stops working at once. Needs manage_team.
   */
  async regenerateInviteId(actor: Actor, teamId: string): Promise<TeamView> {
    const team = await this.#teamWith(actor, teamId, 'manage_team');
    return this.#updated(actor, team.id, { inviteId: newInviteId(), updateAt: Date.now() });
  }

  /** Stores the changes and tells the team's members (update_team). */
  async #updated(actor: Actor, teamId: string, changes: TeamChanges): Promise<TeamView> {
    const updated = await this.#deps.store.teams.update(teamId, changes);
    if (!updated) throw AppError.notFound('team', teamId);
    this.#deps.events.publish({ event: 'update_team', subject: { kind: 'team', team: updated }, broadcast: { team_id: teamId } });
    return this.#view(actor, updated);
  }

  /** Soft-deletes a team: it disappears from lists and cannot be joined. Needs manage_team. */
  async softDelete(actor: Actor, teamId: string): Promise<void> {
    const team = await this.#teamWith(actor, teamId, 'manage_team');
    const now = Date.now();
    const updated = await this.#deps.store.teams.update(team.id, { deleteAt: now, updateAt: now });
    if (!updated) throw AppError.notFound('team', team.id);
    // As Mattermost: a deleted team's posts stop their persistent notifications, for good.
    await this.#deps.store.persistentNotifications.retireInTeam(team.id, now);
    this.#deps.events.publish({ event: 'delete_team', subject: { kind: 'team', team: updated }, broadcast: { team_id: team.id } });
  }

  /** POST /teams/{id}/restore: an archived team is back in lists and can be joined again. Needs manage_team. */
  async restore(actor: Actor, teamId: string): Promise<TeamView> {
    const team = await this.#teamWith(actor, teamId, 'manage_team');
    if (team.deleteAt === 0) return this.#view(actor, team);
    const updated = await this.#deps.store.teams.update(team.id, { deleteAt: 0, updateAt: Date.now() });
    if (!updated) throw AppError.notFound('team', team.id);
    this.#deps.events.publish({ event: 'restore_team', subject: { kind: 'team', team: updated }, broadcast: { team_id: team.id } });
    return this.#view(actor, updated);
  }

  /**
   * Adds a user to a team and its default channels; an existing membership is returned unchanged.
   * Joining yourself takes join_public_teams for an open team, join_private_teams for an invite-only
   * one; adding someone else takes add_user_to_team.
   */
  async addMember(actor: Actor, teamId: string, userId: string, ctx: HookContext): Promise<TeamMember> {
    const { permissions } = this.#deps;
    const team = await this.#team(teamId);
    if (userId === actor.userId) {
      permissions.requireSystem(actor, team.type === 'O' && team.allowOpenInvite ? 'join_public_teams' : 'join_private_teams');
    } else {
      await permissions.requireTeam(actor, team.id, 'add_user_to_team');
    }
    return this.#addMember(team, userId, actor.userId, ctx);
  }

  /**
   * POST /teams/{id}/members/batch: adds each user (add_user_to_team), one after another as Mattermost
   * does. Strict, the first user who cannot be added fails the request (those before stay added);
   * graceful, each user gets their own outcome.
   */
  async addMembers(actor: Actor, teamId: string, userIds: readonly string[], graceful: boolean, ctx: HookContext): Promise<TeamMemberOutcome[]> {
    const team = await this.#team(teamId);
    await this.#deps.permissions.requireTeam(actor, team.id, 'add_user_to_team');
    const outcomes: TeamMemberOutcome[] = [];
    for (const userId of userIds) {
      try {
        outcomes.push({ userId, member: await this.#addMember(team, userId, actor.userId, ctx), error: null });
      } catch (err) {
        if (!graceful || !(err instanceof AppError) || err.status >= 500) throw err;
        outcomes.push({ userId, member: null, error: err });
      }
    }
    return outcomes;
  }

  /**
   * Mattermost's PUT /teams/{id}/scheme: after its checks (system admins only, the team must exist),
   * 501, there being no schemes but the default one (as for a channel's, channel-service.ts).
   */
  async updateScheme(actor: Actor, teamId: string, schemeId: string): Promise<never> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    await this.#team(teamId);
    throw schemesNotSupported('team', schemeId);
  }

  /** The actor joins the team an invite link points to: the link is all the permission it takes. */
  async joinByInvite(actor: Actor, inviteId: string, ctx: HookContext): Promise<TeamMember> {
    const team = await this.getByInviteId(inviteId);
    if (team.groupConstrained) {
      throw new AppError('app.team.invite_id.group_constrained.error', 403, 'This team takes its members from directory groups, so it cannot be joined with an invite link.');
    }
    return this.#addMember(team, actor.userId, actor.userId, ctx);
  }

  /** Removes a user from a team and its channels: leaving needs nothing, removing someone remove_user_from_team. */
  async removeMember(actor: Actor, teamId: string, userId: string, ctx: HookContext): Promise<void> {
    const team = await this.#team(teamId);
    if (userId !== actor.userId) await this.#deps.permissions.requireTeam(actor, team.id, 'remove_user_from_team');
    // Mattermost's rule: people leave a group-constrained team themselves or with their group (bots may be removed).
    if (team.groupConstrained && actor.kind === 'user' && userId !== actor.userId && !(await this.#user(userId))?.isBot) {
      throw AppError.badRequest('api.team.remove_member.group_constrained.app_error', 'This team takes its members from directory groups: remove the person from the group instead.');
    }
    const actorId = actor.userId;
    const member = await this.#member(team.id, userId);
    const now = Date.now();
    const leftChannels = await this.#deps.store.transaction(async (tx) => {
      await tx.teams.markMemberDeleted(team.id, userId, now);
      await tx.sidebar.clearTeam(userId, team.id);
      return tx.channels.deleteMembershipsInTeam(team.id, userId);
    });
    member.deleteAt = now;
    this.#deps.events.publish(membershipChanged('team', team.id, [userId], false));
    this.#deps.channels.announceLeft(leftChannels, actorId, ctx);
    // The team's remaining members hear it through the team; the user who left is no longer one.
    const data = { team_id: team.id, user_id: userId };
    this.#deps.events.publish({ event: 'leave_team', data, broadcast: { team_id: team.id } });
    this.#deps.events.publish({ event: 'leave_team', data, broadcast: { user_id: userId } });
    void this.#user(actorId).then((user) => this.#deps.hooks.userHasLeftTeam(ctx, member, user));
    await this.#deps.systemMessages.leftTeam(team.id, userId, actorId, ctx);
  }

  /** Sets a member's team roles: team_user, optionally with team_admin. Needs manage_team_roles. */
  async updateMemberRoles(actor: Actor, teamId: string, userId: string, roles: readonly string[]): Promise<TeamMember> {
    await this.#teamWith(actor, teamId, 'manage_team_roles');
    if (roles.some((r) => r !== TEAM_USER && r !== TEAM_ADMIN) || !roles.includes(TEAM_USER)) throw keepTeamUser();
    if ((await this.#member(teamId, userId)).schemeGuest) throw changingGuestRole();
    return this.#setTeamAdmin(teamId, userId, roles.includes(TEAM_ADMIN));
  }

  /**
   * Sets a member's scheme roles as flags (PUT /teams/{id}/members/{user_id}/schemeRoles, Mattermost's
   * SchemeRoles), as its web app's "Make team admin" does; needs manage_team_roles. Whether a member
   * is a guest follows the account (promote/demote), never a team's roles.
   */
  async updateMemberSchemeRoles(actor: Actor, teamId: string, userId: string, roles: SchemeRolesInput): Promise<TeamMember> {
    await this.#teamWith(actor, teamId, 'manage_team_roles');
    const member = await this.#member(teamId, userId);
    const admin = schemeAdminWanted(member, roles, {
      guestAndUser: () => AppError.badRequest('api.team.update_team_member_roles.guest_and_user.app_error', 'A team member cannot be both a guest and a user.'),
      changingGuestRole,
      keepUser: keepTeamUser,
    });
    return admin === null ? member : this.#setTeamAdmin(teamId, userId, admin);
  }

  async #setTeamAdmin(teamId: string, userId: string, admin: boolean): Promise<TeamMember> {
    await this.#deps.store.teams.updateMemberRoles(teamId, userId, { roles: '', schemeUser: true, schemeAdmin: admin });
    const member = await this.#member(teamId, userId);
    this.#deps.events.publish({ event: 'memberroles_updated', subject: { kind: 'team_member', member }, broadcast: { user_id: userId } });
    return member;
  }

  async #team(teamId: string): Promise<Team> {
    const team = await this.#deps.store.teams.findById(teamId);
    if (!team) throw AppError.notFound('team', teamId);
    return team;
  }

  async #teamWith(actor: Actor, teamId: string, permission: string): Promise<Team> {
    const team = await this.#team(teamId);
    await this.#deps.permissions.requireTeam(actor, team.id, permission);
    return team;
  }

  /** Open teams anyone may look at; others only their members (and admins). */
  async #viewable(actor: Actor, team: Team): Promise<TeamView> {
    if (!(team.type === 'O' && team.allowOpenInvite)) await this.#deps.permissions.requireTeam(actor, team.id, 'view_team');
    return this.#view(actor, team);
  }

  /** Mattermost's SanitizeTeam: the email for team managers, the invite id for those who may invite. */
  async #view(actor: Actor, team: Team): Promise<TeamView> {
    const { permissions } = this.#deps;
    const showEmail = await permissions.hasTeam(actor, team.id, 'manage_team');
    const showInviteId = showEmail || (await permissions.hasTeam(actor, team.id, 'invite_user'));
    return { team, visibility: { showEmail, showInviteId } };
  }

  #views(actor: Actor, teams: readonly Team[]): Promise<TeamView[]> {
    return Promise.all(teams.map((t) => this.#view(actor, t)));
  }

  /** A user's own teams, or anyone's for those with read_other_users_teams. */
  #requireOwnTeamsOrAdmin(actor: Actor, userId: string): void {
    if (userId !== actor.userId) this.#deps.permissions.requireSystem(actor, 'read_other_users_teams');
  }

  async #member(teamId: string, userId: string): Promise<TeamMember> {
    const member = await this.#deps.store.teams.findMember(teamId, userId);
    if (!member || member.deleteAt > 0) {
      throw new AppError('app.team.get_member.missing.app_error', 404, 'No team member was found for that user and team.', {
        details: `team_id=${teamId} user_id=${userId}`,
      });
    }
    return member;
  }

  async #addMember(team: Team, userId: string, actorId: string, ctx: HookContext): Promise<TeamMember> {
    if (team.deleteAt > 0) throw AppError.badRequest('api.team.add_user_to_team.deleted.app_error', 'The team has been deleted.');
    const user = await this.#deps.store.users.findById(userId);
    if (!user || user.deleteAt > 0) throw AppError.notFound('user', userId);
    const existing = await this.#deps.store.teams.findMember(team.id, userId);
    if (existing && existing.deleteAt === 0) return existing;
    // A guest's address was checked against GuestAccountsSettings' domains when the account was made.
    if (!isGuestRoles(parseRoles(user.roles))) checkAllowedDomain(team, user);
    if (team.groupConstrained && !user.isBot && (await this.#deps.store.groups.outsiders('team', team.id, [userId])).length > 0) {
      throw AppError.badRequest('api.team.add_members.user_denied', 'This team takes its members from directory groups, and this person is in none of them.', `user_ids=${userId}`);
    }
    const max = this.#deps.config.get().TeamSettings.MaxUsersPerTeam;
    if ((await this.#deps.store.teams.countActiveMembers(team.id)) >= max) {
      throw AppError.badRequest('app.team.join_user_to_team.max_accounts.app_error', `This team has reached its limit of ${max} members.`);
    }
    const joined = await this.#deps.store.transaction((tx) => this.#join(tx, team, userId, false, Date.now(), isGuestRoles(parseRoles(user.roles))));
    await this.#announceJoined(team, joined, actorId, ctx);
    return joined.member;
  }

  /** A guest joins as team_guest and, as in Mattermost, into none of the default channels: only those they are invited to. */
  async #join(tx: Repositories, team: Team, userId: string, admin: boolean, now: number, guest = false): Promise<{ member: TeamMember; channels: ChannelMember[] }> {
    const member = Object.assign(new TeamMember(), {
      teamId: team.id,
      userId,
      roles: '',
      schemeUser: !guest,
      schemeAdmin: admin && !guest,
      schemeGuest: guest,
      createAt: now,
      deleteAt: 0,
    });
    await tx.teams.saveMember(member);
    await tx.sidebar.createDefaults(userId, team.id);
    const channels = guest ? [] : await this.#deps.channels.joinDefaultChannels(tx, team.id, userId, now);
    return { member, channels };
  }

  async #announceJoined(team: Team, joined: { member: TeamMember; channels: ChannelMember[] }, actorId: string, ctx: HookContext): Promise<void> {
    const { member } = joined;
    this.#deps.events.publish(membershipChanged('team', team.id, [member.userId], true));
    this.#deps.events.publish({ event: 'added_to_team', data: { team_id: team.id, user_id: member.userId }, broadcast: { user_id: member.userId } });
    void this.#user(actorId).then((user) => this.#deps.hooks.userHasJoinedTeam(ctx, member, user));
    this.#deps.channels.announceJoined(joined.channels, team.id, actorId, ctx);
    await this.#deps.systemMessages.joinedTeam(joined.channels.map((c) => c.channelId), member.userId, actorId, ctx);
  }

  /** The user behind an action, for hooks; null when it cannot be loaded (hooks must not fail the request). */
  #user(userId: string): Promise<User | null> {
    return this.#deps.store.users.findById(userId).catch((err: unknown) => {
      this.#deps.logger.warn('could not load the actor for a hook', { user_id: userId, error: String(err) });
      return null;
    });
  }
}

function newInviteId(): string {
  return randomBytes(16).toString('hex');
}

/** Mattermost's team name rule: 2-64 of a-z 0-9 -, starting and ending with a letter or digit, not reserved. */
function validTeamName(value: string): string {
  const problem = teamNameProblem(value);
  if (problem === 'characters') {
    throw AppError.badRequest(
      'model.team.is_valid.characters.app_error',
      'Team names are 2 to 64 lowercase letters, digits or "-", starting and ending with a letter or digit.',
      `name=${value}`,
    );
  }
  if (problem === 'reserved') {
    throw AppError.badRequest('model.team.is_valid.reserved.app_error', 'That team name is reserved; choose another.', `name=${value}`);
  }
  return value;
}

function validDisplayName(value: string): string {
  if (value.trim() === '' || runeCount(value) > 64) {
    throw AppError.badRequest('model.team.is_valid.name.app_error', 'A team needs a display name of 1 to 64 characters.');
  }
  return value;
}

function validType(value: string): 'O' | 'I' {
  if (value !== 'O' && value !== 'I') throw AppError.badRequest('model.team.is_valid.type.app_error', 'Team type must be O (open) or I (invite only).');
  return value;
}

/** Mattermost counts the runes of free text. */
function validText(value: string, name: string, maxRunes: number): string {
  if (runeCount(value) > maxRunes) throw AppError.badRequest(`model.team.is_valid.${name}.app_error`, `The team ${name} may be at most ${maxRunes} characters.`);
  return value;
}

/** A team restricted to email domains only takes users with an address in one of them. */
function checkAllowedDomain(team: Team, user: User): void {
  const domains = team.allowedDomains
    .split(/[\s,@]+/)
    .filter(Boolean)
    .map((d) => d.toLowerCase());
  if (domains.length === 0 || user.isBot) return;
  const domain = user.email.split('@')[1]?.toLowerCase();
  if (!domain || !domains.includes(domain)) {
    throw AppError.badRequest('api.team.join_user_to_team.allowed_domains.app_error', `This team only takes users with an email address in: ${domains.join(', ')}.`);
  }
}

function keepTeamUser(): AppError {
  return AppError.badRequest('api.team.update_team_member_roles.scheme_role.app_error', 'Team roles must be team_user, optionally with team_admin.');
}

function changingGuestRole(): AppError {
  return AppError.badRequest('api.team.update_team_member_roles.changing_guest_role.app_error', "A guest's team roles follow the account: promote the guest to a member instead.");
}
