// The core's entities in the JSON shapes plugins see (Mattermost's, the same a REST client gets),
// built with the services' own mappers, and the way back for a post a plugin returns.
import type { Post } from '../../store/entities/post.ts';
import type { Channel } from '../../store/entities/channel.ts';
import type { ChannelMember } from '../../store/entities/channel-member.ts';
import type { Team } from '../../store/entities/team.ts';
import type { TeamMember } from '../../store/entities/team-member.ts';
import type { User } from '../../store/entities/user.ts';
import type { Reaction } from '../../store/entities/reaction.ts';
import type { FileInfo } from '../../store/entities/file-info.ts';
import { cleanFileName } from '../../app/file-types.ts';
import type { HookContext } from '../../app/plugin-hooks.ts';
import { isPlainObject } from './api/arguments.ts';
import { toWireFileInfo } from '../../wire/file-info.ts';
import { toWirePost } from '../../wire/post.ts';
import { toWireChannel, toWireChannelMember } from '../../wire/channel.ts';
import { toWireTeam, toWireTeamMember } from '../../wire/team.ts';
import { toWireUser } from '../../wire/user.ts';
import { toWireReaction } from '../../wire/reaction.ts';

/** Plugins act for the administrator who installed them: they see profiles in full (never secrets). */
const FULL_PROFILE = { viewerIsSelfOrAdmin: true, showEmail: true, showFullName: true };

export function toWireHookContext(ctx: HookContext): Record<string, unknown> {
  return { session_id: ctx.sessionId ?? '', request_id: ctx.requestId ?? '', ip_address: ctx.ipAddress ?? '', user_agent: ctx.userAgent ?? '' };
}

export function toWirePluginPost(post: Post): Record<string, unknown> {
  return toWirePost({ post, replyCount: 0, files: [], reactions: [], acknowledgements: [] });
}

export function toWirePluginChannel(channel: Channel): Record<string, unknown> {
  return toWireChannel(channel);
}

export function toWirePluginChannelMember(member: ChannelMember): Record<string, unknown> {
  return toWireChannelMember(member);
}

export function toWirePluginTeam(team: Team): Record<string, unknown> {
  return toWireTeam(team, { showEmail: true, showInviteId: false });
}

export function toWirePluginTeamMember(member: TeamMember): Record<string, unknown> {
  return toWireTeamMember(member);
}

export function toWirePluginUser(user: User): Record<string, unknown> {
  return toWireUser(user, FULL_PROFILE);
}

export function toWirePluginReaction(reaction: Reaction): Record<string, unknown> {
  return toWireReaction(reaction);
}

/** The plugin-api FileInfo: Mattermost's, without the mini preview's bytes. */
export function toWirePluginFileInfo(file: FileInfo): Record<string, unknown> {
  const { mini_preview: _preview, archived: _archived, ...info } = toWireFileInfo(file);
  return info;
}

/** The name in a file info fileWillBeUploaded returned (all a plugin may change), or null when unusable. */
export function fileNameFromWire(wire: unknown): string | null {
  if (!isPlainObject(wire) || typeof wire.name !== 'string') return null;
  return cleanFileName(wire.name) || null;
}

/**
 * The post a "will" hook returned, applied to the post it was given: a plugin may change the
 * message, props, type, files and pin; identity, place and times stay the core's. Null when the
 * plugin's answer is not a valid post.
 */
export function postFromWire(current: Post, wire: unknown): Post | null {
  if (!isPlainObject(wire)) return null;
  const { message, props, type, file_ids: fileIds, is_pinned: isPinned } = wire;
  if (typeof message !== 'string') return null;
  if (props !== undefined && props !== null && !isPlainObject(props)) return null;
  if (type !== undefined && (typeof type !== 'string' || type.length > 26 || (type !== current.type && type.startsWith('system_')))) return null;
  if (fileIds !== undefined && (!Array.isArray(fileIds) || !fileIds.every((id) => typeof id === 'string'))) return null;
  if (isPinned !== undefined && typeof isPinned !== 'boolean') return null;
  return {
    ...current,
    message,
    props: (props as Record<string, unknown> | undefined | null) ?? current.props,
    type: (type as string | undefined) ?? current.type,
    fileIds: (fileIds as string[] | undefined) ?? current.fileIds,
    isPinned: (isPinned as boolean | undefined) ?? current.isPinned,
  } as Post;
}
