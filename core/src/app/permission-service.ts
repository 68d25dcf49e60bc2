// Permission checks, for the services (the one place permissions are decided): a person's system
// roles, then team membership roles, then channel membership roles, as Mattermost's default scheme
// resolves them. Plugins and the server act on their own authority (see actor.ts): never refused here.
import type { Repositories } from '../store/store.ts';
import type { Channel } from '../store/entities/channel.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import { CHANNEL_ADMIN, CHANNEL_USER, TEAM_ADMIN, TEAM_USER, parseRoles, rolesGrant } from './roles.ts';

export class PermissionService {
  #store: Repositories;

  constructor(store: Repositories) {
    this.#store = store;
  }

  hasSystem(actor: Actor, permission: string): boolean {
    return actor.kind !== 'user' || rolesGrant(actor.roles, permission);
  }

  async hasTeam(actor: Actor, teamId: string, permission: string): Promise<boolean> {
    if (this.hasSystem(actor, permission)) return true;
    return rolesGrant(await this.#teamRoles(teamId, actor.userId), permission);
  }

  /** Channel permissions: the channel member's roles, else the roles of the channel's team. */
  async hasChannel(actor: Actor, channelOrId: string | Channel, permission: string): Promise<boolean> {
    if (this.hasSystem(actor, permission)) return true;
    const channel = typeof channelOrId === 'string' ? await this.#store.channels.findById(channelOrId) : channelOrId;
    if (!channel) return false;
    const member = await this.#store.channels.findMember(channel.id, actor.userId);
    if (member) {
      const roles = parseRoles(member.roles);
      if (member.schemeUser) roles.push(CHANNEL_USER);
      if (member.schemeAdmin) roles.push(CHANNEL_ADMIN);
      if (rolesGrant(roles, permission)) return true;
    }
    return channel.teamId ? rolesGrant(await this.#teamRoles(channel.teamId, actor.userId), permission) : false;
  }

  requireSystem(actor: Actor, permission: string): void {
    if (!this.hasSystem(actor, permission)) throw AppError.forbidden(permission);
  }

  async requireTeam(actor: Actor, teamId: string, permission: string): Promise<void> {
    if (!(await this.hasTeam(actor, teamId, permission))) throw AppError.forbidden(permission);
  }

  async requireChannel(actor: Actor, channelOrId: string | Channel, permission: string): Promise<void> {
    if (!(await this.hasChannel(actor, channelOrId, permission))) throw AppError.forbidden(permission);
  }

  /**
   * Reading a channel: its members (read_channel), and for a public channel anyone who may read the
   * team's public channels. A channel that does not exist is refused like one the caller may not
   * read, so ids do not reveal what exists.
   */
  async canReadChannel(actor: Actor, channelOrId: string | Channel): Promise<boolean> {
    const channel = typeof channelOrId === 'string' ? await this.#store.channels.findById(channelOrId) : channelOrId;
    if (!channel) return false;
    if (await this.hasChannel(actor, channel, 'read_channel')) return true;
    return channel.type === 'O' && (await this.hasTeam(actor, channel.teamId, 'read_public_channel'));
  }

  async requireReadChannel(actor: Actor, channelOrId: string | Channel): Promise<void> {
    if (!(await this.canReadChannel(actor, channelOrId))) throw AppError.forbidden('read_channel');
  }

  /** Acting on another user's account needs edit_other_users; acting on your own does not. */
  requireSelfOrSystem(actor: Actor, userId: string, permission = 'edit_other_users'): void {
    if (actor.userId !== userId) this.requireSystem(actor, permission);
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
