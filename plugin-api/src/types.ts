// The shapes plugins see: Mattermost's JSON (snake_case), the same a REST client gets.

/** @since 0.1.0 */
export interface Post {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  is_pinned: boolean;
  user_id: string;
  channel_id: string;
  root_id: string;
  original_id: string;
  message: string;
  type: string;
  props: Record<string, unknown>;
  hashtags: string;
  file_ids: string[];
  pending_post_id: string;
}

/** @since 0.1.0 */
export interface Channel {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  team_id: string;
  type: 'O' | 'P' | 'D' | 'G';
  display_name: string;
  name: string;
  header: string;
  purpose: string;
  creator_id: string;
}

/** @since 0.1.0 */
export interface ChannelMember {
  channel_id: string;
  user_id: string;
  roles: string;
}

/** @since 0.1.0 */
export interface User {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  username: string;
  email: string;
  nickname: string;
  first_name: string;
  last_name: string;
  roles: string;
  is_bot: boolean;
  locale: string;
}

/** @since 0.1.0 */
export interface Team {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  display_name: string;
  name: string;
  type: 'O' | 'I';
}

/** @since 0.1.0 */
export interface TeamMember {
  team_id: string;
  user_id: string;
  roles: string;
}

/** @since 0.1.0 */
export interface Reaction {
  user_id: string;
  post_id: string;
  emoji_name: string;
  create_at: number;
}

/** An uploaded file's metadata (Mattermost's FileInfo). @since 0.1.0 */
export interface FileInfo {
  id: string;
  user_id: string;
  channel_id: string;
  /** Empty until a post names the file in its file_ids. */
  post_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  name: string;
  /** Lower case, without the dot. */
  extension: string;
  size: number;
  mime_type: string;
  width: number;
  height: number;
  has_preview_image: boolean;
}

/** Who or what caused a hook call (Mattermost's plugin.Context). @since 0.1.0 */
export interface HookContext {
  /** The caller's session, when a logged-in request caused the call; empty otherwise. @since 0.1.0 */
  session_id?: string;
  /** The request's id (its `X-Request-ID`), for logs and Mattermost's error JSON; empty when no request caused the call. @since 0.1.0 */
  request_id?: string;
  /** The caller's address. @since 0.1.0 */
  ip_address?: string;
  /** The caller's User-Agent. @since 0.1.0 */
  user_agent?: string;
}

/** The arguments of a slash command (Mattermost's CommandArgs). @since 0.1.0 */
export interface CommandArgs {
  /** Who ran the command. @since 0.1.0 */
  user_id: string;
  /** The channel it was run in. @since 0.1.0 */
  channel_id: string;
  /** The channel's team (empty in a direct or group message without a team). @since 0.1.0 */
  team_id: string;
  /** The thread it was run in, or empty. @since 0.1.0 */
  root_id: string;
  /** An id for this run (Mattermost's trigger_id, e.g. for opening a dialog). @since 0.1.0 */
  trigger_id?: string;
  /** The whole command line, e.g. "/hello Ada". */
  command: string;
  /** Where clients reach the server (ServiceSettings.SiteURL, else the URL the command came in on), e.g. for response URLs. @since 0.1.0 */
  site_url?: string;
}

/** The answer to a slash command (Mattermost's CommandResponse). @since 0.1.0 */
export interface CommandResponse {
  /** `ephemeral` (the default): only the caller sees `text`; `in_channel`: posted in the channel as the caller. @since 0.1.0 */
  response_type?: 'ephemeral' | 'in_channel';
  /** The message. @since 0.1.0 */
  text?: string;
  /** Posted under this name, where the server's EnablePostUsernameOverride allows it. @since 0.1.0 */
  username?: string;
  /** Posted with this icon, where the server's EnablePostIconOverride allows it. @since 0.1.0 */
  icon_url?: string;
  /** The post's type (not a `system_` one). @since 0.1.0 */
  type?: string;
  /** The post's props. @since 0.1.0 */
  props?: Record<string, unknown>;
  /** A URL or path the client opens. @since 0.1.0 */
  goto_location?: string;
  /** Slack-style attachments, kept in `props.attachments`. @since 0.1.0 */
  attachments?: unknown[];
  /** More answers delivered after this one, in order (at most 10). @since 0.1.0 */
  extra_responses?: CommandResponse[];
  /** Post `in_channel` answers here instead of the channel the command ran in, if the caller may post there. @since 0.1.0 */
  channel_id?: string;
  /** Kept for Mattermost compatibility: Parley never rewrites an answer's text. @since 0.1.0 */
  skip_slack_parsing?: boolean;
}

