// Tells WebSocket clients how the plugins fare, with Mattermost's events: plugin_statuses_changed
// (every plugin's status, as GET /plugins/statuses reports it) to system admins only, whenever a
// reported status changes — install, enable, disable, removal, crash, restart, FailedToStayRunning;
// plugin_enabled and plugin_disabled (the client manifest) to everyone when a plugin with a webapp
// part is started or stopped on purpose, as Mattermost tells its web app to load or drop a bundle;
// and, Parley's own, plugin_ui_changed to everyone when a plugin with a `ui` contract starts or stops,
// so web clients draw or drop its surfaces (GET /plugins/ui) without a reload. A plugin with `ui` but no
// webapp gets no plugin_enabled: Mattermost's web app would try to load a bundle that does not exist.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Manifest } from '@parley/plugin-api/manifest';
import type { EventBus } from '../../cluster/event-bus.ts';
import type { ConfigService } from '../../config/config-service.ts';
import type { Logger } from '../../logger.ts';
import type { InstalledPlugin, InstalledPlugins } from '../runtime/installed-plugins.ts';
import { PluginState, type PluginSupervisor, type SupervisorObserver } from '../runtime/plugin-supervisor.ts';
import { pluginStatuses } from './plugin-status.ts';

export interface PluginAnnouncerDeps {
  events: EventBus;
  registry: InstalledPlugins;
  supervisor: PluginSupervisor;
  config: ConfigService;
  logger: Logger;
}

/** Mattermost's ContainsSensitiveData: statuses carry paths and errors, for system admins only. */
const STATUSES_PERMISSION = 'manage_system';

export class PluginAnnouncer implements SupervisorObserver {
  #deps: PluginAnnouncerDeps;
  /** What the last plugin_statuses_changed said, so an unchanged report is not sent again. */
  #lastStatuses = '';
  /** The client manifests of the webapp plugins clients were told are enabled. */
  #enabled = new Map<string, ClientManifest>();
  /** The plugins with a `ui` contract clients were told are running. */
  #drawn = new Set<string>();

  constructor(deps: PluginAnnouncerDeps) {
    this.#deps = deps;
    deps.supervisor.observe(this);
  }

  changed(): void {
    this.statusesChanged();
  }

  /** Sends the statuses to system admins when they differ from the last ones sent. */
  statusesChanged(): void {
    // Mattermost has no statuses to report while plugins are off (GET /plugins/statuses is a 501).
    if (!this.#deps.config.get().PluginSettings.Enable) return;
    const statuses = pluginStatuses(this.#deps.registry, this.#deps.supervisor);
    const report = JSON.stringify(statuses);
    if (report === this.#lastStatuses) return;
    this.#lastStatuses = report;
    this.#deps.events.publish({ event: 'plugin_statuses_changed', data: { plugin_statuses: statuses }, broadcast: { system_permission: STATUSES_PERMISSION } });
  }

  activated(pluginId: string): void {
    const installed = this.#deps.registry.get(pluginId);
    if (installed?.manifest.ui) {
      this.#drawn.add(pluginId);
      this.#uiChanged(pluginId, true);
    }
    if (!installed?.manifest.webapp) return;
    clientManifest(installed)
      .then((manifest) => {
        // It may have stopped while its bundle was read; then there is nothing to announce.
        if (this.#deps.supervisor.state(pluginId).state !== PluginState.Running) return;
        this.#enabled.set(pluginId, manifest);
        this.#deps.events.publish({ event: 'plugin_enabled', data: { manifest }, broadcast: {} });
      })
      .catch((err: unknown) => this.#deps.logger.error('announcing an enabled plugin failed', { plugin_id: pluginId, err }));
  }

  deactivated(pluginId: string): void {
    if (this.#drawn.delete(pluginId)) this.#uiChanged(pluginId, false);
    const manifest = this.#enabled.get(pluginId);
    if (!manifest) return;
    this.#enabled.delete(pluginId);
    this.#deps.events.publish({ event: 'plugin_disabled', data: { manifest }, broadcast: {} });
  }

  #uiChanged(pluginId: string, running: boolean): void {
    this.#deps.events.publish({ event: 'plugin_ui_changed', data: { plugin_id: pluginId, running }, broadcast: {} });
  }
}

type ClientManifest = Omit<Manifest, 'description' | 'server' | 'permissions'>;

/**
 * Mattermost's Manifest.ClientManifest: no name, description or server part, and the webapp bundle
 * at `/static/<id>/<id>_<hash>_bundle.js`, the hash changing with the bundle's content. Parley's
 * permissions stay on the server too. Parley serves no file at that path (it runs no webapp bundles).
 */
async function clientManifest({ manifest, path: folder }: InstalledPlugin): Promise<ClientManifest> {
  const { description: _description, server: _server, permissions: _permissions, ...client } = manifest;
  const bundlePath = manifest.webapp?.bundle_path ?? '';
  const bundle = await readFile(path.join(folder, bundlePath)).catch(() => Buffer.alloc(0));
  const hash = createHash('sha256').update(bundle).digest('hex').slice(0, 16);
  return { ...client, name: '', webapp: { bundle_path: `/static/${manifest.id}/${manifest.id}_${hash}_bundle.js` } };
}
