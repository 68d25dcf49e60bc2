// The API a plugin calls. Every method is a request to the server, checked against the
// permissions the plugin's manifest asked for (the group is the part before the dot of the RPC
// method name, e.g. `posts.create` needs "posts"). Values cross the sandbox boundary as JSON.
//
// Every method's JSDoc names its group (`@permission`), what it does with its arguments, the error
// ids it rejects with (`@throws`) and `@since`; the editor's hover is the reference.
import type { CommandHandler } from './command-handlers.ts';
import type { Channel, ChannelMember, Command, CommandResponse, Dialog, Post, Team, TeamMember, User } from './types.ts';

/** Outbound HTTP for api.http.fetch, performed by the server against the manifest's `http_hosts`. @since 0.1.0 */
export interface HttpFetchRequest {
  /** GET (the default), HEAD, POST, PUT, PATCH, DELETE or OPTIONS. @since 0.1.0 */
  method?: string;
  /** At most 100; hop-by-hop headers (Host, Connection, Content-Length, ...) are set by the server and ignored here. @since 0.1.0 */
  headers?: Record<string, string>;
  /** At most 1 MB. @since 0.1.0 */
  body?: string;
  /** At most the server's limit (default and maximum 30 s). @since 0.1.0 */
  timeoutMs?: number;
}

/** The answer to api.http.fetch. @since 0.1.0 */
export interface HttpFetchResponse {
  /** The status as received: redirects are never followed, a 3xx comes back as it is. @since 0.1.0 */
  status: number;
  /** Lower-case names; a header sent several times is joined with ", ". @since 0.1.0 */
  headers: Record<string, string>;
  /** The body as UTF-8 text, at most 4 MB. @since 0.1.0 */
  body: string;
}

/**
 * Who receives a published WebSocket event (Mattermost's broadcast); empty: every connected user.
 * A `connection_id` narrows the other fields instead of overriding them: `{connection_id, user_id}`
 * reaches that connection only while it is that user's, and with `channel_id` or `team_id` only
 * while its user is a member.
 * @since 0.1.0
 */
export interface WebSocketBroadcast {
  /** Only this user's connections. @since 0.1.0 */
  user_id?: string;
  /**
   * Only this one WebSocket connection, on whichever node of a cluster holds it: the id the server
   * gave it in `hello` (`data.connection_id`), as webSocketMessageHasBeenPosted and
   * onWebSocketConnect receive it. A connection that is gone (or resumed under a new id after it
   * missed too much) receives nothing.
   * @since 0.1.0
   */
  connection_id?: string;
  /** Every selected connection but this one (e.g. the one whose request the event answers). @since 0.1.0 */
  omit_connection_id?: string;
  /** Only the members of this channel. @since 0.1.0 */
  channel_id?: string;
  /** Only the members of this team. @since 0.1.0 */
  team_id?: string;
  /** User ids (to `true`) left out, at most 1000. @since 0.1.0 */
  omit_users?: Record<string, boolean>;
}

/** An OAuth 2.0 provider a plugin connects its users to (api.oauth). @since 0.1.0 */
export interface OAuthProvider {
  authorize_url: string;
  /** Its host must be on the manifest's `http_hosts`. @since 0.1.0 */
  token_url: string;
  client_id: string;
  client_secret?: string;
  scopes?: string[];
  /** How the client authenticates at the token URL: form fields (`body`, the default) or HTTP Basic. @since 0.1.0 */
  client_auth?: 'body' | 'basic';
}

/** A token from api.oauth, the same shape whatever the provider answered. @since 0.1.0 */
export interface OAuthToken {
  access_token: string;
  token_type: string;
  refresh_token?: string;
  /** Epoch milliseconds. @since 0.1.0 */
  expires_at?: number;
  scope?: string;
}

/** What api.store.query answers. @since 0.1.0 */
export interface StoreResult {
  /** The statement's verb: SELECT, INSERT, UPDATE, DELETE, CREATE, ... @since 0.1.0 */
  command: string;
  /** Rows returned, or changed by INSERT, UPDATE and DELETE. @since 0.1.0 */
  row_count: number;
  rows: Array<Record<string, unknown>>;
  /** The columns' names, in order. @since 0.1.0 */
  fields: string[];
}

/** A cluster-wide lock held (api.cluster.lock). @since 0.1.0 */
export interface ClusterLock {
  name: string;
  /** Proves the lock is yours to unlock or refresh. @since 0.1.0 */
  token: string;
  /** When it frees itself unless refreshed, in epoch milliseconds. @since 0.1.0 */
  expires_at: number;
}

/**
 * How api.crypto reads binary data from a string: `utf8` (the text itself, the default), `base64`
 * (standard or URL-safe alphabet, padding optional) or `hex`.
 * @since 0.1.0
 */
export type CryptoEncoding = 'utf8' | 'base64' | 'hex';

/** How api.crypto writes a digest or a signature: `hex`, `base64`, or `base64url` (unpadded, as in JWTs). @since 0.1.0 */
export type CryptoOutputEncoding = 'hex' | 'base64' | 'base64url';

/**
 * The keys the server keeps for a plugin (api.crypto.generateKey): `aes-256-gcm` for encrypt and
 * decrypt, `hmac-sha256` for hmac, jwtSign and jwtVerify, `rsa-2048` for sign (only its public key is
 * ever given out).
 * @since 0.1.0
 */
export type CryptoKeyType = 'aes-256-gcm' | 'hmac-sha256' | 'rsa-2048';

/** One of the plugin's keys as api.crypto describes it: never its secret. @since 0.1.0 */
export interface CryptoKeyInfo {
  /** @since 0.1.0 */
  name: string;
  /** @since 0.1.0 */
  type: CryptoKeyType;
  /** `rsa-2048` only: the public key as PEM (`-----BEGIN PUBLIC KEY-----`), as Jira's application links ask for. @since 0.1.0 */
  public_key?: string;
  /** When it was generated, in epoch milliseconds. @since 0.1.0 */
  create_at: number;
}

/**
 * The key of api.crypto.hmac, jwtSign and jwtVerify: a `hmac-sha256` key the server keeps for the
 * plugin (`{name}`), or a secret the plugin holds (`{secret}`, such as the webhook secret of its
 * settings: 1 byte to 4 KB, UTF-8 text unless `encoding` says otherwise).
 * @since 0.1.0
 */
export type HmacKey = { name: string } | { secret: string; encoding?: CryptoEncoding };

/** Options of api.crypto.hash, hmac and sign. @since 0.1.0 */
export interface CryptoDataOptions {
  /** How `data` is written; default `utf8`. @since 0.1.0 */
  encoding?: CryptoEncoding;
  /** How the result is written; default `hex` for hash and hmac, `base64` for sign. @since 0.1.0 */
  output?: CryptoOutputEncoding;
}