/** A slash command a plugin registers (api.commands.register). @since 0.1.0 */
export interface Command {
  /** The word after the slash: 1 to 128 characters, no leading `/`, no spaces; matched without regard to case. @since 0.1.0 */
  trigger: string;
  /** The team it is registered for; empty or absent: every team. @since 0.1.0 */
  team_id?: string;
  /** At most 64 characters. @since 0.1.0 */
  display_name?: string;
  /** At most 128 characters. @since 0.1.0 */
  description?: string;
  /** Offer it in the clients' autocomplete list. @since 0.1.0 */
  auto_complete?: boolean;
  /** The autocomplete description, at most 1024 characters. @since 0.1.0 */
  auto_complete_desc?: string;
  /** The arguments shown after the trigger, e.g. `[name]`; at most 1024 characters. @since 0.1.0 */
  auto_complete_hint?: string;
  /**
   * Sub-commands and arguments suggested while the user types (Mattermost's AutocompleteData, with
   * its Go field names). A `DynamicList` argument's `FetchURL` is a path of the plugin's own routes
   * (`repos` or `/plugins/<id>/repos`): the server GETs it as the user with `user_input`, `parsed`,
   * `channel_id`, `team_id`, `root_id`, `user_id` and `site_url` in the query, and the plugin answers
   * a JSON array of `AutocompleteListItem`.
   * @since 0.1.0
   */
  autocomplete_data?: AutocompleteData;
  /** An icon beside the command's suggestions: a data URI (SVG or PNG), at most 64 KB. @since 0.1.0 */
  autocomplete_icon_data?: string;
}

/** One entry of a list argument's suggestions (Mattermost's AutocompleteListItem). @since 0.1.0 */
export interface AutocompleteListItem {
  Item: string;
  Hint?: string;
  HelpText?: string;
}

/** An argument of an autocomplete tree (Mattermost's AutocompleteArg). @since 0.1.0 */
export interface AutocompleteArg {
  /** Set for a named argument, typed as `--Name value`; empty for a positional one. @since 0.1.0 */
  Name?: string;
  HelpText?: string;
  Type: 'TextInput' | 'StaticList' | 'DynamicList';
  Required?: boolean;
  /** `{Hint, Pattern}` for TextInput, `{PossibleArguments: AutocompleteListItem[]}` for StaticList, `{FetchURL}` for DynamicList. @since 0.1.0 */
  Data: { Hint?: string; Pattern?: string } | { PossibleArguments: AutocompleteListItem[] } | { FetchURL: string };
}

/** A command or sub-command of an autocomplete tree (Mattermost's AutocompleteData): at most 500 nodes, 8 levels. @since 0.1.0 */
export interface AutocompleteData {
  /** One word: the command's trigger at the root, the sub-command's word below it. @since 0.1.0 */
  Trigger: string;
  Hint?: string;
  HelpText?: string;
  /** `system_admin`: suggested to system admins only. @since 0.1.0 */
  RoleID?: string;
  Arguments?: AutocompleteArg[];
  SubCommands?: AutocompleteData[];
}

