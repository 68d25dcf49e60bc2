// Permission checks for every route: system roles, then team membership roles, then channel
// membership roles, as Mattermost's default scheme resolves them.
import type { Repositories } from '../store/store.ts';
import type { Channel } from '../store/entities/channel.ts';
import { AppError } from './app-error.ts';
import type { AuthSession } from './auth-session.ts';
import { CHANNEL_ADMIN, CHANNEL_USER, TEAM_ADMIN, TEAM_USER, parseRoles, rolesGrant } from './roles.ts';

export class PermissionService {
  #store: Repositories;

  constructor(store: Repositories) {
    this.#store = store;
  }

  hasSystem(session: AuthSession, permission: string): boolean {
    return rolesGrant(session.roles, permission);
  }

  async hasTeam(session: AuthSession, teamId: string, permission: string): Promise<boolean> {
    if (this.hasSystem(session, permission)) return true;
    return rolesGrant(await this.#teamRoles(teamId, session.userId), permission);
  }

  /** Channel permissions: the channel member's roles, else the roles of the channel's team. */
  async hasChannel(session: AuthSession, channelOrId: string | Channel, permission: string): Promise<boolean> {
    if (this.hasSystem(session, permission)) return true;
    const channel = typeof channelOrId === 'string' ? await this.#store.channels.findById(channelOrId) : channelOrId;
    if (!channel) return false;
    const member = await this.#store.channels.findMember(channel.id, session.userId);
    if (member) {
      const roles = parseRoles(member.roles);
      if (member.schemeUser) roles.push(CHANNEL_USER);
      if (member.schemeAdmin) roles.push(CHANNEL_ADMIN);
      if (rolesGrant(roles, permission)) return true;
    }
    return channel.teamId ? rolesGrant(await this.#teamRoles(channel.teamId, session.userId), permission) : false;
  }

  requireSystem(session: AuthSession, permission: string): void {
    if (!this.hasSystem(session, permission)) throw AppError.forbidden(permission);
  }

  async requireTeam(session: AuthSession, teamId: string, permission: string): Promise<void> {
    if (!(await this.hasTeam(session, teamId, permission))) throw AppError.forbidden(permission);
  }

  async requireChannel(session: AuthSession, channelOrId: string | Channel, permission: string): Promise<void> {
    if (!(await this.hasChannel(session, channelOrId, permission))) throw AppError.forbidden(permission);
  }

  /**
   * Reading a channel: its members (read_channel), and for a public channel anyone who may read the
   * team's public channels. A channel that does not exist is refused like one the caller may not
   * read, so ids do not reveal what exists.
   */
  async canReadChannel(session: AuthSession, channelOrId: string | Channel): Promise<boolean> {
    const channel = typeof channelOrId === 'string' ? await this.#store.channels.findById(channelOrId) : channelOrId;
    if (!channel) return false;
    if (await this.hasChannel(session, channel, 'read_channel')) return true;
    return channel.type === 'O' && (await this.hasTeam(session, channel.teamId, 'read_public_channel'));
  }

  async requireReadChannel(session: AuthSession, channelOrId: string | Channel): Promise<void> {
    if (!(await this.canReadChannel(session, channelOrId))) throw AppError.forbidden('read_channel');
  }

  /** Acting on another user's account needs edit_other_users; acting on your own does not. */
  requireSelfOrSystem(session: AuthSession, userId: string, permission = 'edit_other_users'): void {
    if (session.userId !== userId) this.requireSystem(session, permission);
  }

  async #teamRoles(teamId: string, userId: string): Promise<string[]> {
    const member = await this.#store.teams.findMember(teamId, userId);
    if (!member || member.deleteAt > 0) return [];
    const roles = parseRoles(member.roles);
    if (member.schemeUser) roles.push(TEAM_USER);
    if (member.schemeAdmin) roles.push(TEAM_ADMIN);
    return roles;
  }
}