/** Options of api.crypto.encrypt and decrypt. @since 0.1.0 */
export interface CryptoCipherOptions {
  /** How the plaintext is written (encrypt) or is to be written (decrypt); default `utf8`. @since 0.1.0 */
  encoding?: CryptoEncoding;
  /**
   * Text the token is bound to without holding it (AES-GCM's associated data), at most 1024
   * characters: e.g. the id of the user a stored OAuth token belongs to, so that it cannot be moved
   * to another user's record. decrypt must be given the same text.
   * @since 0.1.0
   */
  associatedData?: string;
}

/** Where a permission is checked: system-wide when empty. @since 0.1.0 */
export interface PermissionScope {
  /** Check in this team (the team roles count). @since 0.1.0 */
  team_id?: string;
  /** Check in this channel (the channel and team roles count). @since 0.1.0 */
  channel_id?: string;
}

/** What commands.execute runs, and as whom (Mattermost's CommandArgs for ExecuteSlashCommand). @since 0.1.0 */
export interface ExecuteCommandArgs {
  /** The user the command runs as, with their own permissions. @since 0.1.0 */
  user_id: string;
  /** The channel it runs in. @since 0.1.0 */
  channel_id: string;
  /** The command line, starting with `/`, e.g. "/playbook info". @since 0.1.0 */
  command: string;
  /** The team, for a channel without one (a direct message); a channel's own team wins. @since 0.1.0 */
  team_id?: string;
  /** The thread to answer in. @since 0.1.0 */
  root_id?: string;
}

/** A registered slash command and the plugin answering it. @since 0.1.0 */
export interface RegisteredCommand extends Command {
  /** The plugin that registered it. @since 0.1.0 */
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
  /** 1 to 150 characters, unique among the plugin's jobs. @since 0.1.0 */
  key: string;
  /** When to run, in epoch milliseconds; a time in the past runs at once. @since 0.1.0 */
  runAt?: number;
  /** When to run, in milliseconds from now. @since 0.1.0 */
  delayMs?: number;
  /** Run again every this many milliseconds (at least 1000); missed occurrences are skipped, not caught up. @since 0.1.0 */
  intervalMs?: number;
  /** Handed to runScheduledJob; JSON of at most 64 KB. @since 0.1.0 */
  data?: unknown;
}

/** A scheduled job as stored. @since 0.1.0 */
export interface ScheduledJob {
  /** The job's key. @since 0.1.0 */
  key: string;
  /** The next occurrence, in epoch milliseconds. @since 0.1.0 */
  runAt: number;
  /** 0 for a one-shot job. @since 0.1.0 */
  intervalMs: number;
  /** As scheduled, or null. @since 0.1.0 */
  data: unknown;
}

/**
 * Where the media service listens and what it announces (Mattermost Calls' RTC settings). Ports run
 * from 80 to 49151. @since 0.1.0
 */
export interface MediaServiceConfig {
  /** The local address for UDP; '' for all. */
  udpAddress: string;
  /** The one UDP port every participant's media goes through. */
  udpPort: number;
  /** Whether ICE also offers TCP candidates, for clients whose UDP is blocked: one TCP port, on the UDP address with the UDP port's number. */
  enableTcp: boolean;
  /** The address announced in the service's host candidates (a server behind NAT); '' for the local one. */
  iceHostOverride: string;
  /** STUN and TURN servers the service itself uses, at most 10. */
  iceServers: Array<{ urls: string[]; username?: string; credential?: string }>;
  /**
   * A media service running on its own (Parley's `scripts/parley media`, as Mattermost's rtcd), to
   * use instead of starting one: `http://<client id>:<key>@host:port` (or https, ws, wss). The
   * service has its own addresses, ports and ICE servers; the fields above are then not used.
   * @since 0.1.0
   */
  serviceUrl?: string;
}

/**
 * Signalling a client sent for its media session: an SDP offer or answer as Mattermost's Calls
 * clients send it (`sdpZlibBase64`: the zlib-compressed JSON `{type, sdp}`, in base64) or an ICE
 * candidate (`candidateJson`: the JSON of an RTCIceCandidateInit). @since 0.1.0
 */
export type MediaSignal = { sdpZlibBase64: string } | { candidateJson: string };

/** The media service's state and resource use. @since 0.1.0 */
export interface MediaServiceStatus {
  state: 'stopped' | 'starting' | 'running' | 'restarting';
  /** The media process the server started; null for a service of its own (`serviceUrl`). */
  pid: number | null;
  /** The service of its own it connects to, without the key; null for a media process. */
  url: string | null;
  restarts: number;
  rss_bytes: number;
  /** CPU between its last two health checks (every 5 s), in percent of one core. */
  cpu_percent: number;
  /** Calls and participants of every plugin. */
  calls: number;
  participants: number;
  /** Why the service (or the link to it) last ended: `exit code 1`, `signal SIGKILL`, `refused by http://host:port: ...`. */
  last_exit: string | null;
}

/**
 * What a plugin can ask the server to do; `definePlugin` hands it to the plugin's factory. Every
 * method is a request to the server and returns a promise; await it.
 *
 * - **Permissions**: a method of a group the manifest's `permissions.api` does not list rejects with
 *   `plugin.api.permission_denied`. Within its groups, the API acts with the authority of the
 *   administrator who installed the plugin, as Mattermost's does: it does not check what the user
 *   the plugin acts for may do. Ask `users.hasPermission` before acting on someone's behalf.
 * - **Errors**: a refused or failed call rejects with an `Error` carrying a stable `id` (the
 *   server's, such as `app.channel.get.not_found.app_error`) and a `message`. Arguments of the wrong
 *   type or size reject with `plugin.api.invalid_arguments`; an unexpected failure on the server
 *   with `plugin.api.internal_error` (the server log has the details).
 * - **Limits**: arguments and results are JSON of at most 1 MiB each (`sandbox.api.too_large`;
 *   values that cannot be JSON: `sandbox.api.invalid_args`), and a plugin may have 64 calls waiting
 *   for an answer at once (`sandbox.api.too_many_calls`).
 * - **Own hooks**: what a plugin changes through the API is not shown to its own hooks; other
 *   plugins' hooks see it as any change.
 * @since 0.1.0
 */
