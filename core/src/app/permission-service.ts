// Permission checks, for the services (the one place permissions are decided): a person's system
// roles, then team membership roles, then channel membership roles, as Mattermost's default scheme
// resolves them. Plugins and the server act on their own authority (see actor.ts): never refused here.
import type { Store } from '../store/store.ts';
import { Channel } from '../store/entities/channel.ts';
import type { ChannelGrants, ChannelWithMemberships } from '../store/channel-repository.ts';
import type { PeerChannel } from '../cluster/peer-channel.ts';
import { AppError } from '../errors/app-error.ts';
import { ChannelGrantsCache, accessWriteFrom } from './channel-grants-cache.ts';
import type { Actor } from './actor.ts';
import { rolesWithout } from './moderated-permissions.ts';
import { CHANNEL_ADMIN, CHANNEL_GUEST, CHANNEL_USER, TEAM_ADMIN, TEAM_GUEST, TEAM_USER, parseRoles, rolesGrant } from './roles.ts';

/** A channel with the actor's memberships in it and in its team (PermissionService.channelAccess). */
export type ChannelAccess = ChannelWithMemberships;
/** What a channel check is asked about: an id, a channel already loaded, or its access (or grants) already loaded. */
export type ChannelTarget = string | Channel | ChannelGrants;

/** The peer message that tells the other nodes what an access write changed. */
const FORGET_ACCESS = 'permissions.forget_access';

export interface PermissionDeps {
  store: Store;
  peers: PeerChannel;
}

export class PermissionService {
  #store: Store;
  #grants = new ChannelGrantsCache();

