// Plugin management for system admins: install (upload or URL), enable, disable, remove, list and
// statuses, with Mattermost's gating settings; and the check of per-plugin settings against each
// plugin's settings_schema whenever the configuration is saved.
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import { checkServerCompatibility, ManifestError, type Manifest } from '@parley/plugin-api/manifest';
import type { ConfigService } from '../config/config-service.ts';
import type { PeerChannel } from '../cluster/peer-channel.ts';
import type { Config } from '../config/config-schema.ts';
import type { Logger } from '../logger.ts';
import { AppError } from '../errors/app-error.ts';
import { SERVER_VERSION } from '../version.ts';
import { downloadBundle, downloadPolicy } from './bundle-download.ts';
import type { InstalledPlugin, PluginOrigin, PluginRegistry } from './plugin-registry.ts';
import { PluginState, type PluginSupervisor } from './plugin-supervisor.ts';
import { pluginSettingProblems } from './plugin-settings.ts';
import type { PluginJobService } from './plugin-job-service.ts';
import type { PluginAnnouncer } from './plugin-announcer.ts';
import { pluginStatuses, type WirePluginStatus } from './plugin-status.ts';
import type { PluginSignatures } from './plugin-signatures.ts';

/**
 * Writes the bundle to `file` (at most `maxBytes`), says whether an installed version may be
 * replaced, and hands over the bundle's signature (base64) when the admin sent one.
 */
export type BundleReceiver = (file: string, maxBytes: number) => Promise<{ force: boolean; signature?: string }>;

export interface PluginServiceDeps {
  config: ConfigService;
  logger: Logger;
  registry: PluginRegistry;
  supervisor: PluginSupervisor;
  /** A removed plugin's scheduled jobs are deleted with it. */
  jobs: PluginJobService;
  /** Told when a plugin is installed or removed (it hears of state changes from the supervisor). */
  announcer: PluginAnnouncer;
  /** The other nodes of a cluster, which install and remove what an admin installs and removes here. */
  peers: PeerChannel;
  /** Checks bundle signatures against the trusted keys before a bundle is unpacked. */
  signatures: PluginSignatures;
}

/** Mattermost's ClusterEventInstallPlugin / ClusterEventRemovePlugin. */
const PEER_INSTALLED = 'plugin.installed';
const PEER_REMOVED = 'plugin.removed';