export interface PluginAPI {
  /**
   * Posts: create, edit, delete, read, and ephemeral posts only one user sees.
   * @permission posts
   * @since 0.1.0
   */
  posts: {
    /**
     * Creates a post as `user_id`, or as the plugin's bot when it gives none (`bots.ensureBot`
     * first). The post goes through the same pipeline as a user's: other plugins'
     * messageWillBePosted may change or refuse it, and clients see it live. It is marked
     * `props.from_plugin: "true"` (not for trusted plugins). A message holds at most 16383 characters.
     * @param post at least `channel_id` and `message`; also `root_id` (a reply), `props`, `type`,
     *   `file_ids`. Other fields (`id`, times) are the server's.
     * @returns the post as stored
     * @throws `plugin.api.invalid_arguments` without `user_id` before the plugin has a bot, or for a
     *   deactivated user; `plugin.api.rate_limited` (429) beyond 20 posts a second;
     *   `plugin.message_will_be_posted.rejected` when another plugin refuses it; the server's
     *   post errors (unknown channel, message too long, ...).
     * @permission posts
     * @since 0.1.0
     */
    create(post: Pick<Post, 'channel_id' | 'message'> & Partial<Post>): Promise<Post>;
    /**
     * Changes a post's `message`, `props` or `is_pinned`; the other fields are ignored. Other
     * plugins' messageWillBeUpdated may change or refuse the edit. A changed message marks the post edited.
     * @param post `id` and the fields to change
     * @returns the post as stored
     * @throws `app.post.get.not_found.app_error` for an unknown or deleted post;
     *   `plugin.message_will_be_updated.rejected` when another plugin refuses the edit.
     * @permission posts
     * @since 0.1.0
     */
    update(post: Pick<Post, 'id'> & Partial<Post>): Promise<Post>;
    /**
     * Deletes a post and its replies (soft delete, as Mattermost: `delete_at` is set and clients
     * remove it). Other plugins' messageHasBeenDeleted is called.
     * @throws `app.post.get.not_found.app_error` for an unknown or already deleted post.
     * @permission posts
     * @since 0.1.0
     */
    delete(postId: string): Promise<void>;
    /**
     * One post, in any channel.
     * @throws `app.post.get.not_found.app_error` for an unknown or deleted post.
     * @permission posts
     * @since 0.1.0
     */
    get(postId: string): Promise<Post>;
    /**
     * Shows a post to one user only, in `post.channel_id`, on the clients they have open; it is
     * never stored and no hook sees it (Mattermost's SendEphemeralPost). Sent as `post.user_id`, or
     * as the plugin's bot.
     * @param userId who sees it
     * @param post at least `channel_id` and `message` (at most 16383 characters); `root_id` and `props` are kept
     * @returns the post as sent (with a new id)
     * @permission posts
     * @since 0.1.0
     */
    sendEphemeral(userId: string, post: Pick<Post, 'channel_id' | 'message'> & Partial<Post>): Promise<Post>;
    /**
     * Replaces an ephemeral post shown to one user (same `id`) with a new version: the user's clients
     * get `post_edited` for it (Mattermost's UpdateEphemeralPost). Attachment actions work as in
     * sendEphemeral.
     * @param userId who sees it
     * @param post `id` (of the post sendEphemeral returned), `channel_id` and `message`; `root_id` and `props` are kept
     * @returns the post as sent
     * @permission posts
     * @since 0.1.0
     */
    updateEphemeral(userId: string, post: Pick<Post, 'id' | 'channel_id' | 'message'> & Partial<Post>): Promise<Post>;
    /**
     * Takes an ephemeral post off one user's screens: their clients get `post_deleted` for it
     * (Mattermost's DeleteEphemeralPost).
     * @param userId who saw it
     * @param postId the id sendEphemeral returned
     * @permission posts
     * @since 0.1.0
     */
    deleteEphemeral(userId: string, postId: string): Promise<void>;
  };

  /**
   * Channels: read, create, open direct channels, manage members.
   * @permission channels
   * @since 0.1.0
   */
  channels: {
    /**
     * One channel by id, archived ones included (`delete_at` set).
     * @throws `app.channel.get.not_found.app_error`
     * @permission channels
     * @since 0.1.0
     */
    get(channelId: string): Promise<Channel>;
    /**
     * The team's channel with this name (the URL name, e.g. `town-square`); archived channels are not found.
     * @throws `app.channel.get_by_name.missing.app_error`
     * @permission channels
     * @since 0.1.0
     */
    getByName(teamId: string, name: string): Promise<Channel>;
    /**
     * The public (`O`) and private (`P`) channels of the team that `userId` is a member of, archived
     * ones left out, by display name: what a picker of the user's channels offers (Mattermost's
     * GetChannelsForTeamForUser without direct and group messages).
     * @permission channels
     * @since 0.1.0
     */
    listForUser(teamId: string, userId: string): Promise<Channel[]>;
    /**
     * Creates a public (`O`) or private (`P`) channel with `creator_id` (or the plugin's bot) as
     * its creator and first member. Other plugins' channelHasBeenCreated is called.
     * @param channel `team_id`, `name` (the URL name), `display_name`, `type`; optionally `header`, `purpose`, `creator_id`
     * @returns the new channel
     * @throws `store.sql_channel.save_channel.exists.app_error` when the name is taken in the team;
     *   `plugin.api.invalid_arguments` without `creator_id` before the plugin has a bot; the
     *   server's channel validation errors (`model.channel.is_valid.*`).
     * @permission channels
     * @since 0.1.0
     */
    create(channel: Pick<Channel, 'team_id' | 'name' | 'display_name' | 'type'> & Partial<Channel>): Promise<Channel>;
    /**
     * The direct-message channel of two users, created when missing (clients see `direct_added`).
     * @throws `api.channel.create_direct_channel.invalid_user.app_error` (400) when either user does
     *   not exist or is deactivated.
     * @permission channels
     * @since 0.1.0
     */
    getDirect(userId: string, otherUserId: string): Promise<Channel>;
    /**
     * Adds a member to a public or private channel. The join is announced in the channel
     * (Mattermost's `system_add_to_channel` message) as done by `byUserId`, else the plugin's bot (no
     * message without either), and other plugins' userHasJoinedChannel is called. A user already a
     * member is left as they are.
     * @returns the membership
     * @throws `app.channel.get.not_found.app_error`; `app.user.get.not_found.app_error` for an
     *   unknown or deactivated user; `api.channel.add_user.to.channel.failed.app_error` (403) when the
     *   user is not a member of the channel's team; 400 for a direct or group message or an archived channel.
     * @permission channels
     * @since 0.1.0
     */
    addMember(channelId: string, userId: string, byUserId?: string): Promise<ChannelMember>;
    /**
     * One page of a channel's members.
     * @param page from 0
     * @param perPage 1 to 200 (Mattermost's paging)
     * @permission channels
     * @since 0.1.0
     */
    getMembers(channelId: string, page: number, perPage: number): Promise<ChannelMember[]>;
    /**
     * The membership of `userId` in the channel.
     * @throws `app.channel.get_member.missing.app_error` when the user is not a member.
     * @permission channels
     * @since 0.1.0
     */
    getMember(channelId: string, userId: string): Promise<ChannelMember>;
    /**
     * Removes a member, announced as done by `byUserId` (else the plugin's bot); other plugins'
     * userHasLeftChannel is called. Never from a direct channel, never from town-square (refused,
     * as in Mattermost).
     * @permission channels
     * @since 0.1.0
     */
    removeMember(channelId: string, userId: string, byUserId?: string): Promise<void>;
    /**
     * Changes `display_name`, `header` or `purpose` (clients see `channel_updated`). Each change is
     * announced in the channel by a system message (`system_displayname_change`,
     * `system_header_change`, `system_purpose_change`) posted as `byUserId`, else as the plugin's
     * bot (none without a bot).
     * @returns the channel as changed
     * @permission channels
     * @since 0.1.0
     */
    patch(channelId: string, patch: Partial<Pick<Channel, 'display_name' | 'header' | 'purpose'>>, byUserId?: string): Promise<Channel>;
  };

