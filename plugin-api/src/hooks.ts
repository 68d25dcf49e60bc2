// The hooks a plugin may implement: Mattermost's names in camelCase. Only those a plugin implements
// are called. "Will" hooks run before a change is committed and may modify or reject it; "has
// been" hooks are notifications that never block the caller.
import type {
  Channel,
  ChannelMember,
  CommandArgs,
  CommandResponse,
  FileInfo,
  HookContext,
  HttpRequest,
  HttpResponse,
  PluginClusterEvent,
  Post,
  Reaction,
  TeamMember,
  User,
  WebSocketRequest,
} from './types.ts';

/** Returned by messageWillBePosted: the post (possibly changed), or a rejection reason. @since 0.1.0 */
export type PostVerdict = { post: Post } | { reject: string };

/**
 * Returned by fileWillBeUploaded: the file info (only a changed `name` is taken; the bytes cannot be
 * rewritten), or a rejection reason. @since 0.1.0
 */
export type FileVerdict = { file: FileInfo } | { reject: string };

/** Reject with this reason to drop a post without telling its author. @since 0.1.0 */
export const DISMISS_POST = 'plugin.message_will_be_posted.dismiss_post';

/** What runScheduledJob receives: the job's key and data, and when this occurrence was due (epoch ms). @since 0.1.0 */
export interface ScheduledJobRun {
  key: string;
  data: unknown;
  scheduledAt: number;
}

/** @since 0.1.0 */
export interface Hooks {
  /** The plugin was started; throwing stops it with the error as reason. @since 0.1.0 */
  onActivate?(): Promise<void> | void;
  /** The plugin is being stopped. @since 0.1.0 */
  onDeactivate?(): Promise<void> | void;
  /** The plugin's settings changed (also called once before onActivate). @since 0.1.0 */
  onConfigurationChange?(): Promise<void> | void;
  /** Before a post is saved: return it (changed or not) or reject it. Blocking, short budget. @since 0.1.0 */
  messageWillBePosted?(ctx: HookContext, post: Post): Promise<PostVerdict> | PostVerdict;
  /** Before an edit is saved. @since 0.1.0 */
  messageWillBeUpdated?(ctx: HookContext, next: Post, previous: Post): Promise<PostVerdict> | PostVerdict;
  /**
   * Before an uploaded file is stored: return it (renamed or not) or reject it. Blocking, short
   * budget, fail-open like messageWillBePosted. @since 0.1.0
   */
  fileWillBeUploaded?(ctx: HookContext, file: FileInfo): Promise<FileVerdict> | FileVerdict;
  /** @since 0.1.0 */
  messageHasBeenPosted?(ctx: HookContext, post: Post): Promise<void> | void;
  /** @since 0.1.0 */
  messageHasBeenUpdated?(ctx: HookContext, next: Post, previous: Post): Promise<void> | void;
  /** @since 0.1.0 */
  messageHasBeenDeleted?(ctx: HookContext, post: Post): Promise<void> | void;
  /** @since 0.1.0 */
  channelHasBeenCreated?(ctx: HookContext, channel: Channel): Promise<void> | void;
  /** @since 0.1.0 */
  userHasJoinedChannel?(ctx: HookContext, member: ChannelMember, actor: User | null): Promise<void> | void;
  /** @since 0.1.0 */
  userHasLeftChannel?(ctx: HookContext, member: ChannelMember, actor: User | null): Promise<void> | void;
  /** @since 0.1.0 */
  userHasJoinedTeam?(ctx: HookContext, member: TeamMember, actor: User | null): Promise<void> | void;
  /** @since 0.1.0 */
  userHasLeftTeam?(ctx: HookContext, member: TeamMember, actor: User | null): Promise<void> | void;
  /** @since 0.1.0 */
  userHasBeenCreated?(ctx: HookContext, user: User): Promise<void> | void;
  /** Before a login: a non-empty string rejects it. @since 0.1.0 */
  userWillLogIn?(ctx: HookContext, user: User): Promise<string> | string;
  /** @since 0.1.0 */
  userHasLoggedIn?(ctx: HookContext, user: User): Promise<void> | void;
  /** @since 0.1.0 */
  reactionHasBeenAdded?(ctx: HookContext, reaction: Reaction): Promise<void> | void;
  /** @since 0.1.0 */
  reactionHasBeenRemoved?(ctx: HookContext, reaction: Reaction): Promise<void> | void;
  /** A slash command this plugin registered was run. @since 0.1.0 */
  executeCommand?(ctx: HookContext, args: CommandArgs): Promise<CommandResponse> | CommandResponse;
  /** A request to /plugins/{id}/...; `public/` files are served without calling this. @since 0.1.0 */
  serveHttp?(ctx: HookContext, request: HttpRequest): Promise<HttpResponse> | HttpResponse;
  /** @since 0.1.0 */
  onWebSocketConnect?(connectionId: string, userId: string): Promise<void> | void;
  /** @since 0.1.0 */
  onWebSocketDisconnect?(connectionId: string, userId: string): Promise<void> | void;
  /** A `custom_<pluginid>_...` WebSocket action from a client. @since 0.1.0 */
  webSocketMessageHasBeenPosted?(connectionId: string, userId: string, request: WebSocketRequest): Promise<void> | void;
  /** A message from this plugin on another node. @since 0.1.0 */
  onPluginClusterEvent?(ctx: HookContext, event: PluginClusterEvent): Promise<void> | void;
  /**
   * One of the plugin's scheduled jobs (api.scheduler) is due. Runs within PluginSettings.HookTimeoutMs,
   * never twice at once for the same job; an occurrence that throws or overruns is not retried.
   * @since 0.1.0
   */
  runScheduledJob?(job: ScheduledJobRun): Promise<void> | void;
}

/** Every hook name, in the order above. A versioned contract: names are never renamed. @since 0.1.0 */
export const HOOK_NAMES = [
  'onActivate',
  'onDeactivate',
  'onConfigurationChange',
  'messageWillBePosted',
  'messageWillBeUpdated',
  'fileWillBeUploaded',
  'messageHasBeenPosted',
  'messageHasBeenUpdated',
  'messageHasBeenDeleted',
  'channelHasBeenCreated',
  'userHasJoinedChannel',
  'userHasLeftChannel',
  'userHasJoinedTeam',
  'userHasLeftTeam',
  'userHasBeenCreated',
  'userWillLogIn',
  'userHasLoggedIn',
  'reactionHasBeenAdded',
  'reactionHasBeenRemoved',
  'executeCommand',
  'serveHttp',
  'onWebSocketConnect',
  'onWebSocketDisconnect',
  'webSocketMessageHasBeenPosted',
  'onPluginClusterEvent',
  'runScheduledJob',
] as const satisfies ReadonlyArray<keyof Hooks>;

/** @since 0.1.0 */
export type HookName = (typeof HOOK_NAMES)[number];
