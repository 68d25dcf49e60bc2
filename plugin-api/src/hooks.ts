// The hooks a plugin may implement: Mattermost's names in camelCase. Only those a plugin implements
// are called. "Will" hooks run before a change is committed and may modify or reject it; "has
// been" hooks are notifications that never block the caller.
//
// Every hook's JSDoc has the same parts, so the editor's hover is the reference (and README tables
// can be generated from it): what it is for and when it runs, then `@kind` (lifecycle, blocking,
// request, notification), `@budget` (the deadline the server enforces), `@failure` (what happens
// when the hook throws, overruns or crashes) and `@since`. A hook that overruns its budget always
// has its isolate disposed and the plugin restarted; that counts towards the health rule (three
// failures within 60 minutes stop the plugin as FailedToStayRunning). An error the plugin's own
// code throws never does.
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
  MediaSignalEvent,
  MediaVoiceEvent,
  Post,
  Reaction,
  TeamMember,
  User,
  WebSocketRequest,
} from './types.ts';

/**
 * What messageWillBePosted and messageWillBeUpdated answer: `{post}` lets the post through, changed
 * or not; `{reject}` refuses it with a reason shown to its author (at most 1024 characters are
 * kept). Returning nothing (`undefined`) lets it through unchanged.
 * @since 0.1.0
 */
export type PostVerdict = { post: Post } | { reject: string };

/**
 * What fileWillBeUploaded answers: `{file}` lets the file through (only a changed `name` is taken;
 * the bytes cannot be read or rewritten), or `{reject}` refuses it with a reason. Returning nothing
 * lets it through unchanged.
 * @since 0.1.0
 */
export type FileVerdict = { file: FileInfo } | { reject: string };

/**
 * Reject a post with this reason (`{ reject: DISMISS_POST }` from messageWillBePosted) to drop it
 * without telling its author: the request fails with this id, which clients take as "remove the
 * pending post quietly" (Mattermost's DismissPostError).
 * @since 0.1.0
 */
export const DISMISS_POST = 'plugin.message_will_be_posted.dismiss_post';

/** What runScheduledJob receives: the job's key and data, and when this occurrence was due (epoch ms). @since 0.1.0 */
export interface ScheduledJobRun {
  /** The key the job was scheduled with. @since 0.1.0 */
  key: string;
  /** The job's `data` as scheduled, or null. @since 0.1.0 */
  data: unknown;
  /** When this occurrence was due, in epoch milliseconds (a late run sees the time it was due, not the time it runs). @since 0.1.0 */
  scheduledAt: number;
}

/**
 * The hooks a plugin may implement, all optional. The sandbox calls only those the object returned
 * by the plugin's factory has when it returns. Arguments and results cross the sandbox as JSON of at
 * most 1 MiB each; `ctx` is the request that caused the call (empty strings when none did). A
 * change a plugin makes through its own API calls is not shown to its own hooks (unlike Mattermost,
 * which calls them), so a plugin posting from messageHasBeenPosted does not feed itself.
 * @since 0.1.0
 */
export interface Hooks {
  /**
   * The plugin was started: register commands, ensure the bot, schedule jobs. Runs on every start
   * (enable, server start, install, and each restart after a failure), after
   * onConfigurationChange. No other hook is called until it has returned; the plugin's API works.
   *
   * @kind lifecycle
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure throwing (or rejecting) stops the plugin with the error as its reason (state
   *   FailedToStart in `GET /api/v4/plugins/statuses`); it is not restarted until enabled again.
   *   Overrunning the budget counts the same.
   * @since 0.1.0
   */
  onActivate?(): Promise<void> | void;

  /**
   * The plugin is being stopped on purpose: disabled, removed, replaced by a new version, or the
   * server is shutting down. The last chance to use the API; no other hook is called any more. Not
   * called when the plugin's process crashed or was killed for overrunning a budget.
   *
   * @kind lifecycle
   * @budget PluginSettings.HookTimeoutMs, at most 10 s
   * @failure logged; the plugin is stopped anyway.
   * @since 0.1.0
   */
  onDeactivate?(): Promise<void> | void;