  /**
   * Users: look up accounts, check permissions, set a status.
   * @permission users
   * @since 0.1.0
   */
  users: {
    /**
     * One account by id, deactivated ones included (`delete_at` set), with its email.
     * @throws `app.user.get.not_found.app_error`
     * @permission users
     * @since 0.1.0
     */
    get(userId: string): Promise<User>;
    /**
     * One account by username (without the `@`).
     * @throws `app.user.get.not_found.app_error`
     * @permission users
     * @since 0.1.0
     */
    getByUsername(username: string): Promise<User>;
    /**
     * One account by email address.
     * @throws `app.user.get.not_found.app_error`
     * @permission users
     * @since 0.1.0
     */
    getByEmail(email: string): Promise<User>;
    /**
     * Whether the user holds `permission` (Mattermost's names, e.g. `manage_incoming_webhooks`),
     * system-wide or, with a scope, in that team or channel (team and channel roles count, as in
     * Mattermost). Always false for a deactivated user. The way to check a caller before acting for them.
     * @throws `app.user.get.not_found.app_error` for an unknown user.
     * @permission users
     * @since 0.1.0
     */
    hasPermission(userId: string, permission: string, scope?: PermissionScope): Promise<boolean>;
    /**
     * Sets the user's status as if they had chosen it; the user's clients see `status_change`.
     * @param status `online`, `away`, `dnd` or `offline`
     * @permission users
     * @since 0.1.0
     */
    updateStatus(userId: string, status: 'online' | 'away' | 'dnd' | 'offline'): Promise<void>;
  };

  /**
   * Teams: look up teams and their members.
   * @permission teams
   * @since 0.1.0
   */
  teams: {
    /**
     * One team by id.
     * @throws `app.team.get.not_found.app_error`
     * @permission teams
     * @since 0.1.0
     */
    get(teamId: string): Promise<Team>;
    /**
     * One team by its URL name.
     * @throws `app.team.get_by_name.missing.app_error`
     * @permission teams
     * @since 0.1.0
     */
    getByName(name: string): Promise<Team>;
    /**
     * One page of a team's members.
     * @param page from 0
     * @param perPage 1 to 200 (Mattermost's paging)
     * @permission teams
     * @since 0.1.0
     */
    getMembers(teamId: string, page: number, perPage: number): Promise<TeamMember[]>;
    /**
     * The membership of `userId` in the team.
     * @throws `app.team.get_member.missing.app_error` when the user is not (or no longer) a member.
     * @permission teams
     * @since 0.1.0
     */
    getMember(teamId: string, userId: string): Promise<TeamMember>;
  };

  /**
   * The plugin's bot account.
   * @permission bots
   * @since 0.1.0
   */
  bots: {
    /**
     * Creates the plugin's bot account, or updates it when it exists: the author of the posts, the
     * creator of the channels and the announcer of the changes the plugin makes without naming a
     * user. Call it in onActivate.
     * @param bot `username` (at most 64 characters), `display_name` (64), `description` (1024)
     * @returns the bot's user id
     * @permission bots
     * @since 0.1.0
     */
    ensureBot(bot: { username: string; display_name?: string; description?: string }): Promise<string>;
  };

  /**
   * Slash commands answered by the plugin.
   * @permission commands
   * @since 0.1.0
   */
  commands: {
    /**
     * Registers `/<trigger>` for `team_id`, or for every team when it is empty, answered by
     * `handler` when given, else by the plugin's executeCommand hook. Registrations last while the
     * plugin runs and are forgotten when it restarts: register in onActivate. Registering the same
     * trigger and team again replaces the registration and its handler (without a handler,
     * executeCommand answers it from then on). The handler stays in the plugin: only the command
     * goes to the server, and binding needs the plugin declared with definePlugin.
     * @param command `trigger` (1 to 128 characters, no leading `/`, no spaces; matched without
     *   regard to case), `team_id`, and the autocomplete texts: `display_name` (64 characters),
     *   `description` (128), `auto_complete`, `auto_complete_desc` and `auto_complete_hint` (1024)
     * @param handler answers the command, as executeCommand would; throw an HttpError to answer with an error
     * @throws `plugin.api.commands.trigger_taken` (409) when another plugin registered the trigger
     *   in that team; `plugin.api.commands.too_many` beyond 100 commands; `plugin.api.invalid_arguments`
     *   for a bad trigger or text. Nothing is bound when the server refuses the command.
     * @permission commands
     * @since 0.1.0
     */
    register(command: Command, handler?: CommandHandler): Promise<void>;
    /**
     * Removes one of the plugin's commands and its handler; `teamId` empty for one registered for
     * every team. Another plugin's command, or one that is not registered, is left alone.
     * @permission commands
     * @since 0.1.0
     */
    unregister(teamId: string, trigger: string): Promise<void>;
    /**
     * Every plugin command usable in the team (its own and those for every team), whichever plugin
     * registered it, by trigger: for `/help` and command lists.
     * @permission commands
     * @since 0.1.0
     */
    list(teamId: string): Promise<RegisteredCommand[]>;
    /**
     * Runs a slash command as `args.user_id` in `args.channel_id` (Mattermost's ExecuteSlashCommand),
     * with that user's own permissions: a channel they may not post in, or an account that is
     * deactivated, is refused as their own command would be. An `in_channel` answer is posted as the
     * user; an ephemeral one reaches only them. Needs `"commands.execute"` in `permissions.api`,
     * granted on its own: the "commands" group does not include it.
     * @param args `user_id`, `channel_id` and `command` (starting with `/`); `team_id` for a channel
     *   without a team; `root_id` to answer in a thread
     * @returns the command's answer, with every field of CommandResponse present, and the `trigger_id`
     *   the user's client knows (hand it back to a client that asked for the run, as Mattermost's
     *   Playbooks does, so that a dialog the command opens shows there)
     * @throws `api.command.execute_command.not_found.app_error` (404) for an unknown trigger;
     *   `api.context.permissions.app_error` (403) when the user may not post in the channel;
     *   `plugin.api.commands.too_deep` (429) when the plugin already has 4 executions waiting,
     *   which is how a command that runs itself is stopped
     * @permission commands.execute
     * @since 0.1.0
     */
    execute(args: ExecuteCommandArgs): Promise<CommandResponse & { trigger_id: string }>;
  };

