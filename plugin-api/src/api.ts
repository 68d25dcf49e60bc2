// The API a plugin calls. Every method is a request to the server, checked against the
// permissions the plugin's manifest asked for (the group is the part before the dot of the RPC
// method name, e.g. `posts.create` needs "posts"). Values cross the sandbox boundary as JSON.
import type { Channel, ChannelMember, Command, Post, Team, TeamMember, User } from './types.ts';

/** Outbound HTTP, performed by the server against the manifest's `http_hosts`. @since 0.1.0 */
export interface HttpFetchRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** At most the server's limit (default 30 s). */
  timeoutMs?: number;
}

/** The answer to api.http.fetch. @since 0.1.0 */
export interface HttpFetchResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Who receives a published WebSocket event (Mattermost's broadcast). @since 0.1.0 */
export interface WebSocketBroadcast {
  user_id?: string;
  channel_id?: string;
  team_id?: string;
  omit_users?: Record<string, boolean>;
}

/** Where a permission is checked: system-wide when empty. @since 0.1.0 */
export interface PermissionScope {
  team_id?: string;
  channel_id?: string;
}

/** A registered slash command and the plugin answering it. @since 0.1.0 */
export interface RegisteredCommand extends Command {
  plugin_id: string;
}

/** The server configuration's sections, secrets removed (Mattermost's setting names). @since 0.1.0 */
export type ServerConfig = Record<string, Record<string, unknown>>;

/**
 * A job for api.scheduler.schedule. One-shot: `runAt` or `delayMs`. Recurring: `intervalMs` (at
 * least 1000), first run at `runAt`/`delayMs` when given, else one interval from now.
 * @since 0.1.0
 */
export interface ScheduleJobRequest {
  /** 1 to 150 characters, unique among the plugin's jobs. */
  key: string;
  /** When to run, in epoch milliseconds; a time in the past runs at once. */
  runAt?: number;
  /** When to run, in milliseconds from now. */
  delayMs?: number;
  /** Run again every this many milliseconds (at least 1000); missed occurrences are skipped, not caught up. */
  intervalMs?: number;
  /** Handed to runScheduledJob; JSON of at most 64 KB. */
  data?: unknown;
}

/** A scheduled job as stored. @since 0.1.0 */
export interface ScheduledJob {
  key: string;
  /** The next occurrence, in epoch milliseconds. */
  runAt: number;
  /** 0 for a one-shot job. */
  intervalMs: number;
  data: unknown;
}

/**
 * What a plugin can ask the server to do; `definePlugin` hands it to the plugin. Every call is a
 * request to the server and returns a promise; a call to a group the manifest's `permissions.api`
 * does not list is refused, and a refused or failed call rejects with an Error carrying an `id`.
 * @since 0.1.0
 */
export interface PluginAPI {
  /** Needs the "posts" permission. */
  posts: {
    /** Creates a post as `user_id`, or as the plugin's bot when it has none; other plugins' hooks see it. Rate limited. */
    create(post: Pick<Post, 'channel_id' | 'message'> & Partial<Post>): Promise<Post>;
    /** Changes `message`, `props` or `is_pinned` of a post. */
    update(post: Pick<Post, 'id'> & Partial<Post>): Promise<Post>;
    delete(postId: string): Promise<void>;
    get(postId: string): Promise<Post>;
    /** A post only `userId` sees, never stored. */
    sendEphemeral(userId: string, post: Pick<Post, 'channel_id' | 'message'> & Partial<Post>): Promise<Post>;
  };
  /** Needs the "channels" permission. */
  channels: {
    get(channelId: string): Promise<Channel>;
    getByName(teamId: string, name: string): Promise<Channel>;
    /** Creates a channel with `creator_id` (or the plugin's bot) as its creator. */
    create(channel: Pick<Channel, 'team_id' | 'name' | 'display_name' | 'type'> & Partial<Channel>): Promise<Channel>;
    /** The direct channel of two users, created when missing. */
    getDirect(userId: string, otherUserId: string): Promise<Channel>;
    /** Adds a member; the join is announced as done by `byUserId` (else the plugin's bot). */
    addMember(channelId: string, userId: string, byUserId?: string): Promise<ChannelMember>;
    /** One page of members (`page` from 0; `perPage` up to 200). */
    getMembers(channelId: string, page: number, perPage: number): Promise<ChannelMember[]>;
    /** The membership of `userId`; rejects with a 404 id when the user is not a member. @since 0.1.0 */
    getMember(channelId: string, userId: string): Promise<ChannelMember>;
    /** Removes a member (never from a direct channel, never from town-square), announced as done by `byUserId` (else the plugin's bot). @since 0.1.0 */
    removeMember(channelId: string, userId: string, byUserId?: string): Promise<void>;
    /**
     * Changes `display_name`, `header` or `purpose` (clients see `channel_updated`). Each change is announced in
     * the channel by a system message (`system_displayname_change`, `system_header_change`, `system_purpose_change`)
     * posted as `byUserId`, else as the plugin's bot (none without a bot). @since 0.1.0
     */
    patch(channelId: string, patch: Partial<Pick<Channel, 'display_name' | 'header' | 'purpose'>>, byUserId?: string): Promise<Channel>;
  };
  /** Needs the "users" permission. */
  users: {
    get(userId: string): Promise<User>;
    getByUsername(username: string): Promise<User>;
    getByEmail(email: string): Promise<User>;
    /**
     * Whether the user holds `permission` (Mattermost's names, e.g. "manage_incoming_webhooks"), system-wide or,
     * with a scope, in that team or channel (team and channel roles count, as in Mattermost). @since 0.1.0
     */
    hasPermission(userId: string, permission: string, scope?: PermissionScope): Promise<boolean>;
    /** Sets the user's status (online, away, dnd, offline) as if they had chosen it. @since 0.1.0 */
    updateStatus(userId: string, status: 'online' | 'away' | 'dnd' | 'offline'): Promise<void>;
  };
  /** Needs the "teams" permission. */
  teams: {
    get(teamId: string): Promise<Team>;
    getByName(name: string): Promise<Team>;
    /** One page of members (`page` from 0; `perPage` up to 200). */
    getMembers(teamId: string, page: number, perPage: number): Promise<TeamMember[]>;
    /** The membership of `userId`; rejects with a 404 id when the user is not (or no longer) a member. @since 0.1.0 */
    getMember(teamId: string, userId: string): Promise<TeamMember>;
  };
  /** Needs the "bots" permission. */
  bots: {
    /** Creates the plugin's bot account, or updates it when it exists; returns its user id. */
    ensureBot(bot: { username: string; display_name?: string; description?: string }): Promise<string>;
  };
  /** Slash commands answered by the plugin's executeCommand hook. Needs the "commands" permission. */
  commands: {
    /** Registers `/<trigger>` (no leading slash, no spaces) for `team_id`, or for every team when it is empty. */
    register(command: Command): Promise<void>;
    /** Removes a command; `teamId` empty for one registered for every team. */
    unregister(teamId: string, trigger: string): Promise<void>;
    /** Every command usable in the team, whichever plugin registered it (for `/help` and command lists). @since 0.1.0 */
    list(teamId: string): Promise<RegisteredCommand[]>;
  };
  /** A key-value store private to the plugin. Values are JSON. Needs the "kv" permission. */
  kv: {
    set(key: string, value: unknown): Promise<void>;
    setWithExpiry(key: string, value: unknown, expireInSeconds: number): Promise<void>;
    /** Sets `key` to `next` only if it holds `expected` (null: only if absent); true when it did. */
    compareAndSet(key: string, expected: unknown, next: unknown): Promise<boolean>;
    /** The value, or null when the key is absent or expired. */
    get<T = unknown>(key: string): Promise<T | null>;
    delete(key: string): Promise<void>;
    /** One page of the plugin's keys (`page` from 0). */
    list(page: number, perPage: number): Promise<string[]>;
  };
  /** Needs the "config" permission. */
  config: {
    /** The plugin's settings (PluginSettings.Plugins[id]), defaults from settings_schema applied. */
    get<T = Record<string, unknown>>(): Promise<T>;
    /** Replaces the plugin's settings (PluginSettings.Plugins[id]). */
    save(settings: Record<string, unknown>): Promise<void>;
    /**
     * The server's configuration as Mattermost's GetConfig returns it, with every secret (database
     * addresses, keys, salts, passwords) removed. @since 0.1.0
     */
    getServerConfig(): Promise<ServerConfig>;
  };
  /** Needs the "websocket" permission. */
  websocket: {
    /** Sends `custom_<pluginid>_<event>` to the clients the broadcast selects. */
    publish(event: string, payload: Record<string, unknown>, broadcast: WebSocketBroadcast): Promise<void>;
  };
  /** Needs the "cluster" permission. */
  cluster: {
    /** Delivered to this plugin's onPluginClusterEvent on the other nodes of a cluster. */
    publish(event: { id: string; data: string }): Promise<void>;
  };
  /** Needs the "http" permission and at least one host in `permissions.http_hosts`. */
  http: {
    /** Performed by the server, to the manifest's hosts only; private and link-local addresses are refused unless an admin allows them. */
    fetch(url: string, request?: HttpFetchRequest): Promise<HttpFetchResponse>;
  };
  /** Writes into the server log with the plugin's `plugin_id`. Needs the "log" permission. */
  log: {
    debug(message: string, fields?: Record<string, unknown>): Promise<void>;
    info(message: string, fields?: Record<string, unknown>): Promise<void>;
    warn(message: string, fields?: Record<string, unknown>): Promise<void>;
    error(message: string, fields?: Record<string, unknown>): Promise<void>;
  };
  /**
   * Jobs the server runs later, once or every `intervalMs`, by calling the plugin's
   * runScheduledJob hook. They are kept in the database: they survive restarts and run on one node
   * of a cluster only. Needs the "scheduler" permission.
   * @since 0.1.0
   */
  scheduler: {
    /** Creates the job `key`, or replaces it (a run in progress finishes first); resolves with the job as stored. @since 0.1.0 */
    schedule(job: ScheduleJobRequest): Promise<ScheduledJob>;
    /** Removes the job `key`; true when it existed. An occurrence already running finishes. @since 0.1.0 */
    cancel(key: string): Promise<boolean>;
    /** The plugin's jobs, in key order. @since 0.1.0 */
    list(): Promise<ScheduledJob[]>;
  };
}

/** The RPC method names, `group.method`. @since 0.1.0 */
export type ApiMethod = {
  [G in keyof PluginAPI]: `${G & string}.${keyof PluginAPI[G] & string}`;
}[keyof PluginAPI];
