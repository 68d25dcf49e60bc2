// The hooks a plugin may implement: Mattermost's names in camelCase. Only those a plugin implements
// are called. "Will" hooks run before a change is committed and may modify or reject it; "has
// been" hooks are notifications that never block the caller.
import type {
  Channel,
  ChannelMember,
  CommandArgs,
  CommandResponse,
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

/** Reject with this reason to drop a post without telling its author. @since 0.1.0 */
export const DISMISS_POST = 'plugin.message_will_be_posted.dismiss_post';

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
}

/** Every hook name, in the order above. A versioned contract: names are never renamed. @since 0.1.0 */
export const HOOK_NAMES = [
  'onActivate',
  'onDeactivate',
  'onConfigurationChange',
  'messageWillBePosted',
  'messageWillBeUpdated',
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
] as const satisfies ReadonlyArray<keyof Hooks>;

/** @since 0.1.0 */
export type HookName = (typeof HOOK_NAMES)[number];
