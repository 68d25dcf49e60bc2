// Plugin management for system admins: install (upload or URL), enable, disable, remove, list and
// statuses, with Mattermost's gating settings; and the check of per-plugin settings against each
// plugin's settings_schema whenever the configuration is saved.
import path from 'node:path';
import { checkServerCompatibility, ManifestError, type Manifest } from '@parley/plugin-api/manifest';
import type { ConfigService } from '../config/config-service.ts';
import type { Config } from '../config/config-schema.ts';
import type { Logger } from '../logger.ts';
import { AppError } from '../app/app-error.ts';
import { SERVER_VERSION } from '../version.ts';
import { downloadBundle } from './bundle-download.ts';
import type { PluginRegistry } from './plugin-registry.ts';
import { PluginState, type PluginSupervisor } from './plugin-supervisor.ts';
import { pluginSettingProblems } from './plugin-settings.ts';

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

/** Writes the bundle to `file` (at most `maxBytes`) and says whether an installed version may be replaced. */
export type BundleReceiver = (file: string, maxBytes: number) => Promise<{ force: boolean }>;

export interface PluginServiceDeps {
  config: ConfigService;
  logger: Logger;
  registry: PluginRegistry;
  supervisor: PluginSupervisor;
}

export class PluginService {
  #deps: PluginServiceDeps;
  /** Installs, removals, enables and disables run one at a time. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(deps: PluginServiceDeps) {
    this.#deps = deps;
    deps.config.addValidator((candidate, current) => this.#checkSettings(candidate, current));
  }

  /** 501 unless PluginSettings.Enable. */
  #requireEnabled(): void {
    if (!this.#deps.config.get().PluginSettings.Enable) {
      throw AppError.notImplemented('app.plugin.disabled.app_error', 'Plugins have been disabled. Set PluginSettings.Enable to true to manage plugins.');
    }
  }

  /** 501 unless uploads (and URL installs) are allowed: EnableUploads on, no signature required. */
  #requireUploads(): void {
    this.#requireEnabled();
    const settings = this.#deps.config.get().PluginSettings;
    if (!settings.EnableUploads) {
      throw AppError.notImplemented('app.plugin.upload_disabled.app_error', 'Plugin uploads are disabled. Set PluginSettings.EnableUploads to true to upload plugins.');
    }
    if (settings.RequirePluginSignature) {
      throw AppError.notImplemented(
        'app.plugin.upload_disabled.app_error',
        'Plugin uploads are disabled because PluginSettings.RequirePluginSignature is on and uploaded bundles carry no signature.',
      );
    }
  }

  /** Installs a bundle the receiver writes; replaces an installed version only when it says `force`. */
  async install(receive: BundleReceiver): Promise<Manifest> {
    this.#requireUploads();
    const registry = this.#deps.registry;
    return registry.withStaging(async (staging) => {
      const archive = path.join(staging, 'bundle.tar.gz');
      const { force } = await receive(archive, registry.limits.maxCompressedBytes);
      const bundle = await registry.unpack(archive, staging);
      try {
        checkServerCompatibility(bundle.manifest, SERVER_VERSION);
      } catch (err) {
        if (err instanceof ManifestError) throw AppError.badRequest('app.plugin.min_server_version.app_error', err.message);
        throw err;
      }
      const id = bundle.manifest.id;
      return this.#serially(async () => {
        if (registry.get(id) && !force) {
          throw AppError.badRequest('app.plugin.install_id.app_error', `A plugin with the id ${id} is already installed; install with force to replace it.`);
        }
        await this.#deps.supervisor.stop(id);
        try {
          await registry.commit(bundle, archive, staging);
          this.#deps.logger.info('plugin installed', { plugin_id: id, version: bundle.manifest.version });
        } finally {
          // The new version, or the old one again if the swap failed.
          if (this.#enabledInConfig(id)) await this.#deps.supervisor.start(id);
        }
        return bundle.manifest;
      });
    });
  }

  /** Downloads a bundle through the server (http or https only, size-limited) and installs it. */
  async installFromUrl(url: string, force: boolean): Promise<Manifest> {
    this.#requireUploads();
    const parsed = URL.parse(url);
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw AppError.badRequest('app.plugin.invalid_url.app_error', 'plugin_download_url must be an http:// or https:// URL.');
    }
    return this.install(async (file, maxBytes) => {
      await downloadBundle(parsed, file, maxBytes);
      return { force };
    });
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
      await this.#deps.supervisor.forget(id);
      await this.#deps.registry.remove(id);
      const states = { ...this.#deps.config.get().PluginSettings.PluginStates };
      if (id in states) {
        delete states[id];
        this.#deps.config.patch({ PluginSettings: { PluginStates: states } });
      }
      this.#deps.logger.info('plugin removed', { plugin_id: id });
    });
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
    return this.#deps.registry.list().map(({ manifest, path: pluginPath }) => {
      const { state, error } = this.#deps.supervisor.state(manifest.id);
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

  #serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => {});
    return run;
  }

  #installed(id: string): void {
    if (!this.#deps.registry.get(id)) {
      throw new AppError('app.plugin.not_installed.app_error', 404, `The plugin ${id} is not installed.`, { details: `plugin_id=${id}` });
    }
  }

  #enabledInConfig(id: string): boolean {
    return this.#deps.config.get().PluginSettings.PluginStates[id]?.Enable === true;
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
