// Teams: creation with default channels, membership (direct, open join, invite id), team roles.
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
import { AppError } from '../errors/app-error.ts';
import { isValidId, newId } from './ids.ts';
import { TEAM_ADMIN, TEAM_USER, memberRoles, parseRoles } from './roles.ts';
import type { ChannelService } from './channel-service.ts';
import type { SystemMessages } from './system-messages.ts';

export interface TeamDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  hooks: PluginHooks;
  channels: ChannelService;
  systemMessages: SystemMessages;
}

const TEAM_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
/** Names that would collide with the web app's routes, as Mattermost reserves them. */
const RESERVED_TEAM_NAMES = new Set([
  'admin',
  'api',
  'boards',
  'channel',
  'channels',
  'claim',
  'error',
  'files',
  'help',
  'landing',
  'login',
  'mfa',
  'oauth',
  'playbooks',
  'plug',
  'plugins',
  'post',
  'signup',
  'static',
]);

/** Fields PUT /teams/{id}/patch and PUT /teams/{id} may change. */
export interface TeamPatch {
  display_name?: unknown;
  description?: unknown;
  company_name?: unknown;
  allowed_domains?: unknown;
  allow_open_invite?: unknown;
  type?: unknown;
  email?: unknown;
}

export class TeamService {
  #deps: TeamDeps;

  constructor(deps: TeamDeps) {
    this.#deps = deps;
  }

  async get(id: string): Promise<Team> {
    const team = await this.#deps.store.teams.findById(id);
    if (!team) throw AppError.notFound('team', id);
    return team;
  }

  async getByName(name: string): Promise<Team> {
    const team = await this.#deps.store.teams.findByName(name);
    if (!team) throw new AppError('app.team.get_by_name.missing.app_error', 404, 'No team with that name exists.', { details: `name=${name}` });
    return team;
  }

  /** The team an invite link points to; 404 when the link is stale or the team deleted. */
  async getByInviteId(inviteId: string): Promise<Team> {
    const team = inviteId === '' ? null : await this.#deps.store.teams.findByInviteId(inviteId);
    if (!team) {
      throw new AppError('app.team.get_by_invite_id.finding.app_error', 404, 'The invite link is invalid or has expired. Ask a team admin for a new one.');
    }
    return team;
  }

  list(openOnly: boolean, offset: number, limit: number): Promise<Team[]> {
    return this.#deps.store.teams.list({ openOnly, offset, limit });
  }

  count(openOnly: boolean): Promise<number> {
    return this.#deps.store.teams.count(openOnly);
  }

  listForUser(userId: string): Promise<Team[]> {
    return this.#deps.store.teams.listForUser(userId);
  }

  membersForUser(userId: string): Promise<TeamMember[]> {
    return this.#deps.store.teams.membersForUser(userId);
  }

  listMembers(teamId: string, offset: number, limit: number): Promise<TeamMember[]> {
    return this.#deps.store.teams.listMembers(teamId, offset, limit);
  }

  membersByUserIds(teamId: string, userIds: readonly string[]): Promise<TeamMember[]> {
    return this.#deps.store.teams.membersByUserIds(teamId, userIds);
  }

  /** A current membership; 404 for non-members and for those who left. */
  async getMember(teamId: string, userId: string): Promise<TeamMember> {
    const member = await this.#deps.store.teams.findMember(teamId, userId);
    if (!member || member.deleteAt > 0) {
      throw new AppError('app.team.get_member.missing.app_error', 404, 'No team member was found for that user and team.', {
        details: `team_id=${teamId} user_id=${userId}`,
      });
    }
    return member;
  }

  async stats(teamId: string) {
    const counts = await this.#deps.store.teams.countMembers(teamId);
    return { team_id: teamId, total_member_count: counts.total, active_member_count: counts.active };
  }

  /** Creates a team with its default channels; the creator joins it as team admin. */
  async create(input: Record<string, unknown>, creatorId: string, ctx: HookContext): Promise<Team> {
    const now = Date.now();
    const team = Object.assign(new Team(), {
      id: newId(),
      createAt: now,
      updateAt: now,
      deleteAt: 0,
      displayName: validDisplayName(input.display_name),
      name: validTeamName(input.name),
      description: optionalText(input.description, 'description', 255),
      email: optionalText(input.email, 'email', 128),
      type: validType(input.type ?? 'O'),
      companyName: optionalText(input.company_name, 'company_name', 64),
      allowedDomains: optionalText(input.allowed_domains, 'allowed_domains', 1000),
      inviteId: newInviteId(),
      allowOpenInvite: optionalBoolean(input.allow_open_invite, 'allow_open_invite') ?? false,
      lastTeamIconUpdate: 0,
    });
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
    return team;
  }

