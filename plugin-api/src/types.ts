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
  session_id?: string;
  request_id?: string;
  ip_address?: string;
  user_agent?: string;
}

/** The arguments of a slash command (Mattermost's CommandArgs). @since 0.1.0 */
export interface CommandArgs {
  user_id: string;
  channel_id: string;
  team_id: string;
  root_id: string;
  trigger_id?: string;
  /** The whole command line, e.g. "/hello Ada". */
  command: string;
  /** Where clients reach the server (ServiceSettings.SiteURL, else the URL the command came in on), e.g. for response URLs. @since 0.1.0 */
  site_url?: string;
}

/** @since 0.1.0 */
export interface CommandResponse {
  response_type?: 'ephemeral' | 'in_channel';
  text?: string;
  username?: string;
  icon_url?: string;
  type?: string;
  props?: Record<string, unknown>;
  goto_location?: string;
  attachments?: unknown[];
  extra_responses?: CommandResponse[];
  /** Post `in_channel` answers here instead of the channel the command ran in, if the caller may post there. @since 0.1.0 */
  channel_id?: string;
  /** Kept for Mattermost compatibility: Parley never rewrites an answer's text. @since 0.1.0 */
  skip_slack_parsing?: boolean;
}

/** A slash command a plugin registers. @since 0.1.0 */
export interface Command {
  trigger: string;
  team_id?: string;
  display_name?: string;
  description?: string;
  auto_complete?: boolean;
  auto_complete_desc?: string;
  auto_complete_hint?: string;
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

/** @since 0.1.0 */
export interface HttpResponse {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
}

/** A WebSocket request from a client, for webSocketMessageHasBeenPosted. @since 0.1.0 */
export interface WebSocketRequest {
  seq: number;
  action: string;
  data: Record<string, unknown>;
}

/** @since 0.1.0 */
export interface PluginClusterEvent {
  id: string;
  data: string;
}
