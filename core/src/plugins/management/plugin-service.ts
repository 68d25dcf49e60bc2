// Plugin management, Mattermost's System Console for plugins: install (upload or URL), enable,
// disable, remove, list and statuses, for actors PermissionService grants sysconsole_write_plugins
// (changes) or sysconsole_read_plugins (listings), under Mattermost's gating settings. Also what the
// server does on its own: installing its shipped bundles, and keeping a cluster node's plugins
// those of the bundle store; and the check of per-plugin settings whenever the configuration is saved.
import type { Manifest } from '@parley/plugin-api/manifest';
import type { ConfigService } from '../../config/config-service.ts';
import type { PeerChannel } from '../../cluster/peer-channel.ts';
import type { Config } from '../../config/config-schema.ts';
import type { Logger } from '../../logger.ts';
import type { Actor } from '../../app/actor.ts';
import type { PermissionService } from '../../app/permission-service.ts';
import { AppError } from '../../errors/app-error.ts';
import type { InstalledPlugin } from '../runtime/installed-plugins.ts';
import { PluginState, type PluginSupervisor } from '../runtime/plugin-supervisor.ts';
import type { PluginJobService } from '../runtime/plugin-job-service.ts';
import { downloadPolicy } from './bundle-download.ts';
import type { BundleStore } from './bundle-store.ts';
import type { BundleSource, InstallPipeline, InstallPlan } from './install-pipeline.ts';
import type { PluginRegistry } from './plugin-registry.ts';
import { pluginSettingProblems } from './plugin-settings.ts';
import { isConfigured, settingsAwaited } from './enable-when-configured.ts';
import type { PluginAnnouncer } from './plugin-announcer.ts';
import { pluginStatuses, type WirePluginStatus } from './plugin-status.ts';
import type { StagedBundle } from './staged-bundle.ts';
import type { PluginHosts } from '@parley/sandbox';

export interface PluginServiceDeps {
  config: ConfigService;
  logger: Logger;
  permissions: Pick<PermissionService, 'requireSystem'>;
  registry: Pick<PluginRegistry, 'get' | 'list' | 'remove'>;
  pipeline: InstallPipeline;
  bundles: Pick<BundleStore, 'ids' | 'remove'>;
  /** Acts on the enabled state (sync), forgets removed plugins, reports states. */
  supervisor: Pick<PluginSupervisor, 'sync' | 'forget' | 'state'>;
  /** Warmed when an admin starts an install, so the new plugin starts in a host that is already up. */
  hosts: Pick<PluginHosts, 'prewarm'>;
  /** A removed plugin's scheduled jobs are deleted with it. */
  jobs: PluginJobService;
  /** Told when a plugin is removed (it hears of state changes from the supervisor). */
  announcer: Pick<PluginAnnouncer, 'statusesChanged'>;
  /** The other nodes of a cluster, which install and remove what an admin installs and removes here. */
  peers: PeerChannel;
  /** Deletes a plugin's data: its SQL schema and role, and the keys the server keeps for it (only when the admin removing it asks). */
  removeData: (pluginId: string) => Promise<void>;
  /** Calls a running plugin's onInstall with the administrator who installed it. */
  greetInstaller: (pluginId: string, userId: string) => void;
}

/** What an upload says besides its bundle. */
export interface UploadOptions {
  /** Replace an installed plugin of the same id. */
  force: boolean;
  /** The bundle's signature (base64), when the admin sent one. */
  signature?: string;
}

/** Mattermost's System Console permissions for plugins (system admins hold both). */
export const WRITE_PLUGINS = 'sysconsole_write_plugins';
export const READ_PLUGINS = 'sysconsole_read_plugins';
/** Mattermost's ClusterEventInstallPlugin / ClusterEventRemovePlugin. */
const PEER_INSTALLED = 'plugin.installed';
const PEER_REMOVED = 'plugin.removed';

export class PluginService {
  #deps: PluginServiceDeps;
  /** Who installed a plugin that has not run since (takeInstaller). */
  #installedBy = new Map<string, string>();

