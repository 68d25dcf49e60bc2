// Every plugin install goes through the same stages, in this order, whatever the bundle's source:
//
//   stage    a fresh staging folder in the plugin directory, owned (and removed) by the caller
//   receive  the bundle's bytes into it: an upload (written there by the HTTP route), a download
//            through the egress policy, a bundle shipped with the server, or the bundle store
//   verify   its signature against the trusted keys, when one came with it or one is required,
//            before anything of it is unpacked
//   unpack   safely (bundle-reader.ts); the server module it names must be a file in it
//   check    the manifest: this server's version, the id the caller expected, and whether it may
//            take the place of the installed version. From here on, one change at a time.
//   commit   the plugin is paused (stopped; requests for its paths wait), its new folder swapped
//            in, and an admin's bundle kept in the bundle store for the other nodes; when the store
//            refuses it, the old folder goes back and nothing has changed
//   start    the plugin runs again, in its new version, when it is enabled (the supervisor decides)
import { copyFile } from 'node:fs/promises';
import semver from 'semver';
import { checkServerCompatibility, ManifestError, type Manifest } from '@parley/plugin-api/manifest';
import type { ConfigService } from '../../config/config-service.ts';
import type { Logger } from '../../logger.ts';
import { AppError } from '../../errors/app-error.ts';
import { SERVER_VERSION } from '../../version.ts';
import type { PluginOrigin } from '../runtime/installed-plugins.ts';
import type { PluginSupervisor } from '../runtime/plugin-supervisor.ts';
import { downloadBundle, type BundleDownload } from './bundle-download.ts';
import type { BundleStore } from './bundle-store.ts';
import type { PluginAnnouncer } from './plugin-announcer.ts';
import type { PluginRegistry } from './plugin-registry.ts';
import type { PluginSignatures } from './plugin-signatures.ts';
import type { StagedBundle } from './staged-bundle.ts';

/** Where a bundle comes from, when the pipeline receives it itself (an upload is received by its route). */
export type BundleSource = ({ kind: 'download' } & BundleDownload) | { kind: 'file'; path: string } | { kind: 'store'; pluginId: string };

/** When an incoming bundle may take the place of the installed version of its id. */
export type ReplaceRule =
  /** An installed id is refused (an upload without force). */
  | 'never'
  /** Whatever is installed (force, the marketplace, another node's install). */
  | 'always'
  /** Only another version (a node catching up with the bundle store). */
  | 'other-version'
  /**
   * A bundle shipped with the server: replaces only an older version, and comes when missing only
   * if an admin has not removed or disabled it (an admin stays in charge).
   */
  | 'shipped';

export interface InstallPlan {
  origin: PluginOrigin;
  replace: ReplaceRule;
  /** The id the bundle must hold (the marketplace item asked for, the bundle another node installed). */
  expectedId?: string;
  /** The bundle's signature (base64), when one came with it. */
  signature?: string;
  /** Refuse the bundle unless a trusted key signed it. */
  requireSignature: boolean;
  /** Keep the bundle in the bundle store for the other nodes: what admins install, not what ships with the server or what a peer told of. */
  share: boolean;
}

export interface InstallPipelineDeps {
  config: ConfigService;
  logger: Logger;
  registry: PluginRegistry;
  bundles: BundleStore;
  signatures: PluginSignatures;
  supervisor: Pick<PluginSupervisor, 'pause' | 'resume'>;
  /** Tells the admins' clients that the installed plugins changed. */
  announcer: Pick<PluginAnnouncer, 'statusesChanged'>;
}

export class InstallPipeline {
  #deps: InstallPipelineDeps;
  /** Commits, removals and enable changes run one at a time. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(deps: InstallPipelineDeps) {
    this.#deps = deps;
  }

  /** 1. stage. */
  stage(): Promise<StagedBundle> {
    return this.#deps.registry.stage();
  }

  /** 2. receive, from anywhere but an upload. */
  async receive(staged: StagedBundle, source: BundleSource): Promise<void> {
    switch (source.kind) {
      case 'download':
        return downloadBundle(source, staged.bundleFile, staged.maxBytes);
      case 'file':
        return copyFile(source.path, staged.bundleFile);
      case 'store':
        if (!(await this.#deps.bundles.fetch(source.pluginId, staged.bundleFile))) {
          throw new AppError('app.plugin.bundle_not_stored.app_error', 404, `The file store holds no bundle of the plugin ${source.pluginId}.`, { details: `plugin_id=${source.pluginId}` });
        }
    }
  }

  /** 3–7: verify, unpack, check, commit, start. The manifest installed, or undefined when the plan's rule kept the installed version. */
  async install(staged: StagedBundle, plan: InstallPlan): Promise<Manifest | undefined> {
    // 3. verify
    if (plan.signature !== undefined || plan.requireSignature) await this.#deps.signatures.verify(staged.bundleFile, plan.signature);
    // 4. unpack
    const bundle = await this.#deps.registry.unpack(staged);
    const { manifest } = bundle;
    return this.exclusively(async () => {
      // 5. check
      if (!this.#mayInstall(manifest, plan)) return undefined;
      // 6. commit
      await this.#deps.supervisor.pause(manifest.id);
      try {
        const committed = await this.#deps.registry.commit(bundle, staged, plan.origin);
        if (plan.share) {
          await this.#deps.bundles.save(manifest.id, staged.bundleFile).catch(async (err: unknown) => {
            await this.#deps.registry.revert(committed);
            throw AppError.internal('app.plugin.store_bundle.app_error', err);
          });
        }
        this.#deps.logger.info('plugin installed', { plugin_id: manifest.id, version: manifest.version, origin: plan.origin });
      } finally {
        this.#deps.announcer.statusesChanged();
        // 7. start (the old version again, when the commit failed)
        await this.#deps.supervisor.resume(manifest.id);
      }
      return manifest;
    });
  }

  /** Runs `work` when no other change to the installed plugins is under way. */
  exclusively<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work, work);
    this.#queue = run.catch(() => {});
    return run;
  }

  #mayInstall(incoming: Manifest, plan: InstallPlan): boolean {
    try {
      checkServerCompatibility(incoming, SERVER_VERSION);
    } catch (err) {
      if (err instanceof ManifestError) throw AppError.badRequest('app.plugin.min_server_version.app_error', err.message);
      throw err;
    }
    if (plan.expectedId !== undefined && incoming.id !== plan.expectedId) {
      throw AppError.badRequest('app.plugin.unexpected_id.app_error', `The bundle holds the plugin ${incoming.id}, not ${plan.expectedId}.`);
    }
    const current = this.#deps.registry.get(incoming.id)?.manifest;
    switch (plan.replace) {
      case 'never':
        if (current) throw AppError.badRequest('app.plugin.install_id.app_error', `A plugin with the id ${incoming.id} is already installed; install with force to replace it.`);
        return true;
      case 'always':
        return true;
      case 'other-version':
        return incoming.version !== current?.version;
      case 'shipped':
        return current ? semver.gt(incoming.version, current.version) : this.#deps.config.get().PluginSettings.PluginStates[incoming.id]?.Enable !== false;
    }
  }
}