  /**
   * Interactive dialogs (Mattermost's OpenInteractiveDialog): forms a user fills in, opened on their
   * screens in answer to something they just did.
   * @permission dialogs
   * @since 0.1.0
   */
  dialogs: {
    /**
     * Opens `dialog` for the user whose click or command gave the plugin `triggerId` (the
     * `trigger_id` of an action request or of executeCommand's args), at most
     * ServiceSettings.OutgoingIntegrationRequestsTimeout (default 30 s) after it. The submission is
     * POSTed to `url`: the plugin's own route (`/plugins/<its id>/...`, reaching its serveHttp with
     * the user in `Mattermost-User-Id`), or an http(s) URL its `http_hosts` list.
     * @param triggerId from the request that allows the dialog
     * @param url where the submission goes
     * @param dialog Mattermost's Dialog: `callback_id`, `title`, `elements` (text, textarea, select, radio, bool, date, datetime), `submit_label`, `notify_on_cancel`, `state`, ...
     * @throws `interactive_message.decode_trigger_id.expired` for a trigger id too old;
     *   `interactive_message.decode_trigger_id.verify_signature_failed` for one this server did not make;
     *   `plugin.dialogs.url_not_allowed` for a URL of another plugin or of a host not in `http_hosts`;
     *   `plugin.api.invalid_arguments` for a dialog whose elements could not be shown.
     * @permission dialogs
     * @since 0.1.0
     */
    open(triggerId: string, url: string, dialog: Dialog): Promise<void>;
  };

  /**
   * The plugin's own SQL schema in the server's PostgreSQL, reached as a database role that can
   * reach nothing else (not the server's tables, not other plugins' schemas). The tables come from
   * the migrations the bundle ships in `store/migrations/*.sql`, applied in name order when the
   * plugin starts. Statements are bounded: 10 s, 10,000 rows and 8 MB of answer each; 512 MB and
   * 1000 relations for the schema (past them, only DELETE, TRUNCATE and DROP run).
   * @permission store
   * @since 0.1.0
   */
  store: {
    /**
     * Runs one SQL statement with `params` bound to `$1`, `$2`, ... (never put untrusted text into
     * `sql`); alone, or inside the transaction `txId` from `begin`. Values come back as PostgreSQL
     * writes them (text), except booleans, integers up to int4, floats and JSON.
     * @param sql one statement
     * @param params JSON values for `$1`, `$2`, ...
     * @param txId a transaction from `begin`; '' or absent: the statement runs on its own
     * @returns `command` (SELECT, INSERT, ...), `row_count`, `rows` (objects by column name) and `fields`
     * @throws `plugin.store.sql_error` and `plugin.store.permission_denied` with PostgreSQL's message;
     *   `plugin.store.timeout`, `plugin.store.too_many_rows`, `plugin.store.too_large` past the bounds;
     *   `plugin.store.over_quota` for a write while the schema is over its quota;
     *   `plugin.store.no_transaction` for an unknown or ended `txId`.
     * @permission store
     * @since 0.1.0
     */
    query(sql: string, params?: unknown[], txId?: string): Promise<StoreResult>;
    /**
     * Starts a transaction on a connection of its own; name it in `query` and end it with `commit`
     * or `rollback` (prefer `transaction`, which does that for you). A transaction left open ends
     * (rolled back) after 30 s, and when the plugin stops.
     * @returns the transaction's id
     * @permission store
     * @since 0.1.0
     */
    begin(): Promise<string>;
    /**
     * Commits a transaction from `begin`.
     * @throws `plugin.store.no_transaction` when it already ended; PostgreSQL's error when the commit fails.
     * @permission store
     * @since 0.1.0
     */
    commit(txId: string): Promise<void>;
    /**
     * Rolls a transaction from `begin` back.
     * @throws `plugin.store.no_transaction` when it already ended.
     * @permission store
     * @since 0.1.0
     */
    rollback(txId: string): Promise<void>;
    /**
     * Runs `work` in a transaction: `tx.query(sql, params)` runs in it; it commits when `work`
     * resolves and rolls back when it throws (runs in the sandbox, on `begin`, `query`, `commit`
     * and `rollback`).
     * @returns what `work` returns
     * @permission store
     * @since 0.1.0
     */
    transaction<T>(work: (tx: { query(sql: string, params?: unknown[]): Promise<StoreResult> }) => Promise<T>): Promise<T>;
  };

  /**
   * A key-value store private to the plugin: JSON values, kept in the server's database, shared by
   * the plugin's instances on every node. Keys have 1 to 150 characters; a value is at most 1 MB of
   * JSON; a plugin keeps at most PluginSettings.KvMaxKeysPerPlugin keys (default 10,000).
   * @permission kv
   * @since 0.1.0
   */
  kv: {
    /**
     * Stores `value` under `key`, replacing what was there; `null` deletes the key (as Mattermost's KVSet with nil).
     * @throws `plugin.kv.invalid_key`; `plugin.kv.invalid_value` (not JSON, or holding the NUL
     *   character); `plugin.kv.value_too_large`; `plugin.kv.quota_exceeded` for a new key beyond the
     *   quota (replacing a key still works).
     * @permission kv
     * @since 0.1.0
     */
    set(key: string, value: unknown): Promise<void>;
    /**
     * As set, and the key vanishes after `expireInSeconds` (0: never; at most ten years).
     * @throws as set; `plugin.kv.invalid_expiry`
     * @permission kv
     * @since 0.1.0
     */
    setWithExpiry(key: string, value: unknown, expireInSeconds: number): Promise<void>;
    /**
     * Sets `key` to `next` only if it holds `expected` (`null`: only if the key is absent), in one
     * atomic step, so concurrent writers (on any node) cannot lose an update: read, compute, and
     * retry while it answers false.
     * @returns true when it wrote `next`
     * @throws as set
     * @permission kv
     * @since 0.1.0
     */
    compareAndSet(key: string, expected: unknown, next: unknown): Promise<boolean>;
    /**
     * The value under `key`, or null when the key is absent or expired.
     * @permission kv
     * @since 0.1.0
     */
    get<T = unknown>(key: string): Promise<T | null>;
    /**
     * Deletes `key`; nothing happens when it is absent.
     * @permission kv
     * @since 0.1.0
     */
    delete(key: string): Promise<void>;
    /**
     * One page of the plugin's live keys; with `options.prefix`, only the keys that start with it
     * (Mattermost's pluginapi `WithPrefix`, here filtered by the server, so pages stay full).
     * @param page from 0
     * @param perPage 1 to 1000
     * @param options `prefix`: a string without NUL, at most 1024 characters
     * @throws `plugin.api.invalid_arguments` for another prefix
     * @permission kv
     * @since 0.1.0
     */
    list(page: number, perPage: number, options?: { prefix?: string }): Promise<string[]>;
  };

