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

/** @since 0.1.0 */
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

/** @since 0.1.0 */
export interface PluginAPI {
  posts: {
    create(post: Pick<Post, 'channel_id' | 'message'> & Partial<Post>): Promise<Post>;
    update(post: Pick<Post, 'id'> & Partial<Post>): Promise<Post>;
    delete(postId: string): Promise<void>;
    get(postId: string): Promise<Post>;
    /** A post only `userId` sees, never stored. */
    sendEphemeral(userId: string, post: Pick<Post, 'channel_id' | 'message'> & Partial<Post>): Promise<Post>;
  };
  channels: {
    get(channelId: string): Promise<Channel>;
    getByName(teamId: string, name: string): Promise<Channel>;
    create(channel: Pick<Channel, 'team_id' | 'name' | 'display_name' | 'type'> & Partial<Channel>): Promise<Channel>;
    /** The direct channel of two users, created when missing. */
    getDirect(userId: string, otherUserId: string): Promise<Channel>;
    addMember(channelId: string, userId: string): Promise<ChannelMember>;
    getMembers(channelId: string, page: number, perPage: number): Promise<ChannelMember[]>;
  };
  users: {
    get(userId: string): Promise<User>;
    getByUsername(username: string): Promise<User>;
    getByEmail(email: string): Promise<User>;
  };
  teams: {
    get(teamId: string): Promise<Team>;
    getByName(name: string): Promise<Team>;
    getMembers(teamId: string, page: number, perPage: number): Promise<TeamMember[]>;
  };
  bots: {
    /** Creates the plugin's bot account, or updates it when it exists; returns its user id. */
    ensureBot(bot: { username: string; display_name?: string; description?: string }): Promise<string>;
  };
  commands: {
    register(command: Command): Promise<void>;
    unregister(teamId: string, trigger: string): Promise<void>;
  };
  /** A key-value store private to the plugin. Values are JSON. */
  kv: {
    set(key: string, value: unknown): Promise<void>;
    setWithExpiry(key: string, value: unknown, expireInSeconds: number): Promise<void>;
    /** Sets `key` to `next` only if it holds `expected` (null: only if absent); true when it did. */
    compareAndSet(key: string, expected: unknown, next: unknown): Promise<boolean>;
    get<T = unknown>(key: string): Promise<T | null>;
    delete(key: string): Promise<void>;
    list(page: number, perPage: number): Promise<string[]>;
  };
  config: {
    /** The plugin's settings (PluginSettings.Plugins[id]), defaults from settings_schema applied. */
    get<T = Record<string, unknown>>(): Promise<T>;
    save(settings: Record<string, unknown>): Promise<void>;
  };
  websocket: {
    /** Sends `custom_<pluginid>_<event>` to the clients the broadcast selects. */
    publish(event: string, payload: Record<string, unknown>, broadcast: WebSocketBroadcast): Promise<void>;
  };
  cluster: {
    publish(event: { id: string; data: string }): Promise<void>;
  };
  http: {
    fetch(url: string, request?: HttpFetchRequest): Promise<HttpFetchResponse>;
  };
  log: {
    debug(message: string, fields?: Record<string, unknown>): Promise<void>;
    info(message: string, fields?: Record<string, unknown>): Promise<void>;
    warn(message: string, fields?: Record<string, unknown>): Promise<void>;
    error(message: string, fields?: Record<string, unknown>): Promise<void>;
  };
}

/** The RPC method names, `group.method`. @since 0.1.0 */
export type ApiMethod = {
  [G in keyof PluginAPI]: `${G & string}.${keyof PluginAPI[G] & string}`;
}[keyof PluginAPI];