  /**
   * The plugin's settings (PluginSettings.Plugins[id]) may have changed: read them again with
   * `api.config.get()`. Called once on every start, before onActivate, then each time its own
   * settings change (a change to other parts of the configuration does not call it). Keeping the
   * settings in a variable here lets blocking hooks answer without API calls.
   *
   * @kind lifecycle
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged; the plugin keeps running (at start, onActivate still runs). Handle a bad
   *   setting gracefully rather than throwing.
   * @since 0.1.0
   */
  onConfigurationChange?(): Promise<void> | void;

  /**
   * An administrator installed the plugin (uploaded it, installed it from a URL or from the
   * marketplace) and it now runs: called once, after onActivate, with that administrator's id —
   * the moment to greet them with a setup guide (Mattermost's OnInstall, which GitHub and Jira use
   * to start their setup wizards in a DM).
   *
   * @param ctx empty: no request caused it
   * @param event `user_id` of the administrator who installed it
   * @kind lifecycle
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged; the plugin keeps running.
   * @since 0.1.0
   */
  onInstall?(ctx: HookContext, event: { user_id: string }): Promise<void> | void;

  /**
   * A post is about to be saved: by a user, a bot, a webhook, a slash command or another plugin (not
   * this one). Return `{post}` to let it through (with a changed `message`, `props`, `type`,
   * `file_ids` or `is_pinned`; its id, author, channel, thread and times stay the server's; a
   * `system_` type cannot be set), `{reject: reason}` to refuse it, or `{reject: DISMISS_POST}` to
   * drop it quietly. Plugins run one after the other, ordered by plugin id: each sees the post as the
   * previous one left it, and the first rejection wins. A refused post is answered 400
   * `plugin.message_will_be_posted.rejected` ("Post rejected by plugin. <reason>"). An answer that is
   * not a valid post is ignored (logged) and the post goes on unchanged. The server's own system
   * messages (`type` starting with `system_`: joins, leaves, header changes) pass here too, as in
   * Mattermost; rejecting one drops the message, never the action it reports.
   *
   * Keep it short and free of API calls where you can: every post waits for it.
   *
   * @param ctx the request creating the post
   * @param post the post as it would be saved (`id` already set)
   * @kind blocking
   * @budget PluginSettings.BlockingHookTimeoutMs (default 1 s)
   * @failure fail-open: if the hook throws, overruns, crashes or answers nonsense, the post is saved
   *   as if the plugin had allowed it unchanged. Do not rely on it for anything that must never be bypassed.
   * @since 0.1.0
   */
  messageWillBePosted?(ctx: HookContext, post: Post): Promise<PostVerdict> | PostVerdict;

  /**
   * An edit of a post (its message, props or pin, by a user or another plugin) is about to be
   * saved. Answers as messageWillBePosted: `{post}` with the same fields changeable, or `{reject}`,
   * answered 400 `plugin.message_will_be_updated.rejected`; the post then keeps its previous state.
   * DISMISS_POST has no special meaning here.
   *
   * @param ctx the request editing the post
   * @param next the post as the edit would leave it
   * @param previous the post as it is stored now
   * @kind blocking
   * @budget PluginSettings.BlockingHookTimeoutMs (default 1 s)
   * @failure fail-open, as messageWillBePosted: the edit is saved unchanged.
   * @since 0.1.0
   */
  messageWillBeUpdated?(ctx: HookContext, next: Post, previous: Post): Promise<PostVerdict> | PostVerdict;

  /**
   * A file was uploaded and is about to be stored. Return `{file}` to let it through, renamed or not
   * (only `name` is taken, cleaned as any file name; the type and image facts follow the new name),
   * or `{reject: reason}`, answered 403 `api.file.upload_file.rejected_by_plugin.app_error`.
   * Unlike Mattermost's, the hook sees the metadata only: the bytes can be neither read nor rewritten.
   *
   * @param ctx the upload request
   * @param file the file's metadata (`post_id` empty: no post names it yet)
   * @kind blocking
   * @budget PluginSettings.BlockingHookTimeoutMs (default 1 s)
   * @failure fail-open: the file is stored unchanged.
   * @since 0.1.0
   */
  fileWillBeUploaded?(ctx: HookContext, file: FileInfo): Promise<FileVerdict> | FileVerdict;

