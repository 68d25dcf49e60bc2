// The plugin manifest (plugin.json): Mattermost's fields where they exist, plus what a sandbox
// needs — the server module and the permissions the plugin asks for.

/** A setting type of Mattermost's settings_schema. @since 0.1.0 */
export type SettingType = 'bool' | 'dropdown' | 'generated' | 'radio' | 'text' | 'longtext' | 'number' | 'username' | 'custom';

/** One plugin setting shown in the System Console. @since 0.1.0 */
export interface PluginSetting {
  key: string;
  display_name?: string;
  type: SettingType;
  help_text?: string;
  placeholder?: string;
  default?: unknown;
  options?: Array<{ display_name: string; value: string }>;
  secret?: boolean;
}

/** @since 0.1.0 */
export interface SettingsSchema {
  header?: string;
  footer?: string;
  settings?: PluginSetting[];
}

/**
 * API groups a plugin may call; each is granted only when the manifest asks for it.
 * @since 0.1.0
 */
export type PermissionGroup = 'posts' | 'channels' | 'users' | 'teams' | 'bots' | 'commands' | 'kv' | 'config' | 'websocket' | 'cluster' | 'http' | 'log' | 'scheduler';

/** What the plugin may do: API groups and the hosts its outbound HTTP may reach. @since 0.1.0 */
export interface PluginPermissions {
  api: PermissionGroup[];
  /** Host names (optionally with :port, or `*.example.com`) outbound HTTP may reach. */
  http_hosts?: string[];
  /** Prepackaged or admin-trusted plugins may claim core paths (webhooks, slash commands). */
  core_routes?: string[];
}

/** plugin.json. @since 0.1.0 */
export interface Manifest {
  id: string;
  name: string;
  description?: string;
  version: string;
  min_server_version?: string;
  homepage_url?: string;
  support_url?: string;
  release_notes_url?: string;
  icon_path?: string;
  server?: {
    /** The ES module built by `parley-plugin build`, relative to the bundle root. */
    executable: string;
  };
  settings_schema?: SettingsSchema;
  permissions: PluginPermissions;
  props?: Record<string, unknown>;
}