  /**
   * The plugin's settings and the server's configuration.
   * @permission config
   * @since 0.1.0
   */
  config: {
    /**
     * The plugin's settings (PluginSettings.Plugins[id]) over the defaults of its manifest's
     * settings_schema. Read them in onConfigurationChange and keep them.
     * @permission config
     * @since 0.1.0
     */
    get<T = Record<string, unknown>>(): Promise<T>;
    /**
     * Replaces the plugin's settings whole (at most 64 KB of JSON), as an administrator saving
     * them would; the plugin's onConfigurationChange is called.
     * @permission config
     * @since 0.1.0
     */
    save(settings: Record<string, unknown>): Promise<void>;
    /**
     * The server's configuration by Mattermost's section names (`ServiceSettings.SiteURL`, ...),
     * with every secret (database addresses, keys, salts, passwords) masked and the other plugins'
     * settings left out.
     * @permission config
     * @since 0.1.0
     */
    getServerConfig(): Promise<ServerConfig>;
  };

  /**
   * Events for the plugin's clients.
   * @permission websocket
   * @since 0.1.0
   */
  websocket: {
    /**
     * Sends the WebSocket event `custom_<pluginid>_<event>` with `payload` as its data to the
     * clients the broadcast selects (Mattermost's PublishWebSocketEvent).
     * @param event 1 to 64 letters, digits, `_`, `.` or `-`
     * @param payload an object, at most 256 KB of JSON
     * @param broadcast who receives it; `{}` for everyone. Ids (`user_id`, `channel_id`, `team_id`,
     *   `connection_id`, `omit_connection_id`, the keys of `omit_users`) must be 26-character ids.
     * @throws `plugin.api.invalid_arguments` for a bad event name, a payload over 256 KB or a
     *   broadcast field that is not an id; a well-formed id that matches no one is no error.
     * @permission websocket
     * @since 0.1.0
     */
    publish(event: string, payload: Record<string, unknown>, broadcast: WebSocketBroadcast): Promise<void>;
  };

  /**
   * Messages between the plugin's instances on the nodes of a cluster, and locks they share.
   * @permission cluster
   * @since 0.1.0
   */
  cluster: {
    /**
     * Delivers `event` to this plugin's onPluginClusterEvent on the other nodes where it runs,
     * never on this one (on a single server: nowhere).
     * @param event `id` of 1 to 64 characters, `data` a string of at most 1 MB
     * @permission cluster
     * @since 0.1.0
     */
    publish(event: { id: string; data: string }): Promise<void>;
    /**
     * Takes the cluster-wide lock `name` of this plugin (Mattermost's pluginapi cluster.Mutex): one
     * holder at a time across every node. Waits up to `waitMs` while another holder has it. The lock
     * frees itself `ttlMs` after it was taken or last refreshed, so a holder that crashed blocks no
     * one for long; it is also released when the plugin stops. Use `withClusterLock` to run code
     * under a lock.
     * @param name 1 to 150 characters; names are the plugin's own (another plugin's `sync` is another lock)
     * @param options `ttlMs` from 1000 to 600000 (default 30000), `waitMs` from 0 to 60000 (default 10000)
     * @returns the lock, with the token that unlocks and refreshes it
     * @throws `plugin.cluster.lock_timeout` when it stayed held by another caller for `waitMs`;
     *   `plugin.cluster.too_many_locks` past 100 locks held at once on one node.
     * @permission cluster
     * @since 0.1.0
     */
    lock(name: string, options?: { ttlMs?: number; waitMs?: number }): Promise<ClusterLock>;
    /**
     * Extends a lock this token holds by `ttlMs` from now (default 30000).
     * @throws `plugin.cluster.lock_lost` when the token no longer holds it (released, or expired and maybe taken by another caller).
     * @permission cluster
     * @since 0.1.0
     */
    refreshLock(name: string, token: string, ttlMs?: number): Promise<ClusterLock>;
    /**
     * Releases a lock this token holds; the next waiter on this node takes it at once, those on other nodes within 250 ms.
     * @throws `plugin.cluster.lock_lost` when the token no longer held it.
     * @permission cluster
     * @since 0.1.0
     */
    unlock(name: string, token: string): Promise<void>;
  };

  /**
   * OAuth 2.0 connections of the plugin's users to an external service ("connect your GitHub
   * account"): the server keeps each authorization's `state` (bound to the plugin and the user,
   * single-use, 10 minutes) and its PKCE verifier, redirects to the plugin's own route under
   * ServiceSettings.SiteURL, and exchanges codes and refresh tokens itself — only with a `token_url`
   * on the manifest's `http_hosts`. The plugin keeps the tokens (encrypt them at rest).
   * @permission oauth
   * @since 0.1.0
   */
  oauth: {
    /**
     * Starts connecting `userId`: the URL to send the user to (with `state`, the PKCE challenge,
     * `client_id`, `scope` and `redirect_uri` = SiteURL + `/plugins/<id>` + `options.redirect_path`).
     * @param options `redirect_path` (default `/oauth/complete`), extra authorize `params`, and `data` (at most 8 KB) that complete() gives back
     * @throws `plugin.oauth.site_url_missing` without ServiceSettings.SiteURL; `plugin.http.host_not_allowed` for a token URL not on `http_hosts`.
     * @permission oauth
     * @since 0.1.0
     */
    authorizeUrl(userId: string, provider: OAuthProvider, options?: { redirect_path?: string; params?: Record<string, string>; data?: Record<string, unknown> }): Promise<{ url: string; state: string }>;
    /**
     * Completes the authorization the provider redirected back for: pass the redirect's query and
     * the user of that request (`request.user_id`). Exchanges the code for a token.
     * @param userId the user of the redirected request: must be the one who started
     * @param query the redirect's query (`code`, `state`, or `error`)
     * @returns the token and the `data` given to authorizeUrl
     * @throws `plugin.oauth.invalid_state` for an unknown, used or expired state; `plugin.oauth.state_mismatch`
     *   when another user started it; `plugin.oauth.denied` when the user or provider refused;
     *   `plugin.oauth.token_failed` when the token request failed.
     * @permission oauth
     * @since 0.1.0
     */
    complete(userId: string, query: Record<string, string>, provider: OAuthProvider): Promise<{ token: OAuthToken; data: Record<string, unknown> }>;
    /**
     * A new token for a refresh token.
     * @throws `plugin.oauth.token_failed` when the provider refuses.
     * @permission oauth
     * @since 0.1.0
     */
    refresh(provider: OAuthProvider, refreshToken: string): Promise<OAuthToken>;
  };

  /**
   * Outbound HTTP, performed by the server. Needs at least one host in `permissions.http_hosts`.
   * @permission http
   * @since 0.1.0
   */
  http: {
    /**
     * Fetches `url` (http or https) from the server, only to the manifest's `http_hosts`. Private,
     * loopback and link-local addresses are refused unless an administrator allows them in
     * ServiceSettings.AllowedUntrustedInternalConnections; the address checked is the one connected
     * to. Redirects are not followed.
     * @returns the status, headers and body, whatever the status
     * @throws `plugin.http.host_not_allowed`, `plugin.http.scheme_not_allowed`,
     *   `plugin.http.private_address` (403); `plugin.http.unresolvable_host`,
     *   `plugin.http.request_failed`, `plugin.http.response_too_large` (502);
     *   `plugin.http.timeout` (504)
     * @permission http
     * @since 0.1.0
     */
    fetch(url: string, request?: HttpFetchRequest): Promise<HttpFetchResponse>;
  };

