// Channels: public, private, direct and group channels, their members, and read state — and who
// may read, change, join and manage them.
import { createHash } from 'node:crypto';
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Repositories, Store } from '../store/store.ts';
import { Channel } from '../store/entities/channel.ts';
import { ChannelMember } from '../store/entities/channel-member.ts';
import type { ChannelChanges } from '../store/channel-repository.ts';
import { UniqueViolation } from '../store/store-errors.ts';
import type { AppEvents } from './app-events.ts';
import type { HookContext, PluginHooks } from './plugin-hooks.ts';
import type { User } from '../store/entities/user.ts';
import { AppError } from '../errors/app-error.ts';
import { newId } from './ids.ts';
import { CHANNEL_ADMIN, CHANNEL_USER, isGuestRoles, parseRoles, schemeAdminWanted, schemesNotSupported, type SchemeRolesInput } from './roles.ts';
import type { Actor } from './actor.ts';
import type { ChannelAccess, PermissionService } from './permission-service.ts';
import type { SystemMessages } from './system-messages.ts';
import { DEFAULT_CHANNELS, TOWN_SQUARE } from './default-channels.ts';
import { DEFAULT_CHANNEL_NOTIFY_PROPS, settableChannelNotifyProps } from './channel-notify-props.ts';
import { membershipChanged } from './membership-service.ts';
import { channelNameNotFound, teamNameNotFound } from './name-not-found.ts';
import { runeCount } from './post-text.ts';

export interface ChannelDeps {
  store: Store;
  config: ConfigService;
  logger: Logger;
  events: AppEvents;
  hooks: PluginHooks;
  permissions: PermissionService;
  systemMessages: SystemMessages;
}