  /**
   * A post was saved (after messageWillBePosted let it through). Not called for the plugin's own
   * posts, nor for ephemeral posts, which are never stored.
   *
   * @param ctx the request that created the post
   * @param post the post as stored
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure the author never waits for it and never hears of it: an error is logged.
   * @since 0.1.0
   */
  messageHasBeenPosted?(ctx: HookContext, post: Post): Promise<void> | void;

  /**
   * A post's edit was saved.
   *
   * @param ctx the request that edited the post
   * @param next the post as stored now
   * @param previous the post as it was before the edit
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged; the editor never waits for it.
   * @since 0.1.0
   */
  messageHasBeenUpdated?(ctx: HookContext, next: Post, previous: Post): Promise<void> | void;

  /**
   * A post was deleted (soft-deleted, as in Mattermost: `delete_at` is set). Its replies, deleted
   * with it, are not reported one by one.
   *
   * @param ctx the request that deleted the post
   * @param post the post as deleted
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged; the request never waits for it.
   * @since 0.1.0
   */
  messageHasBeenDeleted?(ctx: HookContext, post: Post): Promise<void> | void;

  /**
   * A public or private channel was created (direct and group messages are not reported).
   *
   * @param ctx the request that created the channel
   * @param channel the new channel
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged; the request never waits for it.
   * @since 0.1.0
   */
  channelHasBeenCreated?(ctx: HookContext, channel: Channel): Promise<void> | void;

  /**
   * A user became a member of a channel.
   *
   * @param ctx the request that added the member
   * @param member the new membership
   * @param actor who added them (the member themselves when they joined on their own); null when
   *   nobody is named (a plugin without a bot) or that user could not be loaded
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged; the request never waits for it.
   * @since 0.1.0
   */
  userHasJoinedChannel?(ctx: HookContext, member: ChannelMember, actor: User | null): Promise<void> | void;

  /**
   * A user stopped being a member of a channel.
   *
   * @param ctx the request that removed the member
   * @param member the membership that ended
   * @param actor who removed them (the member themselves when they left); null when nobody is named or that user could not be loaded
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged; the request never waits for it.
   * @since 0.1.0
   */
  userHasLeftChannel?(ctx: HookContext, member: ChannelMember, actor: User | null): Promise<void> | void;

  /**
   * A user became a member of a team.
   *
   * @param ctx the request that added the member
   * @param member the new membership
   * @param actor who added them (the member themselves when they joined on their own); null when nobody is named or that user could not be loaded
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged; the request never waits for it.
   * @since 0.1.0
   */
  userHasJoinedTeam?(ctx: HookContext, member: TeamMember, actor: User | null): Promise<void> | void;

  /**
   * A user stopped being a member of a team.
   *
   * @param ctx the request that removed the member
   * @param member the membership that ended
   * @param actor who removed them (the member themselves when they left); null when nobody is named or that user could not be loaded
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged; the request never waits for it.
   * @since 0.1.0
   */
  userHasLeftTeam?(ctx: HookContext, member: TeamMember, actor: User | null): Promise<void> | void;

  /**
   * A user account was created, by sign-up or by an administrator (bot accounts are not reported).
   *
   * @param ctx the request that created the account
   * @param user the new account
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged; the request never waits for it.
   * @since 0.1.0
   */
  userHasBeenCreated?(ctx: HookContext, user: User): Promise<void> | void;

  /**
   * A user gave the right password and is about to get a session. Return a non-empty string to
   * refuse the login: answered 401 `app.user.login.plugin_rejected.app_error` ("Login rejected by
   * plugin: <reason>"); an empty string lets it through. Plugins are asked in plugin-id order; the
   * first refusal wins.
   *
   * @param ctx the login request
   * @param user the account logging in
   * @kind blocking
   * @budget PluginSettings.BlockingHookTimeoutMs (default 1 s)
   * @failure fail-open: the login goes ahead, so a broken plugin cannot lock everyone out.
   * @since 0.1.0
   */
  userWillLogIn?(ctx: HookContext, user: User): Promise<string> | string;

  /**
   * A user logged in and got a session.
   *
   * @param ctx the login request
   * @param user the account that logged in
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged; the login never waits for it.
   * @since 0.1.0
   */
  userHasLoggedIn?(ctx: HookContext, user: User): Promise<void> | void;

