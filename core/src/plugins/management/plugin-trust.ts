// Which plugins the core trusts with more than the plugin API: serving core paths their manifest
// claims (`permissions.core_routes`, e.g. webhooks and slash commands) and posting without the
// plugin post budget or the `from_plugin` mark, so that the features they carry look exactly like
// Mattermost's. Trusted: plugins installed from the server's own prepackaged bundles, and plugins
// an admin lists in PluginSettings.TrustedPlugins.
import type { ConfigService } from '../../config/config-service.ts';
import type { InstalledPlugins, PluginTrustPolicy } from '../runtime/installed-plugins.ts';

export class PluginTrust implements PluginTrustPolicy {
  #registry: Pick<InstalledPlugins, 'get'>;
  #config: ConfigService;

  constructor(deps: { registry: Pick<InstalledPlugins, 'get'>; config: ConfigService }) {
    this.#registry = deps.registry;
    this.#config = deps.config;
  }

  isTrusted(pluginId: string): boolean {
    return this.#registry.get(pluginId)?.origin === 'prepackaged' || this.#config.get().PluginSettings.TrustedPlugins.includes(pluginId);
  }
}