const CHANNEL_NAME_PATTERN = /^[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?$/;
const GROUP_MIN_USERS = 3;
const GROUP_MAX_USERS = 8;

/** A public or private channel to create (POST /channels); the service checks Mattermost's rules for each field. */
export interface NewChannelInput {
  teamId: string;
  name: string;
  displayName: string;
  /** 'O' (public) or 'P' (private). */
  type: string;
  header: string;
  purpose: string;
}

/** What PUT /channels/{id}/patch and PUT /channels/{id} change; an absent field stays as it is. */
export interface ChannelChangesInput {
  name?: string;
  displayName?: string;
  header?: string;
  purpose?: string;
  /** Only members of the channel's linked directory groups may be in it; system admins only. */
  groupConstrained?: boolean;
}

/** Marking a channel read (POST /channels/members/{user_id}/view): the channel viewed, and the one left ('' for none). */
export interface ChannelViewInput {
  channelId: string;
  prevChannelId: string;
}

export interface ChannelStats {
  channelId: string;
  memberCount: number;
  guestCount: number;
  pinnedPostCount: number;
  fileCount: number;
}

export class ChannelService {
  #deps: ChannelDeps;

  constructor(deps: ChannelDeps) {
    this.#deps = deps;
  }

  /** A channel the actor may read (see PermissionService.canReadChannel). */
  async get(actor: Actor, channelId: string): Promise<Channel> {
    return (await this.#readable(actor, channelId)).channel;
  }

  /** A team's channel by name; archived ones only when asked for. 404 for channels the actor may not read, so names do not leak. */
  async getByName(actor: Actor, teamId: string, name: string, includeDeleted: boolean): Promise<Channel> {
    const channel = await this.#deps.store.channels.findByName(teamId, name.toLowerCase());
    if (!channel || (channel.deleteAt > 0 && !includeDeleted)) throw channelNameNotFound(name);
    if (!(await this.#deps.permissions.canReadChannel(actor, channel))) throw channelNameNotFound(name);
    return channel;
  }

  /** The same, for a team named rather than identified. */
  async getByTeamName(actor: Actor, teamName: string, name: string, includeDeleted: boolean): Promise<Channel> {
    const team = await this.#deps.store.teams.findByName(teamName);
    if (!team) throw teamNameNotFound(teamName);
    return this.getByName(actor, team.id, name, includeDeleted);
  }

  /** A team's public channels, for those who may list them (list_team_channels). */
  async listPublic(actor: Actor, teamId: string, offset: number, limit: number): Promise<Channel[]> {
    await this.#deps.permissions.requireTeam(actor, teamId, 'list_team_channels');
    return this.#deps.store.channels.listPublic(teamId, offset, limit);
  }

  /** A user's channels in a team (with their direct and group channels): their own, or anyone's for admins. */
  async listForUser(actor: Actor, userId: string, teamId: string, includeDeleted: boolean): Promise<Channel[]> {
    await this.#requireOwnInTeam(actor, userId, teamId);
    return this.#deps.store.channels.listForUser(userId, teamId, includeDeleted);
  }

  async membersForUser(actor: Actor, userId: string, teamId: string): Promise<ChannelMember[]> {
    await this.#requireOwnInTeam(actor, userId, teamId);
    return this.#deps.store.channels.membersForUser(userId, teamId);
  }

  async listMembers(actor: Actor, channelId: string, offset: number, limit: number): Promise<ChannelMember[]> {
    await this.#readable(actor, channelId);
    return this.#deps.store.channels.listMembers(channelId, offset, limit);
  }

  async membersByUserIds(actor: Actor, channelId: string, userIds: readonly string[]): Promise<ChannelMember[]> {
    await this.#readable(actor, channelId);
    return this.#deps.store.channels.membersByUserIds(channelId, userIds);
  }

  async getMember(actor: Actor, channelId: string, userId: string): Promise<ChannelMember> {
    const access = await this.#readable(actor, channelId);
    // The caller's own membership came with the permission check.
    if (userId === actor.userId && access.member) return access.member;
    return this.#member(channelId, userId);
  }

  /** `withFiles` false: Mattermost's exclude_files_count, fileCount -1 (what most channel switches ask). */
  async stats(actor: Actor, channelId: string, withFiles: boolean): Promise<ChannelStats> {
    // The grants suffice (no channel row to answer with): a cached read.
    const grants = await this.#deps.permissions.channelGrants(actor, channelId);
    if (!grants) throw AppError.notFound('channel', channelId);
    await this.#deps.permissions.requireReadChannel(actor, grants);
    const { members, guests, pinned, files } = await this.#deps.store.channels.stats(channelId, withFiles);
    return { channelId, memberCount: members, guestCount: guests, pinnedPostCount: pinned, fileCount: files };
  }

  /**
   * POST /channels/stats/member_count: the member count of each channel, all of which the caller must
   * be able to read (a channel that does not exist is refused like one that may not be read).
   */
  async memberCounts(actor: Actor, channelIds: readonly string[]): Promise<Record<string, number>> {
    const counts = await this.#deps.store.channels.memberCounts(channelIds, actor.userId);
    const found = new Set(counts.map((c) => c.channelId));
    const missing = channelIds.find((id) => !found.has(id));
    if (missing !== undefined) throw AppError.forbidden('read_channel');
    // Members read their channels; the others (public channels, admins) are checked one by one.
    for (const { channelId, isMember } of counts) if (!isMember) await this.#deps.permissions.requireReadChannel(actor, channelId);
    return Object.fromEntries(counts.map((c) => [c.channelId, c.members]));
  }

  /** GET /channels/{id}/timezones: where its members are, for the client's "@channel will notify N time zones" warning. */
  async memberTimezones(actor: Actor, channelId: string): Promise<string[]> {
    await this.#readable(actor, channelId);
    return this.#deps.store.channels.memberTimezones(channelId);
  }

  /**
   * Creates a public or private channel in a team (create_public_channel / create_private_channel
   * there); the creator becomes its admin.
   */
  async create(actor: Actor, input: NewChannelInput, ctx: HookContext): Promise<Channel> {
    const { teamId } = input;
    await this.#deps.permissions.requireTeam(actor, teamId, input.type === 'P' ? 'create_private_channel' : 'create_public_channel');
    if (input.type !== 'O' && input.type !== 'P') {
      throw AppError.badRequest('model.channel.is_valid.type.app_error', 'Channel type must be O (public) or P (private).');
    }
    const name = validChannelName(input.name);
    const displayName = validDisplayName(input.displayName);
    const header = validText(input.header, 'header', 1024);
    const purpose = validText(input.purpose, 'purpose', 250);
    const team = await this.#deps.store.teams.findById(teamId);
    if (!team || team.deleteAt > 0) throw AppError.notFound('team', teamId);
    const max = this.#deps.config.get().TeamSettings.MaxChannelsPerTeam;
    if ((await this.#deps.store.channels.countInTeam(teamId)) >= max) {
      throw AppError.badRequest('api.channel.create_channel.max_channel_limit.app_error', `A team may have at most ${max} channels.`);
    }
    const creatorId = actor.userId;
    const now = Date.now();
    const channel = newChannel({ teamId, type: input.type, name, displayName, header, purpose, creatorId, now });
    await this.#deps.store.transaction(async (tx) => {
      await insertChannel(tx, channel);
      await tx.channels.insertMember(newMember(channel.id, creatorId, true, now));
    });
    this.#deps.logger.info('channel created', { channel_id: channel.id, team_id: teamId });
    this.#deps.events.publish(membershipChanged('channel', channel.id, [creatorId], true));
    this.#deps.events.publish({ event: 'channel_created', data: { channel_id: channel.id, team_id: teamId }, broadcast: { user_id: creatorId } });
    this.#deps.hooks.channelHasBeenCreated(ctx, channel);
    await this.#deps.systemMessages.joinedChannel(channel, creatorId, creatorId, ctx);
    return channel;
  }

  /** Inserts a new team's default channels (inside the team's creation transaction). */
  async insertDefaultChannels(tx: Repositories, teamId: string, now: number): Promise<Channel[]> {
    const channels = DEFAULT_CHANNELS.map((d) =>
      newChannel({ teamId, type: 'O', name: d.name, displayName: d.displayName, header: '', purpose: '', creatorId: '', now }),
    );
    for (const channel of channels) await insertChannel(tx, channel);
    return channels;
  }

  /** Adds a user who just joined a team to its default channels; returns the new memberships. */
  async joinDefaultChannels(tx: Repositories, teamId: string, userId: string, now: number): Promise<ChannelMember[]> {
    const joined: ChannelMember[] = [];
    for (const { name } of DEFAULT_CHANNELS) {
      const channel = await tx.channels.findByName(teamId, name);
      if (!channel || channel.deleteAt > 0) continue;
      const member = newMember(channel.id, userId, false, now);
      if (await tx.channels.insertMember(member)) joined.push(member);
    }
    return joined;
  }

  /** Announces memberships created inside another service's transaction (joining a team). */
  announceJoined(members: readonly ChannelMember[], teamId: string, actorId: string, ctx: HookContext): void {
    for (const member of members) this.#announceJoin(member, teamId, actorId, ctx);
  }

  /**
   * The direct channel between two users, created on first use by the actor (create_direct_channel;
   * one between two other users also takes manage_system).
   */
  async getOrCreateDirect(actor: Actor, userIds: readonly [string, string]): Promise<Channel> {
    const { permissions } = this.#deps;
    permissions.requireSystem(actor, 'create_direct_channel');
    if (!userIds.includes(actor.userId)) permissions.requireSystem(actor, 'manage_system');
    const creatorId = actor.userId;
    const [a, b] = [...userIds].sort();
    const users = await this.#requireActiveUsers([a, b], 'api.channel.create_direct_channel.invalid_user.app_error');
    // A guest writes only to people they share a channel with (Mattermost's UserCanSeeOtherUser).
    await permissions.requireSeeUsers(actor, [a, b]);
    const name = `${a}__${b}`;
    const existing = await this.#deps.store.channels.findByName('', name);
    if (existing) return existing;
    const now = Date.now();
    const channel = newChannel({ teamId: '', type: 'D', name, displayName: '', header: '', purpose: '', creatorId, now });
    const created = await this.#insertPersonalChannel(channel, users, now);
    if (created !== channel) return created;
    this.#deps.events.publish(membershipChanged('channel', channel.id, [...new Set([a, b])], true));
    const teammateId = creatorId === a ? b : a;
    this.#deps.events.publish({ event: 'direct_added', data: { creator_id: creatorId, teammate_id: teammateId }, broadcast: { channel_id: channel.id } });
    return channel;
  }

  /** The group channel of 3 to 8 users (the actor included), created on first use (create_group_channel). */
  async getOrCreateGroup(actor: Actor, userIds: readonly string[]): Promise<Channel> {
    this.#deps.permissions.requireSystem(actor, 'create_group_channel');
    const ids = [...new Set([...userIds, actor.userId])].sort();
    if (ids.length < GROUP_MIN_USERS || ids.length > GROUP_MAX_USERS) {
      throw AppError.badRequest(
        'api.channel.create_group.bad_size.app_error',
        `A group message needs between ${GROUP_MIN_USERS} and ${GROUP_MAX_USERS} users, you included.`,
      );
    }
    const users = await this.#requireActiveUsers(ids, 'api.channel.create_group.bad_user.app_error');
    await this.#deps.permissions.requireSeeUsers(actor, ids);
    const name = createHash('sha1').update(ids.join('')).digest('hex');
    const existing = await this.#deps.store.channels.findByName('', name);
    if (existing) return existing;
    const now = Date.now();
    const displayName = users
      .map((u) => u.username)
      .sort()
      .join(', ');
    const channel = newChannel({ teamId: '', type: 'G', name, displayName, header: '', purpose: '', creatorId: actor.userId, now });
    const created = await this.#insertPersonalChannel(channel, users, now);
    if (created !== channel) return created;
    this.#deps.events.publish(membershipChanged('channel', channel.id, ids, true));
    this.#deps.events.publish({ event: 'group_added', data: { teammate_ids: JSON.stringify(ids) }, broadcast: { channel_id: channel.id } });
    return channel;
  }

  /**
   * Adds users to a public or private channel; existing memberships are returned unchanged. Joining a
   * public channel yourself takes join_public_channels in its team; anything else the channel's
   * manage_public_channel_members / manage_private_channel_members.
   */
  async addMembers(actor: Actor, channelId: string, userIds: readonly string[], ctx: HookContext): Promise<ChannelMember[]> {
    const { permissions } = this.#deps;
    const channel = await this.#channel(channelId);
    const joiningPublic = channel.type === 'O' && userIds.length === 1 && userIds[0] === actor.userId;
    if (!(joiningPublic && (await permissions.hasTeam(actor, channel.teamId, 'join_public_channels')))) {
      await permissions.requireChannel(actor, channel, managePermission(channel, 'members'));
    }
    const members: ChannelMember[] = [];
    for (const userId of userIds) members.push(await this.#addMember(channel, userId, actor.userId, ctx));
    return members;
  }

  /** Removes a user from a channel: leaving needs nothing, removing someone else the channel's manage_*_channel_members. */
  async removeMember(actor: Actor, channelId: string, userId: string, ctx: HookContext): Promise<void> {
    const channel = await this.#channel(channelId);
    const actorId = actor.userId;
    if (userId !== actorId) await this.#deps.permissions.requireChannel(actor, channel, managePermission(channel, 'members'));
    if (channel.type === 'D') {
      throw AppError.badRequest('api.channel.remove_user_from_channel.type.app_error', 'Nobody can leave or be removed from a direct message.');
    }
    if (channel.type === 'G' && userId !== actorId) {
      throw AppError.badRequest('api.channel.remove_user_from_channel.type.app_error', 'Members of a group message can leave it but cannot be removed.');
    }
    if (channel.name === TOWN_SQUARE && channel.teamId !== '') {
      throw AppError.badRequest('api.channel.remove.default.app_error', `Nobody can leave or be removed from the default channel ${TOWN_SQUARE}.`);
    }
    // Mattermost's rule: people leave a group-constrained channel themselves or with their group (bots may be removed).
    if (channel.groupConstrained && actor.kind === 'user' && userId !== actorId && !(await this.#deps.store.users.findById(userId))?.isBot) {
      throw AppError.badRequest('api.channel.remove_member.group_constrained.app_error', 'This channel takes its members from directory groups: remove the person from the group instead.');
    }
    const member = await this.#member(channel.id, userId);
    await this.#deps.store.channels.deleteMember(channel.id, userId);
    this.#announceLeave(member, actorId, ctx);
    await this.#deps.systemMessages.leftChannel(channel, userId, actorId, ctx);
  }

  /** Announces channel memberships removed inside another service's transaction (leaving a team). */
  announceLeft(members: readonly ChannelMember[], actorId: string, ctx: HookContext): void {
    for (const member of members) this.#announceLeave(member, actorId, ctx);
  }

  /**
   * Applies the fields present in `input` (PUT /patch and PUT both change only what they are given),
   * for those with the channel's manage_*_channel_properties; changes of display name, header and
   * purpose are announced as done by the actor.
   */
  async patch(actor: Actor, channelId: string, input: ChannelChangesInput, ctx: HookContext): Promise<Channel> {
    const channel = await this.#channelWith(actor, channelId, (c) => managePermission(c, 'properties'));
    if (channel.deleteAt > 0) throw AppError.badRequest('api.channel.update_channel.deleted.app_error', 'An archived channel cannot be changed.');
    const changes: ChannelChanges = {};
    const personal = channel.type === 'D' || channel.type === 'G';
    if (input.name !== undefined && input.name !== channel.name) {
      if (personal || channel.name === TOWN_SQUARE) {
        throw AppError.badRequest('api.channel.update_channel.tried.app_error', `The name of ${personal ? 'a direct or group message' : TOWN_SQUARE} cannot be changed.`);
      }
      changes.name = validChannelName(input.name);
    }
    if (input.displayName !== undefined && input.displayName !== channel.displayName) {
      if (personal) throw AppError.badRequest('api.channel.update_channel.tried.app_error', 'The display name of a direct or group message cannot be changed.');
      changes.displayName = validDisplayName(input.displayName);
    }
    if (input.header !== undefined) changes.header = validText(input.header, 'header', 1024);
    if (input.purpose !== undefined) changes.purpose = validText(input.purpose, 'purpose', 250);
    if (input.groupConstrained !== undefined && input.groupConstrained !== channel.groupConstrained) {
      this.#deps.permissions.requireSystem(actor, 'manage_system');
      if (personal) throw AppError.badRequest('api.channel.update_channel.tried.app_error', 'A direct or group message cannot take its members from directory groups.');
      changes.groupConstrained = input.groupConstrained;
    }
    changes.updateAt = Date.now();
    let updated: Channel | null;
    try {
      updated = await this.#deps.store.channels.update(channel.id, changes);
    } catch (err) {
      throw duplicateChannelError(err);
    }
    if (!updated) throw AppError.notFound('channel', channel.id);
    this.#publishUpdated(updated);
    const { systemMessages } = this.#deps;
    const actorId = actor.userId;
    if (updated.displayName !== channel.displayName) await systemMessages.displayNameChanged(updated, channel.displayName, updated.displayName, actorId, ctx);
    if (updated.header !== channel.header) await systemMessages.fieldChanged(updated, 'header', channel.header, updated.header, actorId, ctx);
    if (updated.purpose !== channel.purpose) await systemMessages.fieldChanged(updated, 'purpose', channel.purpose, updated.purpose, actorId, ctx);
    return updated;
  }

  /** Archives a channel (delete_public_channel / delete_private_channel): it stays readable but takes no posts or members. */
  async archive(actor: Actor, channelId: string, ctx: HookContext): Promise<Channel> {
    const channel = await this.#channel(channelId);
    await this.#deps.permissions.requireChannel(actor, channel, channel.type === 'O' ? 'delete_public_channel' : 'delete_private_channel');
    if (channel.type === 'D' || channel.type === 'G') {
      throw AppError.badRequest('api.channel.delete_channel.type.invalid', 'Direct and group messages cannot be archived.');
    }
    if (channel.name === TOWN_SQUARE) {
      throw AppError.badRequest('api.channel.delete_channel.cannot.app_error', `The default channel ${TOWN_SQUARE} cannot be archived.`);
    }
    if (channel.deleteAt > 0) throw AppError.badRequest('api.channel.delete_channel.deleted.app_error', 'The channel is already archived.');
    // Posted first, as Mattermost does: an archived channel takes no posts.
    await this.#deps.systemMessages.archived(channel, actor.userId, ctx);
    const now = Date.now();
    const updated = await this.#deps.store.channels.update(channel.id, { deleteAt: now, updateAt: now });
    if (!updated) throw AppError.notFound('channel', channel.id);
    // As Mattermost: an archived channel's posts stop their persistent notifications, for good.
    await this.#deps.store.persistentNotifications.retireInChannel(channel.id, now);
    this.#deps.events.publish({ event: 'channel_deleted', data: { channel_id: channel.id, delete_at: now }, broadcast: { channel_id: channel.id } });
    return updated;
  }

  /** Unarchives a team's channel, for those who may manage the team. */
  async restore(actor: Actor, channelId: string, ctx: HookContext): Promise<Channel> {
    const channel = await this.#channel(channelId);
    if (channel.teamId === '') throw AppError.badRequest('api.channel.restore_channel.type.app_error', 'Direct and group messages cannot be archived or restored.');
    await this.#deps.permissions.requireTeam(actor, channel.teamId, 'manage_team');
    if (channel.deleteAt === 0) throw AppError.badRequest('api.channel.restore_channel.restored.app_error', 'The channel is not archived.');
    const updated = await this.#deps.store.channels.update(channel.id, { deleteAt: 0, updateAt: Date.now() });
    if (!updated) throw AppError.notFound('channel', channel.id);
    this.#deps.events.publish({ event: 'channel_restored', data: { channel_id: channel.id }, broadcast: { team_id: channel.teamId } });
    await this.#deps.systemMessages.restored(updated, actor.userId, ctx);
    return updated;
  }

  /**
   * PUT /channels/{id}/privacy: a team channel becomes public ('O') or private ('P'), for those with
   * the channel's convert_private_channel_to_public / convert_public_channel_to_private. The team's
   * default channel stays public, as everyone joins it.
   */
  async updatePrivacy(actor: Actor, channelId: string, privacy: 'O' | 'P', ctx: HookContext): Promise<Channel> {
    const channel = await this.#channel(channelId);
    await this.#deps.permissions.requireChannel(actor, channel, privacy === 'O' ? 'convert_private_channel_to_public' : 'convert_public_channel_to_private');
    if (channel.type === 'D' || channel.type === 'G') {
      throw AppError.badRequest('api.channel.update_channel_privacy.personal.app_error', 'A direct or group message is neither public nor private: only team channels can be converted.');
    }
    if (channel.name === TOWN_SQUARE && privacy === 'P') {
      throw AppError.badRequest('api.channel.update_channel_privacy.default_channel_error', `The default channel ${TOWN_SQUARE} cannot be made private.`);
    }
    if (channel.deleteAt > 0) throw AppError.badRequest('api.channel.update_channel.deleted.app_error', 'An archived channel cannot be changed.');
    if (channel.type === privacy) return channel;
    const updated = await this.#deps.store.channels.update(channel.id, { type: privacy, updateAt: Date.now() });
    if (!updated) throw AppError.notFound('channel', channel.id);
    this.#publishUpdated(updated);
    await this.#deps.systemMessages.privacyChanged(updated, actor.userId, ctx);
    this.#deps.events.publish({ event: 'channel_converted', data: { channel_id: channel.id }, broadcast: { team_id: channel.teamId } });
    return updated;
  }

  /**
   * Mattermost's PUT /channels/{id}/scheme: puts the channel under a channel-scope permission scheme.
   * Parley's roles are Mattermost's default scheme, fixed in code, with no custom schemes (a Mattermost
   * feature that needs a licence), so after the same checks as Mattermost's (system admins only, the
   * channel must exist) every scheme is refused with 501, as an unlicensed Mattermost refuses it.
   */
  async updateScheme(actor: Actor, channelId: string, schemeId: string): Promise<never> {
    this.#deps.permissions.requireSystem(actor, 'manage_system');
    await this.#channel(channelId);
    throw schemesNotSupported('channel', schemeId);
  }

  /** Sets a member's channel roles: channel_user, optionally with channel_admin. Needs manage_channel_roles. */
  async updateMemberRoles(actor: Actor, channelId: string, userId: string, roles: readonly string[]): Promise<ChannelMember> {
    await this.#channelWith(actor, channelId, () => 'manage_channel_roles');
    if (roles.some((r) => r !== CHANNEL_USER && r !== CHANNEL_ADMIN)) {
      throw AppError.badRequest('api.channel.update_channel_member_roles.scheme_role.app_error', 'Channel roles must be channel_user, optionally with channel_admin.');
    }
    if (!roles.includes(CHANNEL_USER)) throw keepChannelUser();
    return this.#setChannelAdmin(channelId, userId, roles.includes(CHANNEL_ADMIN));
  }

  /**
   * Sets a member's scheme roles as flags (Mattermost's SchemeRoles), as its web app's "Make channel
   * admin" does. Needs manage_channel_roles. Whether a member is a guest follows the account
   * (promote/demote), never a channel's roles: a member's guest flag stays as it is.
   */
  async updateMemberSchemeRoles(actor: Actor, channelId: string, userId: string, roles: SchemeRolesInput): Promise<ChannelMember> {
    await this.#channelWith(actor, channelId, () => 'manage_channel_roles');
    const member = await this.#member(channelId, userId);
    const admin = schemeAdminWanted(member, roles, {
      guestAndUser: () => AppError.badRequest('api.channel.update_channel_member_roles.guest_and_user.app_error', 'A channel member cannot be both a guest and a user.'),
      changingGuestRole,
      keepUser: keepChannelUser,
    });
    return admin === null ? member : this.#setChannelAdmin(channelId, userId, admin);
  }

  /**
   * Changes a member's notification settings (PUT /channels/{id}/members/{user_id}/notify_props): the
   * settable keys given, the others as they were; their own, or anyone's for a system admin. The
   * member's clients hear channel_member_updated, as when a sidebar category mutes the channel.
   */
  async updateMemberNotifyProps(actor: Actor, channelId: string, userId: string, props: Readonly<Record<string, string>>): Promise<ChannelMember> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    const changes = settableChannelNotifyProps(props);
    const member = await this.#deps.store.channels.mergeMemberNotifyProps(channelId, userId, changes, Date.now());
    if (!member) throw memberNotFound(channelId, userId);
    this.#deps.events.publish({ event: 'channel_member_updated', subject: { kind: 'channel_member', member }, broadcast: { user_id: userId } });
    return member;
  }

  async #setChannelAdmin(channelId: string, userId: string, admin: boolean): Promise<ChannelMember> {
    if ((await this.#member(channelId, userId)).schemeGuest) throw changingGuestRole();
    await this.#deps.store.channels.updateMember(channelId, userId, { roles: '', schemeUser: true, schemeAdmin: admin, lastUpdateAt: Date.now() });
    const member = await this.#member(channelId, userId);
    this.#deps.events.publish({ event: 'channel_member_updated', subject: { kind: 'channel_member', member }, broadcast: { user_id: userId } });
    return member;
  }

  /**
   * Marks channels read for a user (themselves, or anyone for those with edit_other_users; the channel
   * viewed needs read_channel); returns the new last_viewed_at per channel actually viewed.
   */
  async view(actor: Actor, userId: string, input: ChannelViewInput): Promise<Record<string, number>> {
    const { permissions, store } = this.#deps;
    permissions.requireSelfOrSystem(actor, userId);
    if (input.channelId !== '') await permissions.requireChannel(actor, input.channelId, 'read_channel');
    const now = Date.now();
    const requested = [...new Set([input.channelId, input.prevChannelId].filter((id) => id !== ''))];
    const viewed = requested.length === 0 ? [] : await store.channels.markViewed(requested, userId, now);
    // In the order asked for.
    return this.#announceViewed(userId, requested.filter((id) => viewed.includes(id)), now);
  }

  /**
   * POST /channels/members/{user_id}/mark_read (Mattermost's readMultipleChannels): the channels named
   * read now, those the user is a member of; theirs, or anyone's for a system admin.
   */
  async viewChannels(actor: Actor, userId: string, channelIds: readonly string[]): Promise<Record<string, number>> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    if (channelIds.length === 0) throw AppError.invalidParam('channel_ids', 'name at least one channel');
    const now = Date.now();
    return this.#announceViewed(userId, await this.#deps.store.channels.markViewed(channelIds, userId, now), now);
  }

  /**
   * Every direct and group message of the user read now (PUT /channels/members/{user_id}/direct/read),
   * or every channel of theirs in a team they may view (PUT /users/{user_id}/teams/{team_id}/read).
   */
  async viewAll(actor: Actor, userId: string, scope: { teamId: string } | 'direct'): Promise<Record<string, number>> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    if (scope !== 'direct') await this.#deps.permissions.requireTeam(actor, scope.teamId, 'view_team');
    const now = Date.now();
    return this.#announceViewed(userId, await this.#deps.store.channels.markAllViewed(userId, scope, now), now);
  }

  /**
   * The user's clients hear which channels were read and when: one multiple_channels_viewed
   * (Mattermost's since 9.0, which replaced channel_viewed), its `channel_times` the answer's.
   */
  #announceViewed(userId: string, channelIds: readonly string[], at: number): Record<string, number> {
    const times = Object.fromEntries(channelIds.map((id) => [id, at]));
    if (channelIds.length > 0) this.#deps.events.publish({ event: 'multiple_channels_viewed', data: { channel_times: times }, broadcast: { user_id: userId } });
    return times;
  }

  async #channel(channelId: string): Promise<Channel> {
    const channel = await this.#deps.store.channels.findById(channelId);
    if (!channel) throw AppError.notFound('channel', channelId);
    return channel;
  }

  /** The channel, with the actor's memberships, when the actor may read it. */
  async #readable(actor: Actor, channelId: string): Promise<ChannelAccess> {
    const access = await this.#access(actor, channelId);
    await this.#deps.permissions.requireReadChannel(actor, access);
    return access;
  }

  async #channelWith(actor: Actor, channelId: string, permissionFor: (channel: Channel) => string): Promise<Channel> {
    const access = await this.#access(actor, channelId);
    await this.#deps.permissions.requireChannel(actor, access, permissionFor(access.channel));
    return access.channel;
  }

  async #access(actor: Actor, channelId: string): Promise<ChannelAccess> {
    const access = await this.#deps.permissions.channelAccess(actor, channelId);
    if (!access) throw AppError.notFound('channel', channelId);
    return access;
  }

  /** A user's own channels in a team (or anyone's, with edit_other_users), for those who may view the team. */
  async #requireOwnInTeam(actor: Actor, userId: string, teamId: string): Promise<void> {
    this.#deps.permissions.requireSelfOrSystem(actor, userId);
    await this.#deps.permissions.requireTeam(actor, teamId, 'view_team');
  }

  async #member(channelId: string, userId: string): Promise<ChannelMember> {
    const member = await this.#deps.store.channels.findMember(channelId, userId);
    if (!member) throw memberNotFound(channelId, userId);
    return member;
  }

  /** Adds a user to a public or private channel; an existing membership is returned unchanged. */
  async #addMember(channel: Channel, userId: string, actorId: string, ctx: HookContext): Promise<ChannelMember> {
    if (channel.type === 'D' || channel.type === 'G') {
      throw AppError.badRequest('api.channel.add_user_to_channel.type.app_error', 'Users cannot be added to direct or group messages.');
    }
    if (channel.deleteAt > 0) {
      throw AppError.badRequest('api.channel.add_user.to.channel.failed.deleted.app_error', 'The channel is archived; restore it before adding members.');
    }
    const user = await this.#deps.store.users.findById(userId);
    if (!user || user.deleteAt > 0) throw AppError.notFound('user', userId);
    const teamMember = await this.#deps.store.teams.findMember(channel.teamId, userId);
    if (!teamMember || teamMember.deleteAt > 0) {
      throw new AppError('api.channel.add_user.to.channel.failed.app_error', 403, "The user must be a member of the channel's team first.", {
        details: `user_id=${userId}`,
      });
    }
    if (channel.groupConstrained && !user.isBot && (await this.#deps.store.groups.outsiders('channel', channel.id, [userId])).length > 0) {
      throw AppError.badRequest('api.channel.add_members.user_denied', 'This channel takes its members from directory groups, and this person is in none of them.', `user_ids=${userId}`);
    }
    const member = newMember(channel.id, userId, false, Date.now(), isGuestRoles(parseRoles(user.roles)));
    if (!(await this.#deps.store.channels.insertMember(member))) return this.#member(channel.id, userId);
    this.#announceJoin(member, channel.teamId, actorId, ctx);
    await this.#deps.systemMessages.joinedChannel(channel, userId, actorId, ctx);
    return member;
  }

  async #requireActiveUsers(ids: readonly string[], errorId: string): Promise<User[]> {
    const unique = [...new Set(ids)];
    const users = (await this.#deps.store.users.findByIds(unique)).filter((u) => u.deleteAt === 0);
    if (users.length !== unique.length) throw AppError.badRequest(errorId, 'One or more of the users do not exist or are deactivated.');
    return users;
  }

  /** Inserts a DM or GM with its members; when another request created it first, returns that one. */
  async #insertPersonalChannel(channel: Channel, users: readonly User[], now: number): Promise<Channel> {
    try {
      await this.#deps.store.transaction(async (tx) => {
        await tx.channels.insert(channel);
        for (const user of users) await tx.channels.insertMember(newMember(channel.id, user.id, false, now, isGuestRoles(parseRoles(user.roles))));
      });
      return channel;
    } catch (err) {
      if (!(err instanceof UniqueViolation)) throw err;
      const existing = await this.#deps.store.channels.findByName('', channel.name);
      if (!existing) throw err;
      return existing;
    }
  }

  #announceJoin(member: ChannelMember, teamId: string, actorId: string, ctx: HookContext): void {
    this.#deps.events.publish(membershipChanged('channel', member.channelId, [member.userId], true));
    this.#deps.events.publish({ event: 'user_added', data: { team_id: teamId, user_id: member.userId }, broadcast: { channel_id: member.channelId } });
    void this.#user(actorId).then((user) => this.#deps.hooks.userHasJoinedChannel(ctx, member, user));
  }

  #announceLeave(member: ChannelMember, actorId: string, ctx: HookContext): void {
    const { channelId, userId } = member;
    this.#deps.events.publish(membershipChanged('channel', channelId, [userId], false));
    this.#deps.events.publish({ event: 'user_removed', data: { channel_id: channelId, remover_id: actorId }, broadcast: { user_id: userId } });
    this.#deps.events.publish({ event: 'user_removed', data: { user_id: userId, remover_id: actorId }, broadcast: { channel_id: channelId } });
    void this.#user(actorId).then((user) => this.#deps.hooks.userHasLeftChannel(ctx, member, user));
  }

  #publishUpdated(channel: Channel): void {
    this.#deps.events.publish({ event: 'channel_updated', subject: { kind: 'channel', channel }, broadcast: { channel_id: channel.id } });
  }

  /** The user behind an action, for hooks; null when it cannot be loaded (hooks must not fail the request). */
  #user(userId: string): Promise<User | null> {
    return this.#deps.store.users.findById(userId).catch((err: unknown) => {
      this.#deps.logger.warn('could not load the actor for a hook', { user_id: userId, error: String(err) });
      return null;
    });
  }
}