  /**
   * A reaction was added to a post.
   *
   * @param ctx the request that added it
   * @param reaction the reaction
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged; the request never waits for it.
   * @since 0.1.0
   */
  reactionHasBeenAdded?(ctx: HookContext, reaction: Reaction): Promise<void> | void;

  /**
   * A reaction was removed from a post.
   *
   * @param ctx the request that removed it
   * @param reaction the reaction as it was
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged; the request never waits for it.
   * @since 0.1.0
   */
  reactionHasBeenRemoved?(ctx: HookContext, reaction: Reaction): Promise<void> | void;

  /**
   * Someone ran a slash command this plugin registered (`api.commands.register`). The answer is
   * delivered as Mattermost does: `ephemeral` (the default) to the caller only; `in_channel` posted
   * as the caller (with `type`, `props`, `attachments` and, where the server allows overrides,
   * `username`/`icon_url`); `extra_responses` after it, in order; `goto_location` returned to the
   * client. With definePlugin, prefer binding a handler to each command
   * (`api.commands.register(command, handler)`): this hook then answers only commands without one.
   *
   * @param ctx the request running the command
   * @param args who ran what where: `command` is the whole line, e.g. "/hello Ada"
   * @kind request
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure throw an HttpError to answer with its id and status (it is the plugin's answer, not a
   *   failure). Any other error answers 500 `plugin.command.execute_failed` and is logged; an overrun
   *   or crash answers the same and counts towards the health rule.
   * @since 0.1.0
   */
  executeCommand?(ctx: HookContext, args: CommandArgs): Promise<CommandResponse> | CommandResponse;

  /**
   * An HTTP request to `/plugins/{id}/...` (`request.path` is the part after the id), or, for a
   * trusted plugin, to a core path its manifest claims in `permissions.core_routes` (the full path).
   * Files under the bundle's `public/` are served at `/plugins/{id}/public/...` without calling it.
   * `request.user_id` is set only for a request made with a valid session; the caller's token and
   * cookies are never passed on. The answer's `status` defaults to 200 (200–599 allowed), `body` is
   * a string, and hop-by-hop headers and `Set-Cookie` are dropped; an answer that breaks these rules
   * becomes 502 `plugin.http.invalid_response`. `createRouter()` routes requests for you.
   *
   * @param ctx the HTTP request's context (`request_id` is the `X-Request-ID` the caller gets)
   * @param request the request: method, path, query, headers, body
   * @kind request
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure throw an HttpError to answer with it (the router renders it with `detailed_error`).
   *   Any other error answers 500 `plugin.http.serve_failed` and is logged; an overrun or crash
   *   answers the same and counts towards the health rule. While the plugin is not running its
   *   paths answer 404 `api.plugin.not_found.app_error` (a claimed core path: 503).
   * @since 0.1.0
   */
  serveHttp?(ctx: HookContext, request: HttpRequest): Promise<HttpResponse> | HttpResponse;

  /**
   * A WebSocket connection of a logged-in user was opened (one per browser tab or app), for
   * tracking who is connected.
   *
   * @param connectionId the connection's id, the same in onWebSocketDisconnect
   * @param userId whose connection it is
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged.
   * @since 0.1.0
   */
  onWebSocketConnect?(connectionId: string, userId: string): Promise<void> | void;

  /**
   * A WebSocket connection closed.
   *
   * @param connectionId the connection's id, as onWebSocketConnect gave it
   * @param userId whose connection it was
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged.
   * @since 0.1.0
   */
  onWebSocketDisconnect?(connectionId: string, userId: string): Promise<void> | void;