/** An HTTP request to /plugins/{id}/..., as the plugin sees it. @since 0.1.0 */
export interface HttpRequest {
  method: string;
  /** Path below /plugins/{id}, starting with "/". */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Set only for requests made with a valid session (Mattermost's Mattermost-User-Id). */
  user_id: string;
  body: string;
}

/** A plugin's answer to an HTTP request (serveHttp, a route handler). @since 0.1.0 */
export interface HttpResponse {
  /** 200 to 599; default 200. @since 0.1.0 */
  status?: number;
  /** Hop-by-hop headers and Set-Cookie are dropped; `Content-Type` defaults to `text/plain; charset=utf-8`. @since 0.1.0 */
  headers?: Record<string, string>;
  /** The body as text; default empty. @since 0.1.0 */
  body?: string;
}

/** A WebSocket request from a client, for webSocketMessageHasBeenPosted. @since 0.1.0 */
export interface WebSocketRequest {
  /** The client's sequence number for it, a positive integer. @since 0.1.0 */
  seq: number;
  /** `custom_...`. @since 0.1.0 */
  action: string;
  /** As the client sent it; from a MessagePack frame, bin values as base64 strings. @since 0.1.0 */
  data: Record<string, unknown>;
}

/** @since 0.1.0 */
export interface PluginClusterEvent {
  id: string;
  data: string;
}

/**
 * Signalling the media service sends one participant of one of the plugin's calls: `data` is the
 * JSON text Mattermost's Calls clients take in a `signal` event (`{type: 'offer'|'answer', sdp}` or
 * `{type: 'candidate', candidate}`). @since 0.1.0
 */
export interface MediaSignalEvent {
  call_id: string;
  session_id: string;
  data: string;
}

/**
 * A participant of one of the plugin's calls started or stopped speaking, as the media service tells
 * it from the audio level of the participant's packets (RFC 6464, which clients send when the service
 * offers it): on after a fifth of a second of voice, off after a second without; a muted participant
 * is never speaking. @since 0.1.0
 */
export interface MediaVoiceEvent {
  call_id: string;
  session_id: string;
  speaking: boolean;
}

/** Where a click on an attachment action is sent (Mattermost's PostActionIntegration); clients never see it. @since 0.1.0 */
export interface PostActionIntegration {
  /** The plugin's own route (`/plugins/<id>/...`) or an http(s) URL. @since 0.1.0 */
  url: string;
  /** Sent back with every click, as `context`: the integration's own data. @since 0.1.0 */
  context?: Record<string, unknown>;
}

/**
 * A button or select in `props.attachments[].actions` of a post (Mattermost's PostAction). The
 * server gives each action an `id` when the post is saved, unless it has one of letters and digits.
 * @since 0.1.0
 */
export interface PostAction {
  id?: string;
  /** `button` (the default) or `select`. @since 0.1.0 */
  type?: 'button' | 'select';
  /** The button's label, or the select's placeholder. @since 0.1.0 */
  name: string;
  disabled?: boolean;
  /** `default`, `primary`, `success`, `good`, `warning`, `danger` or a hex colour. @since 0.1.0 */
  style?: string;
  /** A select of `users` or `channels`; else it offers `options`. @since 0.1.0 */
  data_source?: 'users' | 'channels';
  options?: Array<{ text: string; value: string }>;
  default_option?: string;
  integration: PostActionIntegration;
}

/** What the server POSTs to an action's integration when a user clicks it (Mattermost's PostActionIntegrationRequest). @since 0.1.0 */
export interface PostActionIntegrationRequest {
  user_id: string;
  user_name: string;
  channel_id: string;
  channel_name: string;
  team_id: string;
  team_domain: string;
  post_id: string;
  /** Opens a dialog for this user: api.dialogs.open, within ServiceSettings.OutgoingIntegrationRequestsTimeout. @since 0.1.0 */
  trigger_id: string;
  type: string;
  data_source: string;
  /** The action's `integration.context`, plus `selected_option` for a select. @since 0.1.0 */
  context?: Record<string, unknown>;
}

/** An integration's answer to a click (Mattermost's PostActionIntegrationResponse); every field optional. @since 0.1.0 */
export interface PostActionIntegrationResponse {
  /**
   * The post's new version: its `message` replaces the post's (absent: emptied), its `props` the
   * post's when given (the marks of who wrote it are kept).
   * @since 0.1.0
   */
  update?: { message?: string; props?: Record<string, unknown> | null };
  /** Shown to the clicking user only. @since 0.1.0 */
  ephemeral_text?: string;
  /** Keep Slack's `<url|text>` markup in ephemeral_text as it is. @since 0.1.0 */
  skip_slack_parsing?: boolean;
  /** A URL or path the user's client opens. @since 0.1.0 */
  goto_location?: string;
}

/** One field of an interactive dialog (Mattermost's DialogElement). @since 0.1.0 */
export interface DialogElement {
  /** The label, at most 24 characters. @since 0.1.0 */
  display_name: string;
  /** The key of the value in the submission; unique in the dialog. @since 0.1.0 */
  name: string;
  type: 'text' | 'textarea' | 'select' | 'radio' | 'bool' | 'date' | 'datetime';
  /** For text and textarea: `text`, `email`, `number`, `tel`, `url`, `password`. @since 0.1.0 */
  subtype?: string;
  default?: string;
  placeholder?: string;
  help_text?: string;
  optional?: boolean;
  min_length?: number;
  max_length?: number;
  /** For selects: `users`, `channels`, or `dynamic` (with data_source_url). @since 0.1.0 */
  data_source?: string;
  data_source_url?: string;
  options?: Array<{ text: string; value: string }>;
  multiselect?: boolean;
}

/** An interactive dialog (Mattermost's Dialog). @since 0.1.0 */
export interface Dialog {
  /** Sent back with the submission. @since 0.1.0 */
  callback_id?: string;
  /** At most 24 characters. @since 0.1.0 */
  title: string;
  introduction_text?: string;
  icon_url?: string;
  elements?: DialogElement[];
  submit_label?: string;
  /** Tell the integration when the user closes the dialog without submitting (`cancelled: true`). @since 0.1.0 */
  notify_on_cancel?: boolean;
  /** Sent back with the submission: the integration's own data. @since 0.1.0 */
  state?: string;
}

/** What the server POSTs to a dialog's URL when the user submits or cancels it (Mattermost's SubmitDialogRequest). @since 0.1.0 */
export interface SubmitDialogRequest {
  type: 'dialog_submission';
  callback_id: string;
  state: string;
  user_id: string;
  channel_id: string;
  team_id: string;
  /** The elements' values by name. @since 0.1.0 */
  submission: Record<string, unknown>;
  cancelled: boolean;
}

/** The integration's answer to a submission (Mattermost's SubmitDialogResponse); empty closes the dialog. @since 0.1.0 */
export interface SubmitDialogResponse {
  /** Shown at the bottom of the dialog, which stays open. @since 0.1.0 */
  error?: string;
  /** Shown under the fields they name, which stay open. @since 0.1.0 */
  errors?: Record<string, string>;
}
