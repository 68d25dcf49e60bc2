// The seam where the plugin runtime plugs into the messaging core. "Will" hooks run before a
// change is committed and may modify or reject it; "has been" hooks are notifications that never
// block the caller. The core calls these; until a plugin runtime is installed they do nothing.
import type { Post } from '../store/entities/post.ts';
import type { Channel } from '../store/entities/channel.ts';
import type { ChannelMember } from '../store/entities/channel-member.ts';
import type { TeamMember } from '../store/entities/team-member.ts';
import type { User } from '../store/entities/user.ts';
import type { Reaction } from '../store/entities/reaction.ts';
import type { FileInfo } from '../store/entities/file-info.ts';

/** Who or what caused a hook call, Mattermost's plugin.Context. */
export interface HookContext {
  sessionId?: string;
  requestId?: string;
  ipAddress?: string;
  userAgent?: string;
  /** Set when a plugin's API call caused the change: that plugin's own hooks are not called for it. */
  pluginId?: string;
}

/** A "will" hook's verdict: keep the post, use a replacement, or reject with a reason. */
export type PostVerdict = { post: Post } | { rejected: string; pluginId: string };

/** fileWillBeUploaded's verdict: keep the file (possibly renamed) or reject it with a reason. */
export type FileVerdict = { file: FileInfo } | { rejected: string; pluginId: string };

export interface PluginHooks {
  messageWillBePosted(ctx: HookContext, post: Post): Promise<PostVerdict>;
  messageWillBeUpdated(ctx: HookContext, next: Post, previous: Post): Promise<PostVerdict>;
  userWillLogIn(ctx: HookContext, user: User): Promise<string>;
  fileWillBeUploaded(ctx: HookContext, file: FileInfo): Promise<FileVerdict>;

  messageHasBeenPosted(ctx: HookContext, post: Post): void;
  messageHasBeenUpdated(ctx: HookContext, next: Post, previous: Post): void;
  messageHasBeenDeleted(ctx: HookContext, post: Post): void;
  channelHasBeenCreated(ctx: HookContext, channel: Channel): void;
  userHasJoinedChannel(ctx: HookContext, member: ChannelMember, actor: User | null): void;
  userHasLeftChannel(ctx: HookContext, member: ChannelMember, actor: User | null): void;
  userHasJoinedTeam(ctx: HookContext, member: TeamMember, actor: User | null): void;
  userHasLeftTeam(ctx: HookContext, member: TeamMember, actor: User | null): void;
  userHasBeenCreated(ctx: HookContext, user: User): void;
  userHasLoggedIn(ctx: HookContext, user: User): void;
  reactionHasBeenAdded(ctx: HookContext, reaction: Reaction): void;
  reactionHasBeenRemoved(ctx: HookContext, reaction: Reaction): void;
}

/** The hooks of a server with no plugin runtime: every "will" hook allows, every notification is dropped. */
export function noPluginHooks(): PluginHooks {
  const allow = async (_ctx: HookContext, post: Post): Promise<PostVerdict> => ({ post });
  const ignore = () => {};
  return {
    messageWillBePosted: allow,
    messageWillBeUpdated: allow,
    userWillLogIn: async () => '',
    fileWillBeUploaded: async (_ctx, file) => ({ file }),
    messageHasBeenPosted: ignore,
    messageHasBeenUpdated: ignore,
    messageHasBeenDeleted: ignore,
    channelHasBeenCreated: ignore,
    userHasJoinedChannel: ignore,
    userHasLeftChannel: ignore,
    userHasJoinedTeam: ignore,
    userHasLeftTeam: ignore,
    userHasBeenCreated: ignore,
    userHasLoggedIn: ignore,
    reactionHasBeenAdded: ignore,
    reactionHasBeenRemoved: ignore,
  };
}