export class PluginService {
  #deps: PluginServiceDeps;
  /** Installs, removals, enables and disables run one at a time. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(deps: PluginServiceDeps) {
    this.#deps = deps;
    deps.config.addValidator((candidate, current) => this.#checkSettings(candidate, current));
    deps.peers.onPeerMessage(PEER_INSTALLED, ({ plugin_id: id }) => {
      if (typeof id === 'string') this.#installFromPeer(id);
    });
    deps.peers.onPeerMessage(PEER_REMOVED, ({ plugin_id: id }) => {
      if (typeof id === 'string') this.#removeFromPeer(id);
    });
  }

  /** 501 unless PluginSettings.Enable. */
  #requireEnabled(): void {
    if (!this.#deps.config.get().PluginSettings.Enable) {
      throw AppError.notImplemented('app.plugin.disabled.app_error', 'Plugins have been disabled. Set PluginSettings.Enable to true to manage plugins.');
    }
  }

  /** 501 unless uploads (and URL installs) are allowed: PluginSettings.EnableUploads. */
  #requireUploads(): void {
    this.#requireEnabled();
    if (!this.#deps.config.get().PluginSettings.EnableUploads) {
      throw AppError.notImplemented('app.plugin.upload_disabled.app_error', 'Plugin uploads are disabled. Set PluginSettings.EnableUploads to true to upload plugins.');
    }
  }

  /**
   * Installs a bundle the receiver writes; replaces an installed version only when it says `force`.
   * A signature sent with it is checked, and one is required under RequirePluginSignature.
   */
  async install(receive: BundleReceiver): Promise<Manifest> {
    this.#requireUploads();
    const installed = await this.#install('admin', async (file, maxBytes) => {
      const { force, signature } = await receive(file, maxBytes);
      if (signature !== undefined || this.#deps.config.get().PluginSettings.RequirePluginSignature) await this.#deps.signatures.verify(file, signature);
      return (incoming, current) => {
        if (current && !force) throw AppError.badRequest('app.plugin.install_id.app_error', `A plugin with the id ${incoming.id} is already installed; install with force to replace it.`);
        return true;
      };
    });
    this.#deps.peers.sendToPeers({ type: PEER_INSTALLED, data: { plugin_id: (installed as Manifest).id } });
    return installed as Manifest;
  }

  /**
   * Another node installed `id`: as in Mattermost, install the bundle it left in the shared file store.
   * Each node installs its prepackaged plugins itself, so only admin installs travel.
   */
  #installFromPeer(id: string): void {
    if (!this.#deps.config.get().PluginSettings.Enable) return;
    this.#installStored(id, () => true).then(
      (manifest) => this.#deps.logger.info('installed a plugin another node installed', { plugin_id: id, version: manifest?.version }),
      (err: unknown) =>
        this.#deps.logger.error('could not install a plugin another node installed: is FileSettings.Directory shared by every node?', { plugin_id: id, err }),
    );
  }

  /**
   * A cluster node starting up installs the bundles of the shared file store it lacks, or has in
   * another version: plugins installed while it was down, or before it joined (Mattermost's syncPlugins).
   */
  async syncFromFileStore(): Promise<void> {
    if (!this.#deps.config.get().PluginSettings.Enable) return;
    for (const id of await this.#deps.registry.storedBundleIds()) {
      try {
        const manifest = await this.#installStored(id, (incoming, current) => incoming.version !== current?.version);
        if (manifest) this.#deps.logger.info('installed a plugin from the shared file store', { plugin_id: id, version: manifest.version });
      } catch (err) {
        this.#deps.logger.error('could not install a plugin from the shared file store', { plugin_id: id, err });
      }
    }
  }

  #installStored(id: string, mayReplace: (incoming: Manifest, current?: Manifest) => boolean): Promise<Manifest | undefined> {
    const stored = this.#deps.registry.storedBundlePath(id);
    if (path.basename(stored) !== `${id}.tar.gz`) return Promise.resolve(undefined); // not an id: a path
    return this.#install('admin', async (file) => {
      await copyFile(stored, file);
      return (incoming, current) => incoming.id === id && mayReplace(incoming, current);
    });
  }

  #removeFromPeer(id: string): void {
    this.#serially(async () => {
      if (this.#deps.registry.get(id)) await this.#uninstall(id, 'locally');
    }).catch((err: unknown) => this.#deps.logger.error('could not remove a plugin another node removed', { plugin_id: id, err }));
  }

  /**
   * Installs a bundle shipped with the server (Mattermost's prepackaged plugins) when the plugin is
   * installed in an older version, or is missing and an admin has not removed or disabled it; a
   * plugin seen for the first time is enabled. Returns the manifest when it installed the bundle.
   */
  async installPrepackaged(bundleFile: string): Promise<Manifest | undefined> {
    const states = () => this.#deps.config.get().PluginSettings.PluginStates;
    const manifest = await this.#install('prepackaged', async (file) => {
      await copyFile(bundleFile, file);
      return (incoming, current) => (current ? semver.gt(incoming.version, current.version) : states()[incoming.id]?.Enable !== false);
    });
    if (manifest && states()[manifest.id] === undefined) await this.enable(manifest.id);
    return manifest;
  }

  /**
   * The one install path. `receive` writes the bundle and says whether it may replace the installed
   * version of the same id (it may refuse by throwing); the plugin is (re)started when enabled.
   */
  async #install(origin: PluginOrigin, receive: (file: string, maxBytes: number) => Promise<(incoming: Manifest, current?: Manifest) => boolean>): Promise<Manifest | undefined> {
    const registry = this.#deps.registry;
    return registry.withStaging(async (staging) => {
      const archive = path.join(staging, 'bundle.tar.gz');
      const mayReplace = await receive(archive, registry.limits.maxCompressedBytes);
      const bundle = await registry.unpack(archive, staging);
      try {
        checkServerCompatibility(bundle.manifest, SERVER_VERSION);
      } catch (err) {
        if (err instanceof ManifestError) throw AppError.badRequest('app.plugin.min_server_version.app_error', err.message);
        throw err;
      }
      const id = bundle.manifest.id;
      return this.#serially(async () => {
        if (!mayReplace(bundle.manifest, registry.get(id)?.manifest)) return undefined;
        await this.#deps.supervisor.replace(id, async () => {
          try {
            await registry.commit(bundle, archive, staging, origin);
            this.#deps.logger.info('plugin installed', { plugin_id: id, version: bundle.manifest.version, origin });
          } finally {
            this.#deps.announcer.statusesChanged();
          }
        });
        return bundle.manifest;
      });
    });
  }

  /**
   * Downloads a bundle through the server and installs it: https (http only with
   * PluginSettings.AllowInsecureDownloadURL), size-limited, never to an internal address that
   * ServiceSettings.AllowedUntrustedInternalConnections does not allow, redirects included.
   */
  async installFromUrl(url: string, force: boolean): Promise<Manifest> {
    this.#requireUploads();
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
    const source = { url: parsed, policy: downloadPolicy(config), failureId: 'api.plugin.install.download_failed.app_error' };
    return this.install(async (file, maxBytes) => {
      await downloadBundle(source, file, maxBytes);
      return { force };
    });
  }

  /**
   * Installs (or replaces) plugin `id` from a marketplace download, after checking `signature`
   * against the trusted keys, and enables it: Mattermost's one-click install. `marketplaceOrigin`
   * (the admin's PluginSettings.MarketplaceURL) is reached as configured; any other origin the
   * download leads to gets the full download policy.
   */
  async installFromMarketplace(id: string, download: URL, signature: string, marketplaceOrigin: string): Promise<Manifest> {
    this.#requireEnabled();
    const source = { url: download, policy: downloadPolicy(this.#deps.config.get(), [marketplaceOrigin]), failureId: 'app.plugin.download_failed.app_error' };
    const manifest = await this.#install('admin', async (file, maxBytes) => {
      await downloadBundle(source, file, maxBytes);
      await this.#deps.signatures.verify(file, signature);
      return (incoming) => {
        if (incoming.id !== id) throw AppError.badRequest('app.plugin.marketplace_id_mismatch.app_error', `The marketplace's bundle for ${id} holds the plugin ${incoming.id}.`);
        return true;
      };
    });
    this.#deps.peers.sendToPeers({ type: PEER_INSTALLED, data: { plugin_id: id } });
    await this.enable(id);
    return manifest as Manifest;
  }

  async enable(id: string): Promise<void> {
    this.#requireEnabled();
    await this.#serially(async () => {
      this.#installed(id);
      this.#setEnabled(id, true);
      await this.#deps.supervisor.start(id);
    });
  }

  async disable(id: string): Promise<void> {
    this.#requireEnabled();
    await this.#serially(async () => {
      this.#installed(id);
      this.#setEnabled(id, false);
      await this.#deps.supervisor.stop(id);
    });
  }

  async remove(id: string): Promise<void> {
    this.#requireEnabled();
    await this.#serially(async () => {
      this.#installed(id);
      await this.#uninstall(id, 'everywhere');
    });
    this.#deps.peers.sendToPeers({ type: PEER_REMOVED, data: { plugin_id: id } });
  }

  /** Stops and deletes a plugin; its bundle in the shared file store only when removed `everywhere` (not by a peer's word). */
  async #uninstall(id: string, scope: 'everywhere' | 'locally'): Promise<void> {
    const { origin } = this.#installed(id);
    await this.#deps.supervisor.forget(id);
    await this.#deps.registry.remove(id, { keepStoredBundle: scope === 'locally' });
    await this.#deps.jobs.removePlugin(id);
    this.#deps.announcer.statusesChanged();
    const states = { ...this.#deps.config.get().PluginSettings.PluginStates };
    // A removed prepackaged plugin stays removed: its disabled state stops the next start from reinstalling it.
    if (origin === 'prepackaged') states[id] = { Enable: false };
    else delete states[id];
    this.#deps.config.patch({ PluginSettings: { PluginStates: states } });
    this.#deps.logger.info('plugin removed', { plugin_id: id, scope });
  }

  /** Mattermost's GET /plugins: manifests of running plugins and of the others. */
  list(): { active: Manifest[]; inactive: Manifest[] } {
    this.#requireEnabled();
    const active: Manifest[] = [];
    const inactive: Manifest[] = [];
    for (const { manifest } of this.#deps.registry.list()) {
      (this.#deps.supervisor.state(manifest.id).state === PluginState.Running ? active : inactive).push(manifest);
    }
    return { active, inactive };
  }

  statuses(): WirePluginStatus[] {
    this.#requireEnabled();
    return pluginStatuses(this.#deps.registry, this.#deps.supervisor);
  }

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => {});
    return run;
  }

  #installed(id: string): InstalledPlugin {
    const installed = this.#deps.registry.get(id);
    if (!installed) throw new AppError('app.plugin.not_installed.app_error', 404, `The plugin ${id} is not installed.`, { details: `plugin_id=${id}` });
    return installed;
  }

  #setEnabled(id: string, enable: boolean): void {
    const states = { ...this.#deps.config.get().PluginSettings.PluginStates, [id]: { Enable: enable } };
    this.#deps.config.patch({ PluginSettings: { PluginStates: states } });
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
