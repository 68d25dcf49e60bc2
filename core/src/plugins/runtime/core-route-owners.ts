// Core paths served by plugins: a trusted plugin's manifest may claim path prefixes
// (`permissions.core_routes`, e.g. "/hooks" for incoming webhooks), and requests under them that no
// core route serves go to that plugin's serveHttp hook. The longest claimed prefix wins, so one
// plugin can own "/hooks" and another "/hooks/commands"; an equal claim goes to the first plugin by id.
// Claims of untrusted plugins are ignored: they would let any uploaded bundle answer on paths
// Mattermost's clients and integrations trust.
import type { InstalledPlugins, PluginTrustPolicy } from './installed-plugins.ts';

export interface RouteOwner {
  pluginId: string;
  /** The claimed prefix the path fell under. */
  prefix: string;
}

export class CoreRouteOwners {
  #installed: InstalledPlugins;
  #trust: PluginTrustPolicy;

  constructor(deps: { installed: InstalledPlugins; trust: PluginTrustPolicy }) {
    this.#installed = deps.installed;
    this.#trust = deps.trust;
  }

  /** Whether `pluginId` is installed, trusted and claims core paths: the node is not ready to serve them until it runs. */
  ownsCorePaths(pluginId: string): boolean {
    const installed = this.#installed.get(pluginId);
    return (installed?.manifest.permissions.core_routes?.length ?? 0) > 0 && this.#trust.isTrusted(pluginId);
  }

  /** The installed, trusted plugin claiming `path`, whether or not it is running. */
  ownerOf(path: string): RouteOwner | undefined {
    let owner: RouteOwner | undefined;
    for (const { manifest } of this.#installed.list()) {
      const claims = manifest.permissions.core_routes;
      if (!claims || !this.#trust.isTrusted(manifest.id)) continue;
      for (const prefix of claims) {
        if (!underPrefix(path, prefix)) continue;
        if (!owner || prefix.length > owner.prefix.length) owner = { pluginId: manifest.id, prefix };
      }
    }
    return owner;
  }
}

/** `/api/v4/hooks` covers itself and `/api/v4/hooks/...`, never `/api/v4/hooksx`. */
function underPrefix(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(`${prefix}/`);
}