  constructor(deps: PluginServiceDeps) {
    this.#deps = deps;
    deps.config.addValidator((candidate, current) => this.#checkSettings(candidate, current));
    deps.config.onChange((next, previous) => this.#enableConfiguredPlugins(next, previous));
    deps.peers.onPeerMessage(PEER_INSTALLED, ({ plugin_id: id }) => {
      if (typeof id === 'string') this.#installFromPeer(id);
    });
    deps.peers.onPeerMessage(PEER_REMOVED, ({ plugin_id: id }) => {
      if (typeof id === 'string') this.#removeFromPeer(id);
    });
  }

  /** 403 unless `actor` holds `permission`, then 501 unless PluginSettings.Enable. */
  #requireManagement(actor: Actor, permission: string = WRITE_PLUGINS): void {
    this.#deps.permissions.requireSystem(actor, permission);
    if (!this.#deps.config.get().PluginSettings.Enable) {
      throw AppError.notImplemented('app.plugin.disabled.app_error', 'Plugins have been disabled. Set PluginSettings.Enable to true to manage plugins.');
    }
  }

  /** As requireManagement, and 501 unless uploads (and URL installs) are allowed: PluginSettings.EnableUploads. */
  #requireUploads(actor: Actor): void {
    this.#requireManagement(actor);
    if (!this.#deps.config.get().PluginSettings.EnableUploads) {
      throw AppError.notImplemented('app.plugin.upload_disabled.app_error', 'Plugin uploads are disabled. Set PluginSettings.EnableUploads to true to upload plugins.');
    }
  }

  /**
   * Stage 1 of an upload: a staging folder the caller receives the bundle into (staged.bundleFile,
   * at most staged.maxBytes) and disposes of when done, then hands to installUpload.
   */
  async stageUpload(actor: Actor): Promise<StagedBundle> {
    this.#requireUploads(actor);
    this.#prewarmHost();
    return this.#deps.pipeline.stage();
  }

