// Channels and channel members as Mattermost's API shows them, and the bodies that create and change
// channels, add members, set their roles and mark channels read.
import type { ChannelMembership, ChannelNotifyProps, ChannelStats as WireChannelStats, ChannelType, ServerChannel } from '@mattermost/types/channels';
import type { Channel } from '../store/entities/channel.ts';
import type { ChannelMember } from '../store/entities/channel-member.ts';
import type { ChannelChangesInput, ChannelStats, ChannelViewInput, NewChannelInput } from '../app/channel-service.ts';
import type { SchemeRolesInput } from '../app/roles.ts';
import type { ChannelUnreadAt } from '../app/channel-unread-service.ts';
import type { GroupMessageConversionInput } from '../app/group-message-conversion.ts';
import { isValidId } from '../app/ids.ts';
import { memberRoles, parseRoles } from '../app/roles.ts';
import { JsonFields, decodeStringList, paramRefusal, type Refusal } from './json-fields.ts';

/** Mattermost's Channel JSON, with the counters and the extra_update_at its server sends. */
export type WireChannel = ServerChannel & { extra_update_at: number };

/** Mattermost's ChannelMember JSON, with the fields its server sends beyond the client's type. */
export type WireChannelMember = ChannelMembership & { scheme_guest: boolean; explicit_roles: string };

/** Users added by one request (Mattermost's own limit on a channel member batch). */
const MAX_USERS_ADDED = 1000;
/** A group message holds at most 8 users; a few more ids are left for the service to refuse by name. */
const MAX_GROUP_IDS = 16;

export function toWireChannel(channel: Channel): WireChannel {
  return {
    id: channel.id,
    create_at: channel.createAt,
    update_at: channel.updateAt,
    delete_at: channel.deleteAt,
    team_id: channel.teamId,
    type: channel.type as ChannelType,
    display_name: channel.displayName,
    name: channel.name,
    header: channel.header,
    purpose: channel.purpose,
    last_post_at: channel.lastPostAt,
    last_root_post_at: channel.lastRootPostAt,
    total_msg_count: channel.totalMsgCount,
    total_msg_count_root: channel.totalMsgCountRoot,
    extra_update_at: channel.extraUpdateAt,
    creator_id: channel.creatorId,
    // Parley has no permission schemes, shared channels or retention policies.
    scheme_id: '',
    group_constrained: channel.groupConstrained,
    shared: false,
    props: channel.props,
    policy_id: null,
  };
}

export function toWireChannelMember(member: ChannelMember): WireChannelMember {
  return {
    channel_id: member.channelId,
    user_id: member.userId,
    roles: memberRoles('channel', member),
    last_viewed_at: member.lastViewedAt,
    msg_count: member.msgCount,
    msg_count_root: member.msgCountRoot,
    mention_count: member.mentionCount,
    mention_count_root: member.mentionCountRoot,
    urgent_mention_count: member.urgentMentionCount,
    // Stored as Mattermost's StringMap: the values are the ones its clients set.
    notify_props: member.notifyProps as Partial<ChannelNotifyProps>,
    last_update_at: member.lastUpdateAt,
    scheme_guest: member.schemeGuest,
    scheme_user: member.schemeUser,
    scheme_admin: member.schemeAdmin,
    explicit_roles: member.roles,
  };
}

/** Mattermost's ChannelUnreadAt: a membership after "mark as unread". */
export function toWireChannelUnreadAt({ member, teamId }: ChannelUnreadAt): Record<string, unknown> {
  return {
    team_id: teamId,
    user_id: member.userId,
    channel_id: member.channelId,
    msg_count: member.msgCount,
    mention_count: member.mentionCount,
    mention_count_root: member.mentionCountRoot,
    urgent_mention_count: member.urgentMentionCount,
    msg_count_root: member.msgCountRoot,
    last_viewed_at: member.lastViewedAt,
    notify_props: member.notifyProps,
  };
}

export function toWireChannelStats(stats: ChannelStats): WireChannelStats {
  return { channel_id: stats.channelId, member_count: stats.memberCount, guest_count: stats.guestCount, pinnedpost_count: stats.pinnedPostCount, files_count: stats.fileCount };
}

/** Mattermost's Channel JSON a client sends to create a public or private channel (POST /channels). */
export function decodeNewChannel(body: unknown, refuse: Refusal = paramRefusal): NewChannelInput {
  const fields = JsonFields.of(body, 'channel', refuse);
  return {
    teamId: fields.id('team_id'),
    name: fields.string('name'),
    displayName: fields.string('display_name'),
    type: fields.string('type', {}, 'O'),
    header: fields.string('header'),
    purpose: fields.string('purpose'),
  };
}

/**
 * A change to a channel: PUT /channels/{id}/patch and PUT /channels/{id} both change only the fields
 * they hold; a full channel (PUT) that names an id must name this one.
 */
export function decodeChannelChanges(body: unknown, how: { channelId: string; patch: boolean }, refuse: Refusal = paramRefusal): ChannelChangesInput {
  const fields = JsonFields.of(body, 'channel', refuse);
  if (!how.patch && fields.has('id') && fields.string('id') !== how.channelId) throw refuse('id', 'does not match the channel in the URL');
  const text = (name: string) => (fields.has(name) ? fields.string(name) : undefined);
  return {
    name: text('name'),
    displayName: text('display_name'),
    header: text('header'),
    purpose: text('purpose'),
    groupConstrained: fields.has('group_constrained') ? fields.boolean('group_constrained') : undefined,
  };
}

