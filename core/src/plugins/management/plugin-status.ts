// Mattermost's PluginStatus of every installed plugin on this node, as GET /plugins/statuses and
// the plugin_statuses_changed event report it.
import type { InstalledPlugins } from '../runtime/installed-plugins.ts';
import { PluginState, type PluginSupervisor } from '../runtime/plugin-supervisor.ts';

/** Mattermost's PluginStatus. */
export interface WirePluginStatus {
  plugin_id: string;
  cluster_id: string;
  plugin_path: string;
  state: number;
  error: string;
  name: string;
  description: string;
  version: string;
}

export function pluginStatuses(registry: Pick<InstalledPlugins, 'list'>, supervisor: Pick<PluginSupervisor, 'state'>): WirePluginStatus[] {
  return registry.list().map(({ manifest, path: pluginPath }) => {
    const { state, error } = supervisor.state(manifest.id);
    return {
      plugin_id: manifest.id,
      cluster_id: '',
      plugin_path: pluginPath,
      // Starting and Stopping are internal; Mattermost never reports them.
      state: state === PluginState.Starting || state === PluginState.Stopping ? PluginState.NotRunning : state,
      error,
      name: manifest.name,
      description: manifest.description ?? '',
      version: manifest.version,
    };
  });
}