  /** Applies the fields present in `patch`. */
  async patch(team: Team, patch: TeamPatch): Promise<Team> {
    const changes: TeamChanges = { updateAt: Date.now() };
    if (patch.display_name !== undefined) changes.displayName = validDisplayName(patch.display_name);
    if (patch.description !== undefined) changes.description = optionalText(patch.description, 'description', 255);
    if (patch.company_name !== undefined) changes.companyName = optionalText(patch.company_name, 'company_name', 64);
    if (patch.allowed_domains !== undefined) changes.allowedDomains = optionalText(patch.allowed_domains, 'allowed_domains', 1000);
    if (patch.email !== undefined) changes.email = optionalText(patch.email, 'email', 128);
    if (patch.type !== undefined) changes.type = validType(patch.type);
    const openInvite = optionalBoolean(patch.allow_open_invite, 'allow_open_invite');
    if (openInvite !== undefined) changes.allowOpenInvite = openInvite;
    const updated = await this.#deps.store.teams.update(team.id, changes);
    if (!updated) throw AppError.notFound('team', team.id);
    this.#deps.events.publish({ event: 'update_team', subject: { kind: 'team', team: updated }, broadcast: { team_id: team.id } });
    return updated;
  }

  /** Soft-deletes a team: it disappears from lists and cannot be joined. */
  async softDelete(team: Team): Promise<void> {
    const now = Date.now();
    const updated = await this.#deps.store.teams.update(team.id, { deleteAt: now, updateAt: now });
    if (!updated) throw AppError.notFound('team', team.id);
    this.#deps.events.publish({ event: 'delete_team', subject: { kind: 'team', team: updated }, broadcast: { team_id: team.id } });
  }