/** POST /channels/direct: the ids of the two users. */
export function decodeDirectChannelUsers(body: unknown, refuse: Refusal = paramRefusal): [string, string] {
  const ids = userIdList(body, 2, refuse);
  if (ids.length !== 2) throw refuse('user_ids', 'expected the ids of the two users');
  return [ids[0], ids[1]];
}

/** POST /channels/group: the ids of the users (the caller is added when missing). */
export function decodeGroupChannelUsers(body: unknown, refuse: Refusal = paramRefusal): string[] {
  return userIdList(body, MAX_GROUP_IDS, refuse);
}

/**
 * POST /channels/{id}/convert_to_channel (Mattermost's GroupMessageConversionRequestBody). Client4
 * also sends team_id in the query; the body's is the one that counts, as in Mattermost.
 */
export function decodeGroupMessageConversion(body: unknown): GroupMessageConversionInput {
  const fields = JsonFields.of(body, 'body');
  return { channelId: fields.id('channel_id'), teamId: fields.id('team_id'), name: fields.string('name', { max: 64 }), displayName: fields.string('display_name', { max: 256 }) };
}

/** The users a ChannelMember body (POST /channels/{id}/members) adds: one `user_id`, or a list in `user_ids`. */
export interface ChannelMembersToAdd {
  userIds: string[];
  /** The body named a list: the answer is a list of members, else the one member. */
  list: boolean;
}

export function decodeChannelMembersToAdd(body: unknown, refuse: Refusal = paramRefusal): ChannelMembersToAdd {
  const fields = JsonFields.of(body, 'channel_member', refuse);
  if (!fields.has('user_ids')) return { userIds: [fields.id('user_id')], list: false };
  const userIds = fields.stringList('user_ids', { maxItems: MAX_USERS_ADDED });
  if (userIds.length === 0 || !userIds.every(isValidId)) throw refuse('user_ids', 'must be a list of 26-character ids');
  return { userIds, list: true };
}

/** PUT /channels/{id}/members/{user_id}/roles: Mattermost's space-separated role names. */
export function decodeChannelMemberRoles(body: unknown, refuse: Refusal = paramRefusal): string[] {
  const fields = JsonFields.of(body, 'roles', refuse);
  if (!fields.has('roles')) throw refuse('roles', 'expected a space-separated string of role names');
  return parseRoles(fields.string('roles', { max: 1024 }));
}

/**
 * The body of PUT /channels/{id}/members/{user_id}/notify_props: an object of strings (Mattermost's
 * MapFromJSON; anything else is refused as it refuses it). Which keys count is the service's rule.
 */
export function decodeChannelNotifyProps(body: unknown, refuse: Refusal = paramRefusal): Record<string, string> {
  if (body === null || typeof body !== 'object' || Array.isArray(body) || !Object.values(body).every((value) => typeof value === 'string')) {
    throw refuse('notify_props', 'expected an object whose values are strings, e.g. {"mark_unread": "mention"}');
  }
  return body as Record<string, string>;
}

/** Mattermost's SchemeRoles (PUT /channels/{id}/members/{user_id}/schemeRoles): absent flags are false. */
export function decodeSchemeRoles(body: unknown, refuse: Refusal = paramRefusal): SchemeRolesInput {
  const fields = JsonFields.of(body, 'scheme_roles', refuse);
  return { schemeAdmin: fields.boolean('scheme_admin'), schemeUser: fields.boolean('scheme_user'), schemeGuest: fields.boolean('scheme_guest') };
}

/** Mattermost's SchemeIDPatch (PUT /channels/{id}/scheme): the id of the scheme to use. */
export function decodeSchemeId(body: unknown): string {
  return JsonFields.of(body, 'scheme_id').id('scheme_id');
}

/** Mattermost's ChannelView (POST /channels/members/{user_id}/view). */
export function decodeChannelView(body: unknown, refuse: Refusal = paramRefusal): ChannelViewInput {
  const fields = JsonFields.of(body, 'view', refuse);
  return { channelId: fields.optionalId('channel_id'), prevChannelId: fields.optionalId('prev_channel_id') };
}

/** A body that is itself a JSON list of user ids. */
function userIdList(body: unknown, maxItems: number, refuse: Refusal): string[] {
  const ids = decodeStringList(body, 'user_ids', { maxItems }, refuse);
  if (!ids.every(isValidId)) throw refuse('user_ids', 'expected a JSON list of user ids');
  return ids;
}

/** POST /channels/stats/member_count: a JSON array of channel ids (Mattermost's maxListSize, 1000); each must be an id. */
export function decodeChannelIds(body: unknown, refuse: Refusal = paramRefusal): string[] {
  const ids = decodeStringList(body, 'channel_ids', { maxItems: 1000 }, refuse);
  if (!ids.every(isValidId)) throw refuse('channel_ids', 'every entry must be a 26-character channel id');
  return [...new Set(ids)];
}

/** PUT /channels/{id}/privacy: `{privacy: "O" | "P"}`. */
export function decodeChannelPrivacy(body: unknown, refuse: Refusal = paramRefusal): 'O' | 'P' {
  const privacy = JsonFields.of(body, 'privacy', refuse).string('privacy');
  if (privacy !== 'O' && privacy !== 'P') throw refuse('privacy', 'must be "O" (public) or "P" (private)');
  return privacy;
}