  constructor(deps: PermissionDeps) {
    this.#store = deps.store;
    deps.store.onAccessWrite((write) => {
      this.#grants.forget(write);
      deps.peers.sendToPeers({ type: FORGET_ACCESS, data: { ...write } });
    });
    deps.peers.onPeerMessage(FORGET_ACCESS, (data) => {
      const write = accessWriteFrom(data);
      if (write) this.#grants.forget(write);
    });
    deps.peers.onRejoined(() => this.#grants.clear());
  }

  hasSystem(actor: Actor, permission: string): boolean {
    return actor.kind !== 'user' || rolesGrant(actor.roles, permission);
  }

  async hasTeam(actor: Actor, teamId: string, permission: string): Promise<boolean> {
    if (this.hasSystem(actor, permission)) return true;
    return rolesGrant(await this.#teamRoles(teamId, actor.userId), permission);
  }

  /**
   * The channel with the actor's memberships in it and in its team, in one query: what the channel
   * checks below need, so a service that loads it first has its channel and its answer for one round
   * trip. Null when there is no such channel.
   */
  channelAccess(actor: Actor, channelId: string): Promise<ChannelAccess | null> {
    return this.#store.channels.findWithMemberships(channelId, actor.userId);
  }

  /**
   * The channel's team and type with the actor's roles in it and in its team, from this node's cache
   * (channel-grants-cache.ts): what the checks below need when asked with an id. Null when there is
   * no such channel.
   */
  channelGrants(actor: Actor, channelId: string): Promise<ChannelGrants | null> {
    return this.#grants.get(channelId, actor.userId, () => this.#store.channels.findGrants(channelId, actor.userId));
  }

  /** Channel permissions: the channel member's roles (less what the channel's moderation takes away), else the roles of the channel's team. */
  async hasChannel(actor: Actor, target: ChannelTarget, permission: string): Promise<boolean> {
    if (this.hasSystem(actor, permission)) return true;
    const access = await this.#access(actor, target);
    if (!access) return false;
    return rolesGrant(moderated(channelRoles(access.member), access.channel, permission), permission) || (access.channel.teamId !== '' && rolesGrant(teamRoles(access.teamMember), permission));
  }

  requireSystem(actor: Actor, permission: string): void {
    if (!this.hasSystem(actor, permission)) throw AppError.forbidden(permission);
  }

  async requireTeam(actor: Actor, teamId: string, permission: string): Promise<void> {
    if (!(await this.hasTeam(actor, teamId, permission))) throw AppError.forbidden(permission);
  }

  async requireChannel(actor: Actor, target: ChannelTarget, permission: string): Promise<void> {
    if (!(await this.hasChannel(actor, target, permission))) throw AppError.forbidden(permission);
  }

  /**
   * Reading a channel (`permission`: read_channel, or read_channel_content for its posts): its
   * members, and for a public channel anyone who may read the team's public channels. A channel that
   * does not exist is refused like one the caller may not read, so ids do not reveal what exists.
   */
  async canReadChannel(actor: Actor, target: ChannelTarget, permission = 'read_channel'): Promise<boolean> {
    if (typeof target !== 'string' && this.hasSystem(actor, permission)) return true; // known to exist
    const access = await this.#access(actor, target);
    if (!access) return false;
    if (await this.hasChannel(actor, access, permission)) return true;
    return access.channel.type === 'O' && (this.hasSystem(actor, 'read_public_channel') || rolesGrant(teamRoles(access.teamMember), 'read_public_channel'));
  }

  async requireReadChannel(actor: Actor, target: ChannelTarget, permission = 'read_channel'): Promise<void> {
    if (!(await this.canReadChannel(actor, target, permission))) throw AppError.forbidden(permission);
  }

  /**
   * Mattermost's view restrictions: who has view_members (every member of the server) may see anyone;
   * who has not (a guest) sees only themselves and the people they share a channel with. Returns the
   * user to whom a listing must be narrowed, or undefined when it need not be (no query either way).
   */
  viewRestrictedTo(actor: Actor): string | undefined {
    return this.hasSystem(actor, 'view_members') ? undefined : actor.userId;
  }

  /** Those of `userIds` the actor may see (all of them for anyone but a guest, without a query). */
  async seeableUserIds(actor: Actor, userIds: readonly string[]): Promise<ReadonlySet<string>> {
    const viewer = this.viewRestrictedTo(actor);
    return viewer === undefined ? new Set(userIds) : this.#store.guests.sharingAChannel(viewer, userIds);
  }

  /** Refuses (view_members, as Mattermost) when any of `userIds` is someone the actor may not see. */
  async requireSeeUsers(actor: Actor, userIds: readonly string[]): Promise<void> {
    if (this.viewRestrictedTo(actor) === undefined) return;
    const seeable = await this.seeableUserIds(actor, userIds);
    if (userIds.some((id) => !seeable.has(id))) throw AppError.forbidden('view_members');
  }

  /** Acting on another user's account needs edit_other_users; acting on your own does not. */
  requireSelfOrSystem(actor: Actor, userId: string, permission = 'edit_other_users'): void {
    if (actor.userId !== userId) this.requireSystem(actor, permission);
  }

  async #teamRoles(teamId: string, userId: string): Promise<string[]> {
    return teamRoles(await this.#store.teams.findMember(teamId, userId));
  }

  /** The grants a target stands for: as given, or loaded (keeping a channel the caller already holds). */
  async #access(actor: Actor, target: ChannelTarget): Promise<ChannelGrants | null> {
    if (typeof target === 'string') return this.channelGrants(actor, target);
    if (!(target instanceof Channel)) return target;
    const loaded = await this.channelGrants(actor, target.id);
    return loaded && { ...loaded, channel: target };
  }
}

/** The roles a channel membership holds: its explicit roles and those of its scheme flags. */
function channelRoles(member: ChannelGrants['member']): string[] {
  if (!member) return [];
  const roles = parseRoles(member.roles);
  if (member.schemeGuest) roles.push(CHANNEL_GUEST);
  if (member.schemeUser) roles.push(CHANNEL_USER);
  if (member.schemeAdmin) roles.push(CHANNEL_ADMIN);
  return roles;
}

/** A member's channel roles without those the channel's moderation takes `permission` away from. */
function moderated(roles: string[], channel: ChannelGrants['channel'], permission: string): string[] {
  const without = rolesWithout(channel, permission);
  return without.length === 0 ? roles : roles.filter((role) => !without.includes(role));
}

/** The same for a team membership; one left behind by leaving the team holds none. */
function teamRoles(member: ChannelGrants['teamMember']): string[] {
  if (!member || member.deleteAt > 0) return [];
  const roles = parseRoles(member.roles);
  if (member.schemeGuest) roles.push(TEAM_GUEST);
  if (member.schemeUser) roles.push(TEAM_USER);
  if (member.schemeAdmin) roles.push(TEAM_ADMIN);
  return roles;
}