interface NewChannelFields {
  teamId: string;
  type: string;
  name: string;
  displayName: string;
  header: string;
  purpose: string;
  creatorId: string;
  now: number;
}

function newChannel(f: NewChannelFields): Channel {
  return Object.assign(new Channel(), {
    id: newId(),
    createAt: f.now,
    updateAt: f.now,
    deleteAt: 0,
    teamId: f.teamId,
    type: f.type,
    displayName: f.displayName,
    name: f.name,
    header: f.header,
    purpose: f.purpose,
    lastPostAt: 0,
    lastRootPostAt: 0,
    totalMsgCount: 0,
    totalMsgCountRoot: 0,
    extraUpdateAt: 0,
    creatorId: f.creatorId,
    props: {},
    groupConstrained: false,
  });
}

/** A new membership: a guest's (channel_guest, never admin) when `guest`, else a member's. */
function newMember(channelId: string, userId: string, admin: boolean, now: number, guest = false): ChannelMember {
  return Object.assign(new ChannelMember(), {
    channelId,
    userId,
    roles: '',
    schemeUser: !guest,
    schemeAdmin: admin && !guest,
    schemeGuest: guest,
    lastViewedAt: 0,
    msgCount: 0,
    msgCountRoot: 0,
    mentionCount: 0,
    mentionCountRoot: 0,
    urgentMentionCount: 0,
    notifyProps: { ...DEFAULT_CHANNEL_NOTIFY_PROPS },
    lastUpdateAt: now,
  });
}