  /**
   * Installs an uploaded bundle; replaces an installed version only with `force`. A signature sent
   * with it is checked, and one is required under RequirePluginSignature.
   */
  async installUpload(actor: Actor, staged: StagedBundle, { force, signature }: UploadOptions): Promise<Manifest> {
    this.#requireUploads(actor);
    const requireSignature = this.#deps.config.get().PluginSettings.RequirePluginSignature;
    const manifest = (await this.#install(staged, { origin: 'admin', replace: force ? 'always' : 'never', signature, requireSignature, share: true })) as Manifest;
    this.#rememberInstaller(manifest.id, actor.userId);
    return manifest;
  }

  /**
   * The administrator who installed the plugin, once: its onInstall hook is called with them the
   * first time it runs after the install (right away when the install enabled it).
   */
  takeInstaller(pluginId: string): string | undefined {
    const userId = this.#installedBy.get(pluginId);
    this.#installedBy.delete(pluginId);
    return userId;
  }

  /** Greets the installer now when the install left the plugin running, else on its first run (takeInstaller). */
  #rememberInstaller(pluginId: string, userId: string): void {
    if (this.#deps.supervisor.state(pluginId).state === PluginState.Running) this.#deps.greetInstaller(pluginId, userId);
    else this.#installedBy.set(pluginId, userId);
  }

  /**
   * Downloads a bundle through the server and installs it: https (http only with
   * PluginSettings.AllowInsecureDownloadURL), size-limited, never to an internal address that
   * ServiceSettings.AllowedUntrustedInternalConnections does not allow, redirects included.
   */
  async installFromUrl(actor: Actor, url: string, force: boolean): Promise<Manifest> {
    this.#requireUploads(actor);
    const parsed = URL.parse(url);
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw AppError.badRequest('app.plugin.invalid_url.app_error', 'plugin_download_url must be an http:// or https:// URL.');
    }
    const config = this.#deps.config.get();
    if (config.PluginSettings.RequirePluginSignature) {
      throw AppError.badRequest(
        'app.plugin.signature_missing.app_error',
        'PluginSettings.RequirePluginSignature is on and install_from_url carries no signature: install from the marketplace, or upload the bundle with its signature.',
      );
    }
    // Mattermost's id for every failed install_from_url download, the refused http:// included.
    const source: BundleSource = { kind: 'download', url: parsed, policy: downloadPolicy(config), failureId: 'api.plugin.install.download_failed.app_error' };
    const manifest = (await this.#receiveAndInstall(source, { origin: 'admin', replace: force ? 'always' : 'never', requireSignature: false, share: true })) as Manifest;
    this.#rememberInstaller(manifest.id, actor.userId);
    return manifest;
  }

  /**
   * Installs (or replaces) plugin `id` from a marketplace download, after checking `signature`
   * against the trusted keys, and enables it: Mattermost's one-click install. `marketplaceOrigin`
   * (the admin's PluginSettings.MarketplaceURL) is reached as configured; any other origin the
   * download leads to gets the full download policy.
   */
  async installFromMarketplace(actor: Actor, id: string, download: URL, signature: string, marketplaceOrigin: string): Promise<Manifest> {
    this.#requireManagement(actor);
    const policy = downloadPolicy(this.#deps.config.get(), [marketplaceOrigin]);
    const source: BundleSource = { kind: 'download', url: download, policy, failureId: 'app.plugin.download_failed.app_error' };
    const manifest = (await this.#receiveAndInstall(source, { origin: 'admin', replace: 'always', expectedId: id, signature, requireSignature: true, share: true })) as Manifest;
    await this.#deps.pipeline.exclusively(() => this.#setEnabled(id, true));
    this.#rememberInstaller(manifest.id, actor.userId);
    return manifest;
  }

  async enable(actor: Actor, id: string): Promise<void> {
    this.#requireManagement(actor);
    await this.#deps.pipeline.exclusively(async () => {
      this.#installed(id);
      await this.#setEnabled(id, true);
    });
  }

  async disable(actor: Actor, id: string): Promise<void> {
    this.#requireManagement(actor);
    await this.#deps.pipeline.exclusively(async () => {
      this.#installed(id);
      await this.#setEnabled(id, false);
    });
  }

  /** Removes a plugin; its SQL schema, its keys and its data go too only with `removeData` (kept by default, as Mattermost keeps plugin data). */
  async remove(actor: Actor, id: string, options: { removeData?: boolean } = {}): Promise<void> {
    this.#requireManagement(actor);
    await this.#deps.pipeline.exclusively(async () => {
      this.#installed(id);
      await this.#uninstall(id, 'everywhere');
      if (options.removeData) await this.#deps.removeData(id);
    });
    this.#deps.peers.sendToPeers({ type: PEER_REMOVED, data: { plugin_id: id } });
  }

  /** Mattermost's GET /plugins: manifests of running plugins and of the others. */
  list(actor: Actor): { active: Manifest[]; inactive: Manifest[] } {
    this.#requireManagement(actor, READ_PLUGINS);
    const active: Manifest[] = [];
    const inactive: Manifest[] = [];
    for (const { manifest } of this.#deps.registry.list()) {
      (this.#deps.supervisor.state(manifest.id).state === PluginState.Running ? active : inactive).push(manifest);
    }
    return { active, inactive };
  }

  /**
   * The UI contracts of the running plugins, for any signed-in user's web client
   * (GET /api/v4/plugins/ui): surfaces, views (with the address of each) and the media the views may use.
   */
  uiContracts(): Array<Record<string, unknown>> {
    if (!this.#deps.config.get().PluginSettings.Enable) return [];
    return this.#deps.registry
      .list()
      .filter(({ manifest }) => manifest.ui !== undefined && this.#deps.supervisor.state(manifest.id).state === PluginState.Running)
      .map(({ manifest }) => ({
        plugin_id: manifest.id,
        version: manifest.version,
        ui: { ...manifest.ui, views: (manifest.ui?.views ?? []).map((view) => ({ ...view, url: `/plugins/${manifest.id}/${view.path}` })) },
        media: manifest.permissions.media ?? [],
      }));
  }

  statuses(actor: Actor): WirePluginStatus[] {
    this.#requireManagement(actor, READ_PLUGINS);
    return pluginStatuses(this.#deps.registry, this.#deps.supervisor);
  }

  /**
   * Installs a bundle shipped with the server (Mattermost's prepackaged plugins) when the plugin is
   * installed in an older version, or is missing and an admin has not removed or disabled it; a
   * plugin seen for the first time is enabled, unless its manifest waits for settings an admin has
   * not filled in yet (`props.enable_when_configured`). Returns the manifest when it installed the bundle.
   */
  async installPrepackaged(bundleFile: string): Promise<Manifest | undefined> {
    // Each node installs the bundles it ships itself: they are not kept in the bundle store.
    const manifest = await this.#receiveAndInstall({ kind: 'file', path: bundleFile }, { origin: 'prepackaged', replace: 'shipped', requireSignature: false, share: false });
    const settings = this.#deps.config.get().PluginSettings;
    if (manifest && settings.PluginStates[manifest.id] === undefined && isConfigured(manifest, settings.Plugins[manifest.id])) {
      await this.#deps.pipeline.exclusively(() => this.#setEnabled(manifest.id, true));
    }
    return manifest;
  }

  /**
   * Enables the prepackaged plugins waiting for their settings once a saved configuration gives
   * them values, unless an admin has chosen their state meanwhile. Runs after the change (a config
   * listener must not patch the configuration itself).
   */
  #enableConfiguredPlugins(next: Readonly<Config>, previous: Readonly<Config>): void {
    for (const [id, values] of Object.entries(next.PluginSettings.Plugins)) {
      if (next.PluginSettings.PluginStates[id] !== undefined) continue;
      if (JSON.stringify(values) === JSON.stringify(previous.PluginSettings.Plugins[id])) continue;
      const installed = this.#deps.registry.get(id);
      if (installed?.origin !== 'prepackaged' || settingsAwaited(installed.manifest).length === 0) continue;
      this.#deps.pipeline
        .exclusively(async () => {
          const now = this.#deps.config.get().PluginSettings;
          const current = this.#deps.registry.get(id);
          if (!current || now.PluginStates[id] !== undefined || !isConfigured(current.manifest, now.Plugins[id])) return;
          await this.#setEnabled(id, true);
          this.#deps.logger.info('prepackaged plugin enabled: its settings are filled in', { plugin_id: id });
        })
        .catch((err: unknown) => this.#deps.logger.error('could not enable a prepackaged plugin once configured', { plugin_id: id, err }));
    }
  }

  /**
   * A cluster node starting up installs the bundles of the bundle store it lacks, or has in another
   * version: plugins installed while it was down, or before it joined (Mattermost's syncPlugins).
   */
  async syncFromBundleStore(): Promise<void> {
    if (!this.#deps.config.get().PluginSettings.Enable) return;
    for (const id of await this.#deps.bundles.ids()) {
      try {
        const manifest = await this.#installStored(id, 'other-version');
        if (manifest) this.#deps.logger.info('installed a plugin from the bundle store', { plugin_id: id, version: manifest.version });
      } catch (err) {
        this.#deps.logger.error('could not install a plugin from the bundle store', { plugin_id: id, err });
      }
    }
  }

  /** Stages 1 and 2 here, the rest in #install. */
  async #receiveAndInstall(source: BundleSource, plan: InstallPlan): Promise<Manifest | undefined> {
    // An admin's install on this node (from a URL, the marketplace): the host forks while the bundle downloads.
    if (plan.share) this.#prewarmHost();
    await using staged = await this.#deps.pipeline.stage();
    await this.#deps.pipeline.receive(staged, source);
    // Awaited here: the staging folder is removed as soon as this function returns.
    return await this.#install(staged, plan);
  }

  /**
   * The pipeline's install (an admin's rules, never and always, install or throw). The other nodes
   * are told of a shared install, and install it from the bundle store.
   */
  async #install(staged: StagedBundle, plan: InstallPlan): Promise<Manifest | undefined> {
    const manifest = await this.#deps.pipeline.install(staged, plan);
    if (manifest && plan.share) this.#deps.peers.sendToPeers({ type: PEER_INSTALLED, data: { plugin_id: manifest.id } });
    return manifest;
  }

  #installStored(id: string, replace: 'always' | 'other-version'): Promise<Manifest | undefined> {
    return this.#receiveAndInstall({ kind: 'store', pluginId: id }, { origin: 'admin', replace, expectedId: id, requireSignature: false, share: false });
  }

  /** Another node installed `id`: as in Mattermost, install the bundle it left in the bundle store. */
  #installFromPeer(id: string): void {
    if (!this.#deps.config.get().PluginSettings.Enable) return;
    this.#installStored(id, 'always').then(
      (manifest) => this.#deps.logger.info('installed a plugin another node installed', { plugin_id: id, version: manifest?.version }),
      (err: unknown) => this.#deps.logger.error('could not install a plugin another node installed: do all nodes use the same file store (FileSettings)?', { plugin_id: id, err }),
    );
  }

  #removeFromPeer(id: string): void {
    this.#deps.pipeline
      .exclusively(async () => {
        if (this.#deps.registry.get(id)) await this.#uninstall(id, 'locally');
      })
      .catch((err: unknown) => this.#deps.logger.error('could not remove a plugin another node removed', { plugin_id: id, err }));
  }

  /** Stops and deletes a plugin; its bundle in the bundle store only when removed `everywhere` (not on a peer's word). */
  async #uninstall(id: string, scope: 'everywhere' | 'locally'): Promise<void> {
    const { origin } = this.#installed(id);
    await this.#deps.supervisor.forget(id);
    await this.#deps.registry.remove(id);
    if (scope === 'everywhere') await this.#deps.bundles.remove(id);
    await this.#deps.jobs.removePlugin(id);
    this.#deps.announcer.statusesChanged();
    const states = { ...this.#deps.config.get().PluginSettings.PluginStates };
    // A removed prepackaged plugin stays removed: its disabled state stops the next start from reinstalling it.
    if (origin === 'prepackaged') states[id] = { Enable: false };
    else delete states[id];
    this.#deps.config.patch({ PluginSettings: { PluginStates: states } });
    this.#deps.logger.info('plugin removed', { plugin_id: id, scope });
  }

  #installed(id: string): InstalledPlugin {
    const installed = this.#deps.registry.get(id);
    if (!installed) throw new AppError('app.plugin.not_installed.app_error', 404, `The plugin ${id} is not installed.`, { details: `plugin_id=${id}` });
    return installed;
  }

  /** Records the plugin's state in PluginSettings.PluginStates and waits for the supervisor to act on it. */
  async #setEnabled(id: string, enable: boolean): Promise<void> {
    const states = { ...this.#deps.config.get().PluginSettings.PluginStates, [id]: { Enable: enable } };
    this.#deps.config.patch({ PluginSettings: { PluginStates: states } });
    await this.#deps.supervisor.sync(id);
  }

  /** A spare host, its isolate made with the plugins' memory limit, for the plugin being installed. */
  #prewarmHost(): void {
    this.#deps.hosts.prewarm({ memoryLimitMb: this.#deps.config.get().PluginSettings.MemoryLimitMb });
  }

  /** Refuses per-plugin settings that do not fit the installed plugin's settings_schema (only changed plugins are checked). */
  #checkSettings(candidate: Readonly<Config>, current: Readonly<Config>): void {
    for (const [id, values] of Object.entries(candidate.PluginSettings.Plugins)) {
      if (JSON.stringify(values) === JSON.stringify(current.PluginSettings.Plugins[id])) continue;
      const installed = this.#deps.registry.get(id);
      if (!installed) continue;
      const problems = pluginSettingProblems(installed.manifest.settings_schema, values);
      if (problems.length > 0) {
        throw new AppError('app.plugin.settings.invalid.app_error', 400, `Invalid settings for plugin ${id}: ${problems.join('; ')}.`, {
          details: `plugin_id=${id}`,
        });
      }
    }
  }
}
