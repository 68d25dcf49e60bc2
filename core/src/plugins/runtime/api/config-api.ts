// config.*: the plugin's own settings, PluginSettings.Plugins[id], over its settings_schema defaults,
// and the server's configuration without its secrets.
import type { Manifest } from '@parley/plugin-api';
import { allSettings } from '@parley/plugin-api/manifest';
import type { ApiDeps, ApiGroup } from './api-group.ts';

const MAX_SETTINGS_BYTES = 64 * 1024;

export function configApi({ config }: ApiDeps): ApiGroup<'config'> {
  return {
    async get(call) {
      return { ...settingDefaults(call.manifest), ...(config.get().PluginSettings.Plugins[call.manifest.id] ?? {}) };
    },
    async save(call) {
      const settings = call.args.object(0, 'settings', { maxBytes: MAX_SETTINGS_BYTES });
      // Plugins is one setting of its section: patch it whole, with only this plugin's entry changed.
      const plugins = { ...config.get().PluginSettings.Plugins, [call.manifest.id]: settings };
      config.patch({ PluginSettings: { Plugins: plugins } });
      return null;
    },
    async getServerConfig() {
      // Other plugins' settings may hold their secrets: a plugin sees only its own, through get().
      const { PluginSettings: { Plugins: _others, ...pluginSettings }, ...sections } = config.sanitized();
      return { ...sections, PluginSettings: pluginSettings };
    },
  };
}

export function settingDefaults(manifest: Manifest): Record<string, unknown> {
  const defaults: Record<string, unknown> = {};
  for (const setting of allSettings(manifest.settings_schema)) if (setting.default !== undefined) defaults[setting.key] = setting.default;
  return defaults;
}