  /** Adds a user to a team and its default channels; an existing membership is returned unchanged. */
  async addMember(team: Team, userId: string, actorId: string, ctx: HookContext): Promise<TeamMember> {
    if (team.deleteAt > 0) throw AppError.badRequest('api.team.add_user_to_team.deleted.app_error', 'The team has been deleted.');
    const user = await this.#deps.store.users.findById(userId);
    if (!user || user.deleteAt > 0) throw AppError.notFound('user', userId);
    const existing = await this.#deps.store.teams.findMember(team.id, userId);
    if (existing && existing.deleteAt === 0) return existing;
    checkAllowedDomain(team, user);
    const max = this.#deps.config.get().TeamSettings.MaxUsersPerTeam;
    if ((await this.#deps.store.teams.countActiveMembers(team.id)) >= max) {
      throw AppError.badRequest('app.team.join_user_to_team.max_accounts.app_error', `This team has reached its limit of ${max} members.`);
    }
    const joined = await this.#deps.store.transaction((tx) => this.#join(tx, team, userId, false, Date.now()));
    await this.#announceJoined(team, joined, actorId, ctx);
    return joined.member;
  }

  /** Removes a user from a team (leaving when the actor is that user) and from its channels. */
  async removeMember(team: Team, userId: string, actorId: string, ctx: HookContext): Promise<void> {
    const member = await this.getMember(team.id, userId);
    const now = Date.now();
    const leftChannels = await this.#deps.store.transaction(async (tx) => {
      await tx.teams.markMemberDeleted(team.id, userId, now);
      return tx.channels.deleteMembershipsInTeam(team.id, userId);
    });
    member.deleteAt = now;
    this.#deps.channels.announceLeft(leftChannels, actorId, ctx);
    // The team's remaining members hear it through the team; the user who left is no longer one.
    const data = { team_id: team.id, user_id: userId };
    this.#deps.events.publish({ event: 'leave_team', data, broadcast: { team_id: team.id } });
    this.#deps.events.publish({ event: 'leave_team', data, broadcast: { user_id: userId } });
    void this.#actor(actorId).then((actor) => this.#deps.hooks.userHasLeftTeam(ctx, member, actor));
    await this.#deps.systemMessages.leftTeam(team.id, userId, actorId, ctx);
  }

  /** Sets a member's team roles from "team_user" or "team_user team_admin". */
  async updateMemberRoles(teamId: string, userId: string, roles: unknown): Promise<TeamMember> {
    // Mattermost takes a space-separated string; Client4's typings send an array of names.
    const isNameList = Array.isArray(roles) && roles.every((r) => typeof r === 'string');
    if (typeof roles !== 'string' && !isNameList) throw AppError.invalidParam('roles', 'expected a space-separated string of role names');
    const names = isNameList ? (roles as string[]).flatMap(parseRoles) : parseRoles(roles as string);
    if (names.some((r) => r !== TEAM_USER && r !== TEAM_ADMIN) || !names.includes(TEAM_USER)) {
      throw AppError.badRequest('api.team.update_team_member_roles.scheme_role.app_error', 'Team roles must be team_user, optionally with team_admin.');
    }
    await this.getMember(teamId, userId);
    await this.#deps.store.teams.updateMemberRoles(teamId, userId, { roles: '', schemeUser: true, schemeAdmin: names.includes(TEAM_ADMIN) });
    const member = await this.getMember(teamId, userId);
    this.#deps.events.publish({ event: 'memberroles_updated', subject: { kind: 'team_member', member }, broadcast: { user_id: userId } });
    return member;
  }

  async #join(tx: Repositories, team: Team, userId: string, admin: boolean, now: number): Promise<{ member: TeamMember; channels: ChannelMember[] }> {
    const member = Object.assign(new TeamMember(), {
      teamId: team.id,
      userId,
      roles: '',
      schemeUser: true,
      schemeAdmin: admin,
      schemeGuest: false,
      createAt: now,
      deleteAt: 0,
    });
    await tx.teams.saveMember(member);
    const channels = await this.#deps.channels.joinDefaultChannels(tx, team.id, userId, now);
    return { member, channels };
  }

  async #announceJoined(team: Team, joined: { member: TeamMember; channels: ChannelMember[] }, actorId: string, ctx: HookContext): Promise<void> {
    const { member } = joined;
    this.#deps.events.publish({ event: 'added_to_team', data: { team_id: team.id, user_id: member.userId }, broadcast: { user_id: member.userId } });
    void this.#actor(actorId).then((actor) => this.#deps.hooks.userHasJoinedTeam(ctx, member, actor));
    this.#deps.channels.announceJoined(joined.channels, team.id, actorId, ctx);
    await this.#deps.systemMessages.joinedTeam(joined.channels.map((c) => c.channelId), member.userId, actorId, ctx);
  }

  /** The user behind an action, for hooks; null when it cannot be loaded (hooks must not fail the request). */
  #actor(actorId: string): Promise<User | null> {
    return this.#deps.store.users.findById(actorId).catch((err: unknown) => {
      this.#deps.logger.warn('could not load the actor for a hook', { user_id: actorId, error: String(err) });
      return null;
    });
  }
}

function newInviteId(): string {
  return randomBytes(16).toString('hex');
}

/** Mattermost's team name rule: 2-64 of a-z 0-9 -, starting and ending with a letter or digit, not reserved. */
function validTeamName(value: unknown): string {
  if (typeof value !== 'string' || value.length < 2 || value.length > 64 || !TEAM_NAME_PATTERN.test(value)) {
    throw AppError.badRequest(
      'model.team.is_valid.characters.app_error',
      'Team names are 2 to 64 lowercase letters, digits or "-", starting and ending with a letter or digit.',
      `name=${String(value)}`,
    );
  }
  if (RESERVED_TEAM_NAMES.has(value) || isValidId(value)) {
    throw AppError.badRequest('model.team.is_valid.reserved.app_error', 'That team name is reserved; choose another.', `name=${value}`);
  }
  return value;
}

function validDisplayName(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 64) {
    throw AppError.badRequest('model.team.is_valid.name.app_error', 'A team needs a display name of 1 to 64 characters.');
  }
  return value;
}

function validType(value: unknown): 'O' | 'I' {
  if (value !== 'O' && value !== 'I') throw AppError.badRequest('model.team.is_valid.type.app_error', 'Team type must be O (open) or I (invite only).');
  return value;
}

function optionalText(value: unknown, name: string, maxLength: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw AppError.invalidParam(name, 'must be a string');
  if (value.length > maxLength) throw AppError.badRequest(`model.team.is_valid.${name}.app_error`, `The team ${name} may be at most ${maxLength} characters.`);
  return value;
}

function optionalBoolean(value: unknown, name: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw AppError.invalidParam(name, 'must be true or false');
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