  /**
   * Cryptography done by the server: digests, HMACs, AES-GCM encryption, RSA signatures and HS256
   * JWTs, with keys the server generates and keeps for the plugin (their secret never enters the
   * sandbox and is stored encrypted; another plugin cannot reach them, even by the same name) or with
   * a secret the plugin passes. Data travels as strings: UTF-8 text unless an `encoding` option says
   * `base64` or `hex`. Each data input is at most 1 MiB once decoded.
   * @permission crypto
   * @since 0.1.0
   */
  crypto: {
    /**
     * Generates a key on the server and keeps it, encrypted, under `name`. At most 100 keys per
     * plugin, and 2 `rsa-2048` keys a second. The plugin's keys stay when it is disabled, upgraded or
     * removed, and go when an administrator removes it with its data.
     * @param name 1 to 64 letters, digits, `_`, `.`, `:` or `-`
     * @param options `replace: true` to replace a key of that name (what it encrypted or signed no longer checks)
     * @returns the key's name, type, creation time and, for `rsa-2048`, its public key: never its secret
     * @throws `plugin.crypto.key_exists` for a name in use without `replace`; `plugin.crypto.too_many_keys`;
     *   `plugin.api.rate_limited` past 2 RSA keys a second.
     * @permission crypto
     * @since 0.1.0
     */
    generateKey(name: string, type: CryptoKeyType, options?: { replace?: boolean }): Promise<CryptoKeyInfo>;
    /**
     * The public key of an `rsa-2048` key, as PEM (SubjectPublicKeyInfo).
     * @throws `plugin.crypto.key_not_found`; `plugin.crypto.wrong_key_type` for a key of another type.
     * @permission crypto
     * @since 0.1.0
     */
    publicKey(name: string): Promise<string>;
    /**
     * The plugin's keys, by name: names, types, creation times and public keys.
     * @permission crypto
     * @since 0.1.0
     */
    listKeys(): Promise<CryptoKeyInfo[]>;
    /**
     * Deletes a key: what it encrypted can no longer be decrypted.
     * @returns true when the key existed
     * @permission crypto
     * @since 0.1.0
     */
    deleteKey(name: string): Promise<boolean>;
    /**
     * The digest of `data`, in hex unless `options.output` says otherwise.
     * @param algorithm `sha1`, `sha256` or `sha512`
     * @permission crypto
     * @since 0.1.0
     */
    hash(algorithm: 'sha1' | 'sha256' | 'sha512', data: string, options?: CryptoDataOptions): Promise<string>;
    /**
     * The HMAC of `data` with `key`, in hex unless `options.output` says otherwise: e.g. GitHub's
     * `X-Hub-Signature-256` is `sha256=` and `hmac('sha256', {secret}, request.body)`. Compare it with
     * the signature received through `timingSafeEqual`, never `===`.
     * @param algorithm `sha1` or `sha256`; a named key (`hmac-sha256`) only with `sha256`
     * @throws `plugin.crypto.key_not_found`, `plugin.crypto.wrong_key_type` for a named key.
     * @permission crypto
     * @since 0.1.0
     */
    hmac(algorithm: 'sha1' | 'sha256', key: HmacKey, data: string, options?: CryptoDataOptions): Promise<string>;
    /**
     * Whether two strings are equal (as UTF-8), in a time that does not tell where they differ, nor
     * whether their lengths do: for signatures and tokens a request presents.
     * @permission crypto
     * @since 0.1.0
     */
    timingSafeEqual(a: string, b: string): Promise<boolean>;
    /**
     * Encrypts `plaintext` (at most 512 KB) with an `aes-256-gcm` key of the plugin (a random nonce each
     * time), for secrets kept at rest (OAuth tokens in the KV store).
     * @returns an opaque URL-safe token holding a version, the nonce, the ciphertext and its tag
     * @throws `plugin.crypto.key_not_found`, `plugin.crypto.wrong_key_type`.
     * @permission crypto
     * @since 0.1.0
     */
    encrypt(keyName: string, plaintext: string, options?: CryptoCipherOptions): Promise<string>;
    /**
     * The plaintext of a token `encrypt` made with this key (and `associatedData`), UTF-8 text unless
     * `options.encoding` says `base64` or `hex`.
     * @throws `plugin.crypto.bad_token` for a token altered, truncated, made with another key or other
     *   associated data; `plugin.crypto.not_utf8` when the plaintext is not UTF-8 text (ask for
     *   `base64`); `plugin.crypto.key_not_found`, `plugin.crypto.wrong_key_type`.
     * @permission crypto
     * @since 0.1.0
     */
    decrypt(keyName: string, token: string, options?: CryptoCipherOptions): Promise<string>;
    /**
     * Signs `data` with an `rsa-2048` key of the plugin (RSASSA-PKCS1-v1_5), as OAuth 1.0a's RSA-SHA1
     * asks for Jira Server. The signature is in base64 unless `options.output` says otherwise.
     * @throws `plugin.crypto.key_not_found`, `plugin.crypto.wrong_key_type`.
     * @permission crypto
     * @since 0.1.0
     */
    sign(keyName: string, data: string, algorithm: 'RSA-SHA1' | 'RSA-SHA256', options?: CryptoDataOptions): Promise<string>;
    /**
     * Whether `signature` (base64 unless `options.signatureEncoding` says otherwise) is the RSASSA-PKCS1-v1_5
     * signature of `data` by the private half of `publicKey`; a signature that is not valid in its
     * encoding is simply false.
     * @param publicKey an RSA public key of 2048 to 8192 bits, PEM (`BEGIN PUBLIC KEY` or `BEGIN RSA PUBLIC KEY`), at most 16 KB
     * @permission crypto
     * @since 0.1.0
     */
    verify(
      publicKey: string,
      data: string,
      signature: string,
      algorithm: 'RSA-SHA1' | 'RSA-SHA256',
      options?: { encoding?: CryptoEncoding; signatureEncoding?: CryptoOutputEncoding },
    ): Promise<boolean>;
    /**
     * A JWT of `payload` signed with HS256. `iat` is set to now unless the payload has one; with
     * `expiresInSeconds` (1 to ten years), `exp` too.
     * @param payload a JSON object of at most 64 KB; `exp`, `nbf` and `iat` when given must be numbers
     * @throws `plugin.crypto.key_not_found`, `plugin.crypto.wrong_key_type` for a named key;
     *   `plugin.api.invalid_arguments` for `expiresInSeconds` with a payload that has its own `exp`.
     * @permission crypto
     * @since 0.1.0
     */
    jwtSign(payload: Record<string, unknown>, key: HmacKey, options?: { expiresInSeconds?: number }): Promise<string>;
    /**
     * The payload of an HS256 JWT signed with `key`, once its signature, `exp` and `nbf` are checked
     * (with 30 s of tolerance for clocks that differ). Only `alg: "HS256"` is accepted: `none` and
     * every other algorithm are refused, whatever the token says.
     * @throws `plugin.crypto.jwt_invalid` for a malformed token, another algorithm, a wrong signature,
     *   a `crit` header or an `nbf` still ahead; `plugin.crypto.jwt_expired` once `exp` has passed (the
     *   signature is checked first).
     * @permission crypto
     * @since 0.1.0
     */
    jwtVerify<T = Record<string, unknown>>(token: string, key: HmacKey): Promise<T>;
  };

