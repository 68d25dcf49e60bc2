// The lists of channels a user's client loads and searches beside the sidebar: unread counts per
// team and in one channel, all their channels and memberships across teams, a team's archived channels, and channel
// searches and autocompletes — each showing only channels the user may see.
import type { ConfigService } from '../config/config-service.ts';
import type { Repositories } from '../store/store.ts';
import type { Channel } from '../store/entities/channel.ts';
import type { ChannelMemberWithTeam, ChannelUnreadCounts, ChannelWithTeam, TeamChannelFilter, TeamUnreadCounts } from '../store/channel-repository.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { PermissionService } from './permission-service.ts';

export type { ChannelMemberWithTeam, ChannelUnreadCounts, ChannelWithTeam, TeamChannelFilter } from '../store/channel-repository.ts';

/** A team's unread counts (Mattermost's TeamUnread): its channels', and its followed threads' when asked. */
export interface TeamUnreads extends TeamUnreadCounts {
  threadCount: number;
  threadMentionCount: number;
}

export class ChannelListService {
  #store: Repositories;
  #permissions: PermissionService;
  #config: ConfigService;

  constructor(deps: { store: Repositories; permissions: PermissionService; config: ConfigService }) {
    this.#store = deps.store;
    this.#permissions = deps.permissions;
    this.#config = deps.config;
  }

  /**
   * Unread messages and mentions per team over the user's channels, `excludeTeamId` ('' for none)
   * left out; with `includeThreads` (and collapsed threads not disabled) also the team's unread
   * followed threads and their mentions, as Mattermost's GetTeamsUnreadForUser.
   */
  async teamUnreads(actor: Actor, userId: string, excludeTeamId: string, includeThreads: boolean): Promise<TeamUnreads[]> {
    this.#permissions.requireSelfOrSystem(actor, userId);
    const counts = await this.#store.channels.teamUnreads(userId, excludeTeamId);
    const tracked = includeThreads && this.#config.get().ServiceSettings.CollapsedThreads !== 'disabled';
    const threads = tracked ? await this.#store.threads.unreadsByTeam(userId, counts.map((c) => c.teamId)) : new Map();
    return counts.map((c) => ({ ...c, threadCount: threads.get(c.teamId)?.unreadThreads ?? 0, threadMentionCount: threads.get(c.teamId)?.unreadMentions ?? 0 }));
  }

  /**
   * The user's unread messages and mentions in one channel (GET /users/{user_id}/channels/{channel_id}/unread,
   * the web app's first look at the channel it opens): theirs or, for a system admin, anyone's, in a
   * channel the caller may read and the user is a member of (404 otherwise, or when it is archived).
   */
  async channelUnread(actor: Actor, userId: string, channelId: string): Promise<ChannelUnreadCounts> {
    this.#permissions.requireSelfOrSystem(actor, userId);
    await this.#permissions.requireReadChannel(actor, channelId);
    const unread = await this.#store.channels.channelUnread(userId, channelId);
    if (!unread) throw new AppError('app.channel.get_unread.app_error', 404, 'The user is not a member of that channel, or it is archived.', { details: `channel_id=${channelId}, user_id=${userId}` });
    return unread;
  }

  /** Every channel of the user's, in all teams (GET /users/{user_id}/channels). */
  allForUser(actor: Actor, userId: string, includeDeleted: boolean, lastDeleteAt: number): Promise<Channel[]> {
    this.#permissions.requireSelfOrSystem(actor, userId);
    return this.#store.channels.listAllForUser(userId, includeDeleted, lastDeleteAt);
  }

  /** A page of the user's channel memberships in all teams, with their teams (GET /users/{user_id}/channel_members). */
  membersForUser(actor: Actor, userId: string, offset: number, limit: number): Promise<ChannelMemberWithTeam[]> {
    this.#permissions.requireSelfOrSystem(actor, userId);
    return this.#store.channels.membersWithTeamsForUser(userId, offset, limit);
  }

  /** A team's archived channels, for those who may list its channels: public ones, and private ones the actor is in. */
  async archived(actor: Actor, teamId: string, offset: number, limit: number): Promise<Channel[]> {
    await this.#permissions.requireTeam(actor, teamId, 'list_team_channels');
    return this.#store.channels.listArchived(teamId, actor.userId, offset, limit);
  }

  /** The team's public channels matching a term (POST /teams/{team_id}/channels/search). */
  async search(actor: Actor, teamId: string, term: string): Promise<Channel[]> {
    await this.#permissions.requireTeam(actor, teamId, 'list_team_channels');
    return this.#store.channels.searchPublic(teamId, term.trim());
  }

  /** Channels to suggest for `~name`: the team's public ones, and its private ones the actor is in. */
  async autocomplete(actor: Actor, teamId: string, name: string): Promise<Channel[]> {
    await this.#permissions.requireTeam(actor, teamId, 'list_team_channels');
    return this.#store.channels.autocomplete(teamId, actor.userId, name.trim());
  }

  /** Channels to suggest for a search's `in:`: the actor's own in the team, and their DMs and GMs. */
  async autocompleteForSearch(actor: Actor, teamId: string, name: string): Promise<Channel[]> {
    await this.#permissions.requireTeam(actor, teamId, 'view_team');
    return this.#store.channels.autocompleteForSearch(teamId, actor.userId, name.trim());
  }

  /** The actor's group messages with someone matching the term (POST /channels/group/search). */
  searchGroups(actor: Actor, term: string): Promise<Channel[]> {
    return this.#store.channels.searchGroups(actor.userId, term.trim());
  }

  /**
   * Every team channel, public and private, with its team: the System Console's list (GET /channels,
   * POST /channels/search). For system admins only, as it shows private channels they are not in.
   */
  teamChannels(actor: Actor, filter: TeamChannelFilter): Promise<{ channels: ChannelWithTeam[]; total: number }> {
    this.#permissions.requireSystem(actor, 'manage_system');
    return this.#store.channels.listTeamChannels(filter);
  }
}