  /**
   * A client sent a WebSocket action whose name starts with `custom_` (the server handles no such
   * action itself). Every plugin implementing this hook receives every such action: check
   * `request.action` (by convention `custom_<pluginid>_<name>`). The client gets no reply; answer,
   * if at all, with `api.websocket.publish` (`{connection_id: connectionId}` answers that one
   * connection, on whichever node holds it).
   *
   * The client may send the request as a JSON text frame or, as Mattermost's clients do for Calls'
   * SDP offers, as a MessagePack binary frame; both arrive the same way. Data crosses into the
   * sandbox as JSON, so a MessagePack binary (bin) value arrives as a string holding its bytes in
   * standard, padded base64 (what Go's encoding/json makes of a []byte; the sandbox has no `atob`,
   * so bundle a decoder where the plugin needs the bytes). Extension types (timestamps included)
   * have no JSON form: a frame holding one is ignored, as is a frame that is neither MessagePack
   * nor JSON.
   *
   * @param connectionId the sending connection, as onWebSocketConnect gave it
   * @param userId who sent it
   * @param request the action, its `seq` and its `data`
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged.
   * @since 0.1.0
   */
  webSocketMessageHasBeenPosted?(connectionId: string, userId: string, request: WebSocketRequest): Promise<void> | void;

  /**
   * A message this plugin published with `api.cluster.publish` on another node of the cluster
   * arrived. Never called on the publishing node, nor on a single server.
   *
   * @param ctx empty: no request caused it
   * @param event the published `{id, data}`
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged.
   * @since 0.1.0
   */
  onPluginClusterEvent?(ctx: HookContext, event: PluginClusterEvent): Promise<void> | void;

  /**
   * The media service has signalling for one participant of one of this plugin's calls (see
   * `api.media`): send it to the participant's client. Events of one participant arrive in order.
   *
   * @param event the call, the participant's session and the signal's JSON text
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged.
   * @since 0.1.0
   */
  onMediaSignal?(event: MediaSignalEvent): Promise<void> | void;

  /**
   * A participant of one of this plugin's calls (see `api.media`) started or stopped speaking, as
   * the media service hears it: tell the call. A participant's changes arrive in order, and in order
   * with its `onMediaSignal` events.
   *
   * @param event the call, the participant's session and whether it now speaks
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged.
   * @since 0.1.0
   */
  onMediaVoiceActivity?(event: MediaVoiceEvent): Promise<void> | void;

  /**
   * The media service runs again after it was lost (its process crashed or hung and was restarted,
   * the link to a standalone service was made again, or a new configuration restarted it): every
   * call it carried, with its participants, is gone from it. Create the calls still going on and
   * their participants again (`api.media`), and have each participant's client offer again, so the
   * calls survive the restart. In a cluster it is also heard when this node takes over the calls of
   * a node that stopped: making every call again there restores those, while a call another node
   * still hosts answers `plugin.media.participant.exists` for its participants and is left as it is.
   *
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure logged.
   * @since 0.1.0
   */
  onMediaServiceRestarted?(): Promise<void> | void;

  /**
   * One of the plugin's scheduled jobs (`api.scheduler.schedule`) is due. In a cluster each
   * occurrence runs on one node only; two runs of the same job never overlap. A job that fell due
   * while the plugin was not running runs as soon as it is back; a recurring job skips the
   * occurrences it missed rather than running them in a burst.
   *
   * @param job the job's key and data, and when this occurrence was due
   * @kind notification
   * @budget PluginSettings.HookTimeoutMs (default 30 s)
   * @failure an occurrence that throws or overruns is not retried (a recurring job still runs at its
   *   next occurrence); an overrun also counts towards the health rule. A run cut short because the
   *   plugin was being stopped runs again when it is back.
   * @since 0.1.0
   */
  runScheduledJob?(job: ScheduledJobRun): Promise<void> | void;
}

/** Every hook name, in the order above. A versioned contract: names are never renamed. @since 0.1.0 */
export const HOOK_NAMES = [
  'onActivate',
  'onDeactivate',
  'onConfigurationChange',
  'onInstall',
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
  'onMediaSignal',
  'onMediaVoiceActivity',
  'onMediaServiceRestarted',
  'runScheduledJob',
] as const satisfies ReadonlyArray<keyof Hooks>;

// Fails to compile when Hooks gains a hook this list lacks: the sandbox and the core know hooks by it.
const everyHookListed: Exclude<keyof Hooks, (typeof HOOK_NAMES)[number]> extends never ? true : never = true;
void everyHookListed;

/** The name of one hook, as HOOK_NAMES lists them. @since 0.1.0 */
export type HookName = (typeof HOOK_NAMES)[number];