  /**
   * Lines in the server log, as JSON with `plugin_id`. At most 100 lines a second per plugin: more
   * are dropped, and how many is logged. A message keeps its first 4096 characters; `fields` is an
   * object of at most 16 KB (the names `timestamp`, `level`, `msg`, `plugin_id` and `source` are
   * the log's own and dropped). Never log secrets or message bodies.
   * @permission log
   * @since 0.1.0
   */
  log: {
    /** A line at debug level. @permission log @since 0.1.0 */
    debug(message: string, fields?: Record<string, unknown>): Promise<void>;
    /** A line at info level. @permission log @since 0.1.0 */
    info(message: string, fields?: Record<string, unknown>): Promise<void>;
    /** A line at warn level. @permission log @since 0.1.0 */
    warn(message: string, fields?: Record<string, unknown>): Promise<void>;
    /** A line at error level. @permission log @since 0.1.0 */
    error(message: string, fields?: Record<string, unknown>): Promise<void>;
  };

  /**
   * The media service (an SFU, as Mattermost's rtcd) the server runs as its own process, or
   * connects to where it runs on its own (`serviceUrl`): calls, their participants and each
   * participant's WebRTC signalling. A call and its participants are this plugin's own: another
   * plugin's call of the same id is another call. What the service answers a participant (an SDP
   * answer or offer, an ICE candidate) comes back through the `onMediaSignal` hook, for the plugin to
   * hand to that participant's connection; who speaks, through `onMediaVoiceActivity`.
   *
   * In a cluster each node runs its own service, and a call runs on one of them: the service of the
   * node whose plugin created it. Calling these methods on any node reaches that service, and its
   * signalling and voice activity come to the plugin on that node (whose `api.websocket` events reach
   * a connection on any node). When that node stops or stops answering, another node takes the call
   * over and its plugin hears `onMediaServiceRestarted`.
   *
   * Ids (a call's, a participant's session) are 1 to 64 characters of letters, digits, `_` and `-`.
   * Refusals: `plugin.media.not_configured` (call `configure` first), `plugin.media.unavailable`
   * (503: the service is restarting; its calls were lost), `plugin.media.call.not_found`,
   * `plugin.media.call.exists`, `plugin.media.participant.not_found`,
   * `plugin.media.participant.exists`, `plugin.media.call.full` (64 participants),
   * `plugin.media.too_many_calls` (1000 a plugin), `plugin.media.signal.invalid`,
   * `plugin.media.service_url.invalid`; in a cluster also `plugin.media.host_unreachable` (503:
   * the node hosting the call did not answer) and `plugin.media.call.not_hosted_here` (409: the call
   * moved to another node meanwhile; try again).
   * @permission media
   * @since 0.1.0
   */
  media: {
    /**
     * Starts the media service with this configuration, or restarts it when the configuration
     * changed (every call's media then ends); with `serviceUrl`, connects to that service instead.
     * The service stops (or the link closes) when no running plugin configured it.
     * @permission media
     * @since 0.1.0
     */
    configure(config: MediaServiceConfig): Promise<void>;
    /** The service's state, memory and CPU use. @permission media @since 0.1.0 */
    status(): Promise<MediaServiceStatus>;
    /** Opens a call in the media service. @permission media @since 0.1.0 */
    createCall(callId: string): Promise<void>;
    /** Ends a call: every participant's connection is closed. @permission media @since 0.1.0 */
    endCall(callId: string): Promise<void>;
    /**
     * Adds a participant; its client's first SDP offer (through `signal`) makes the connection, and
     * the service then offers it the others' tracks.
     * @permission media
     * @since 0.1.0
     */
    addParticipant(callId: string, sessionId: string): Promise<void>;
    /** Removes a participant and closes its connection. @permission media @since 0.1.0 */
    removeParticipant(callId: string, sessionId: string): Promise<void>;
    /**
     * Hands the service a participant's signalling. An SDP of at most 64 KiB compressed and
     * 128 KiB inflated, a candidate of at most 2 KiB.
     * @permission media
     * @since 0.1.0
     */
    signal(callId: string, sessionId: string, signal: MediaSignal): Promise<void>;
    /** While muted, a participant's audio reaches no one (its screen share still does). @permission media @since 0.1.0 */
    setMuted(callId: string, sessionId: string, muted: boolean): Promise<void>;
  };

  /**
   * Jobs the server runs later, once or every `intervalMs`, by calling the plugin's
   * runScheduledJob hook. They are kept in the database: they survive restarts and run on one node
   * of a cluster only. Removing the plugin deletes its jobs.
   * @permission scheduler
   * @since 0.1.0
   */
  scheduler: {
    /**
     * Creates the job `key`, or replaces it (its schedule and data; a run in progress finishes first).
     * @returns the job as stored
     * @throws `plugin.scheduler.invalid_key`, `plugin.scheduler.invalid_time` (not exactly one of
     *   runAt/delayMs for a one-shot job, or more than ten years ahead), `plugin.scheduler.invalid_interval`
     *   (under 1000), `plugin.scheduler.data_too_large` (over 64 KB), `plugin.scheduler.invalid_data`,
     *   `plugin.scheduler.too_many_jobs` (over 100); `plugin.api.invalid_arguments` for a field the
     *   job does not have, so a misspelt `interval` cannot schedule a one-shot job.
     * @permission scheduler
     * @since 0.1.0
     */
    schedule(job: ScheduleJobRequest): Promise<ScheduledJob>;
    /**
     * Removes the job `key`. An occurrence already running finishes.
     * @returns true when the job existed
     * @permission scheduler
     * @since 0.1.0
     */
    cancel(key: string): Promise<boolean>;
    /**
     * The plugin's jobs, in key order.
     * @permission scheduler
     * @since 0.1.0
     */
    list(): Promise<ScheduledJob[]>;
  };
}

/** The RPC method names, `group.method` (`posts.create`): what the sandbox and the server pass. @since 0.1.0 */
export type ApiMethod = Exclude<
  {
    [G in keyof PluginAPI]: `${G & string}.${keyof PluginAPI[G] & string}`;
  }[keyof PluginAPI],
  LocalApiMethod
>;

/** Methods the sandbox composes from others instead of sending to the server. @since 0.1.0 */
export type LocalApiMethod = 'store.transaction';
