// A group message that outgrew itself becomes a private channel of a team its members share
// (Mattermost 9.1+): GET /channels/{id}/common_teams lists the teams every member is in, POST
// /channels/{id}/convert_to_channel moves the conversation there, keeping its id, posts and members.
// Mattermost's rules: guests may do neither; the converter needs create_private_channel in the
// team, must be a member, and the team must be common to all active members (bots, who need no
// team to be in a channel, are left out of that). The converter becomes the channel's admin, the
// channel leaves everyone's Direct Messages category, the members hear channel_updated, and a
// system_gm_to_channel post says who converted it.
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { Channel } from '../store/entities/channel.ts';
import type { User } from '../store/entities/user.ts';
import { UniqueViolation } from '../store/store-errors.ts';
import { AppError } from '../errors/app-error.ts';
import type { Actor } from './actor.ts';
import type { AppEvents } from './app-events.ts';
import { validChannelName, validDisplayName } from './channel-service.ts';
import type { PermissionService } from './permission-service.ts';
import type { HookContext } from './plugin-hooks.ts';
import { isGuestRoles } from './roles.ts';
import type { SystemMessages } from './system-messages.ts';
import type { TeamService, TeamView } from './team-service.ts';

export interface GroupMessageConversionDeps {
  store: Store;
  logger: Logger;
  events: AppEvents;
  permissions: PermissionService;
  teams: TeamService;
  systemMessages: SystemMessages;
}

/** POST /channels/{id}/convert_to_channel's body (Mattermost's GroupMessageConversionRequestBody). */
export interface GroupMessageConversionInput {
  channelId: string;
  teamId: string;
  name: string;
  displayName: string;
}

/** A group message has at most 8 members. */
const GROUP_MAX_USERS = 8;

export class GroupMessageConversion {
  #deps: GroupMessageConversionDeps;

  constructor(deps: GroupMessageConversionDeps) {
    this.#deps = deps;
  }

  /**
   * The teams all active members of a direct or group message belong to, for a member who may read
   * it; null (Mattermost's) when the caller is not among its active members, such as an admin
   * reading someone else's conversation.
   */
  async commonTeams(actor: Actor, channelId: string): Promise<TeamView[] | null> {
    refuseGuests(actor);
    await this.#deps.permissions.requireChannel(actor, channelId, 'read_channel');
    const channel = await this.#channel(channelId);
    const members = await this.#activeMembers(channel);
    if (!members.some((m) => m.id === actor.userId)) return null;
    return this.#deps.teams.commonTo(actor, humanIds(members));
  }

  /** POST /channels/{id}/convert_to_channel: the group message, now a private channel of the team. */
  async convert(actor: Actor, channelId: string, input: GroupMessageConversionInput, ctx: HookContext): Promise<Channel> {
    const { store, permissions } = this.#deps;
    refuseGuests(actor);
    await permissions.requireTeam(actor, input.teamId, 'create_private_channel');
    if (input.channelId !== channelId) throw AppError.invalidParam('channel_id', 'the body must name the channel of the path');
    const channel = await this.#channel(channelId);
    const members = await this.#activeMembers(channel);
    const common = await store.teams.commonTo(humanIds(members));
    if (!common.some((team) => team.id === input.teamId)) {
      throw AppError.badRequest('app.channel.group_message_conversion.incorrect_team', 'Every member of the group message must be a member of the team it moves to.', `team_id=${input.teamId}`);
    }
    if (channel.type !== 'G') throw notAGroupMessage(channelId);
    if (!(await store.channels.findMember(channelId, actor.userId))) {
      throw new AppError('app.channel.get_member.missing.app_error', 404, 'Only a member of the group message can convert it.', { details: `channel_id=${channelId}` });
    }
    const name = validChannelName(input.name);
    const displayName = validDisplayName(input.displayName);
    const now = Date.now();
    let converted: Channel;
    try {
      converted = await store.transaction(async (tx) => {
        const updated = await tx.channels.convertGroupToPrivate(channelId, { teamId: input.teamId, name, displayName, updateAt: now });
        if (!updated) throw notAGroupMessage(channelId);
        // Out of the Direct Messages categories: in the new team it falls into Channels by itself.
        await tx.sidebar.unplaceEverywhere(channelId);
        await tx.channels.updateMember(channelId, actor.userId, { roles: '', schemeUser: true, schemeAdmin: true, lastUpdateAt: now });
        return updated;
      });
    } catch (err) {
      if (err instanceof UniqueViolation) {
        throw AppError.badRequest('store.sql_channel.update.exists.app_error', 'A channel with that name already exists in the team.', `name=${name}`);
      }
      throw err;
    }
    this.#deps.logger.info('group message converted to a private channel', { channel_id: channelId, team_id: input.teamId });
    const { events } = this.#deps;
    events.publish({ event: 'channel_updated', subject: { kind: 'channel', channel: converted }, broadcast: { channel_id: channelId } });
    const admin = await store.channels.findMember(channelId, actor.userId);
    if (admin) events.publish({ event: 'channel_member_updated', subject: { kind: 'channel_member', member: admin }, broadcast: { user_id: actor.userId } });
    await this.#deps.systemMessages.groupMessageConverted(converted, actor.userId, members, ctx);
    return converted;
  }

  /** The channel, which must be a direct or group message. */
  async #channel(channelId: string): Promise<Channel> {
    const channel = await this.#deps.store.channels.findById(channelId);
    if (!channel) throw AppError.notFound('channel', channelId);
    if (channel.type !== 'G' && channel.type !== 'D') {
      throw AppError.badRequest('app.channel.get_common_teams.incorrect_channel_type', 'Only direct and group messages have common teams to move to.', `channel_id=${channelId}`);
    }
    return channel;
  }

  /** The members whose accounts are active (a direct or group message has at most eight). */
  async #activeMembers(channel: Channel): Promise<User[]> {
    const memberships = await this.#deps.store.channels.listMembers(channel.id, 0, GROUP_MAX_USERS);
    const users = await this.#deps.store.users.findByIds(memberships.map((m) => m.userId));
    return users.filter((u) => u.deleteAt === 0);
  }
}

function refuseGuests(actor: Actor): void {
  if (actor.kind === 'user' && isGuestRoles(actor.roles)) {
    throw new AppError('api.channel.gm_to_channel_conversion.not_allowed_for_user.request_error', 403, 'Guests cannot convert group messages to channels.');
  }
}

function humanIds(members: readonly User[]): string[] {
  return members.filter((m) => !m.isBot).map((m) => m.id);
}

function notAGroupMessage(channelId: string): AppError {
  return new AppError('app.channel.group_message_conversion.original_channel_not_gm', 404, 'Only a group message can be converted to a channel.', { details: `channel_id=${channelId}` });
}
