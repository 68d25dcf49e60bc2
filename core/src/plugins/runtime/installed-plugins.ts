// What the plugin runtime needs to know of the installed plugins and asks plugin management for:
// the runtime runs plugins, management decides which are installed and which are trusted. The
// runtime imports nothing of management; management implements these (plugin-registry.ts,
// plugin-trust.ts) and the composition root hands them over.
import type { Manifest } from '@parley/plugin-api/manifest';

/** How a plugin came to be installed: shipped with the server, or by an admin (upload, URL, marketplace). */
export type PluginOrigin = 'prepackaged' | 'admin';

export interface InstalledPlugin {
  manifest: Manifest;
  /** The plugin's unpacked folder on this node (holds plugin.json). */
  path: string;
  origin: PluginOrigin;
}

export interface InstalledPlugins {
  get(pluginId: string): InstalledPlugin | undefined;
  /** Every installed plugin, by plugin id. */
  list(): InstalledPlugin[];
  /** The source of the plugin's server module. */
  serverCode(plugin: InstalledPlugin): Promise<string>;
}

/** Which plugins the core trusts with more than the plugin API: core paths, posts without the plugin budget or mark. */
export interface PluginTrustPolicy {
  isTrusted(pluginId: string): boolean;
}