async function insertChannel(tx: Repositories, channel: Channel): Promise<void> {
  try {
    await tx.channels.insert(channel);
  } catch (err) {
    throw duplicateChannelError(err);
  }
}

function duplicateChannelError(err: unknown): unknown {
  if (err instanceof UniqueViolation) {
    return AppError.badRequest('store.sql_channel.save_channel.exists.app_error', 'A channel with that name already exists on the same team.');
  }
  return err;
}

function memberNotFound(channelId: string, userId: string): AppError {
  return new AppError('app.channel.get_member.missing.app_error', 404, 'No channel member was found for that user and channel.', {
    details: `channel_id=${channelId} user_id=${userId}`,
  });
}

/** manage_public_channel_members, manage_private_channel_properties, ...: direct and group messages count as private. */
function managePermission(channel: Channel, what: 'members' | 'properties'): string {
  return `manage_${channel.type === 'O' ? 'public' : 'private'}_channel_${what}`;
}

/** Mattermost's channel name rule: 1-64 of a-z 0-9 - _, starting and ending with a letter or digit. */
export function validChannelName(value: string): string {
  if (value.length > 64 || !CHANNEL_NAME_PATTERN.test(value)) {
    throw AppError.badRequest(
      'model.channel.is_valid.2_or_more.app_error',
      'Channel names are 1 to 64 lowercase letters, digits, "-" or "_", starting and ending with a letter or digit.',
      `name=${value}`,
    );
  }
  return value;
}

export function validDisplayName(value: string): string {
  if (value.trim() === '' || runeCount(value) > 64) {
    throw AppError.badRequest('model.channel.is_valid.display_name.app_error', 'A channel needs a display name of 1 to 64 characters.');
  }
  return value;
}

/** Mattermost counts the runes of free text. */
function validText(value: string, name: string, maxRunes: number): string {
  if (runeCount(value) > maxRunes) throw AppError.badRequest(`model.channel.is_valid.${name}.app_error`, `The channel ${name} may be at most ${maxRunes} characters.`);
  return value;
}

function changingGuestRole(): AppError {
  return AppError.badRequest(
    'api.channel.update_channel_member_roles.changing_guest_role.app_error',
    "A guest's channel roles follow the account: promote the guest to a member (or demote the member to a guest) instead.",
  );
}

function keepChannelUser(): AppError {
  return AppError.badRequest('api.channel.update_channel_member_roles.scheme_role.app_error', 'A channel member must keep the channel_user role.');
}
