// The installed plugins on this node: their unpacked folders under the plugin directory. A bundle
// is unpacked into a staging folder inside the plugin directory and renamed into place only once it
// is valid, so a failed install leaves nothing behind. (The bundles themselves, which the other
// nodes of a cluster install from, are kept in the file store: bundle-store.ts.)
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ConfigService } from '../../config/config-service.ts';
import type { Logger } from '../../logger.ts';
import { AppError } from '../../errors/app-error.ts';
import type { InstalledPlugin, InstalledPlugins, PluginOrigin } from '../runtime/installed-plugins.ts';
import { DEFAULT_BUNDLE_LIMITS, readManifest, unpackBundle, type BundleLimits, type UnpackedBundle } from './bundle-reader.ts';
import { STAGING_PREFIX, StagedBundle } from './staged-bundle.ts';

export interface RegistryDeps {
  config: ConfigService;
  logger: Logger;
  /** The server's data directory: default home of the plugin directory. */
  dataDir: string;
  limits?: BundleLimits;
}

/** What commit() changed, for revert(). */
export interface CommittedPlugin {
  installed: InstalledPlugin;
  /** The version it replaced, kept in the staging folder until that is removed. */
  previous?: { folder: string; installed: InstalledPlugin };
}

const MAX_SERVER_MODULE_BYTES = 20 * 1024 * 1024;
/**
 * Written by the server into an installed plugin's folder after the bundle is unpacked (replacing
 * any file of that name the bundle carried), so a bundle cannot claim to be prepackaged.
 */
const ORIGIN_MARKER = '.parley-origin';

export class PluginRegistry implements InstalledPlugins {
  #deps: RegistryDeps;
  #installed = new Map<string, InstalledPlugin>();
  #scanned: Promise<void> | undefined;

  constructor(deps: RegistryDeps) {
    this.#deps = deps;
  }

  get limits(): BundleLimits {
    return this.#deps.limits ?? DEFAULT_BUNDLE_LIMITS;
  }

  /** `PluginSettings.Directory`, or `<data dir>/plugins`. */
  pluginDir(): string {
    return path.resolve(this.#deps.config.get().PluginSettings.Directory || path.join(this.#deps.dataDir, 'plugins'));
  }

  /**
   * Reads the installed plugins from the plugin directory (every folder with a valid plugin.json
   * whose id matches its name), once: later calls return the first call's promise, so the HTTP
   * layer can wait for the same reading the supervisor starts from.
   */
  scan(): Promise<void> {
    this.#scanned ??= this.#scan();
    return this.#scanned;
  }

  async #scan(): Promise<void> {
    const dir = this.pluginDir();
    await mkdir(dir, { recursive: true });
    const found = new Map<string, InstalledPlugin>();
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const folder = path.join(dir, entry.name);
      if (entry.name.startsWith(STAGING_PREFIX)) {
        await rm(folder, { recursive: true, force: true }); // left by an install the server did not finish
        continue;
      }
      if (!entry.isDirectory()) continue;
      try {
        const manifest = await readManifest(path.join(folder, 'plugin.json'));
        if (manifest.id !== entry.name) throw new Error(`plugin.json has id ${manifest.id}`);
        found.set(manifest.id, { manifest, path: folder, origin: await readOrigin(folder) });
      } catch (err) {
        this.#deps.logger.warn('skipping a folder in the plugin directory that is not a valid plugin', { folder, err: (err as Error).message });
      }
    }
    this.#installed = found;
  }

  list(): InstalledPlugin[] {
    return [...this.#installed.values()].sort((a, b) => a.manifest.id.localeCompare(b.manifest.id));
  }

  get(id: string): InstalledPlugin | undefined {
    return this.#installed.get(id);
  }

  /** Stage 1 of an install: a fresh staging folder inside the plugin directory. */
  stage(): Promise<StagedBundle> {
    return StagedBundle.create(this.pluginDir(), this.limits.maxCompressedBytes);
  }

  /** Unpacks the staged bundle into its staging folder and checks that the server module it names exists. */
  async unpack(staged: StagedBundle): Promise<UnpackedBundle> {
    const into = path.join(staged.dir, 'unpacked');
    await mkdir(into);
    const bundle = await unpackBundle(staged.bundleFile, into, this.limits);
    for (const ignored of bundle.ignoredFields) {
      this.#deps.logger.warn('plugin manifest field ignored', { plugin_id: bundle.manifest.id, field: ignored.field, reason: ignored.message });
    }
    const executable = bundle.manifest.server?.executable;
    if (executable !== undefined) {
      const file = path.resolve(bundle.root, executable);
      const inside = file.startsWith(bundle.root + path.sep);
      const isFile = inside && (await stat(file).then((s) => s.isFile(), () => false));
      if (!isFile) {
        throw AppError.badRequest(
          'app.plugin.bundle.missing_executable.app_error',
          `The plugin's server module ${executable} (manifest server.executable) is not a file in the bundle.`,
        );
      }
    }
    return bundle;
  }

  /**
   * Moves an unpacked bundle into place, replacing the installed version. The old folder is moved
   * into the staging folder (removed with it), so the swap is two renames, undone on failure and by
   * revert() until the staging folder is gone.
   */
  async commit(bundle: UnpackedBundle, staged: StagedBundle, origin: PluginOrigin): Promise<CommittedPlugin> {
    const id = bundle.manifest.id;
    await writeFile(path.join(bundle.root, ORIGIN_MARKER), origin);
    const target = path.join(this.pluginDir(), id);
    const previousFolder = path.join(staged.dir, 'previous');
    const hadPrevious = await rename(target, previousFolder).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return false;
        throw err;
      },
    );
    try {
      await rename(bundle.root, target);
    } catch (err) {
      if (hadPrevious) await rename(previousFolder, target);
      throw err;
    }
    const replaced = this.#installed.get(id);
    const installed = { manifest: bundle.manifest, path: target, origin };
    this.#installed.set(id, installed);
    return { installed, previous: hadPrevious && replaced ? { folder: previousFolder, installed: replaced } : undefined };
  }

  /** Puts back what commit() replaced (or removes what it added), while the staging folder still holds it. */
  async revert({ installed, previous }: CommittedPlugin): Promise<void> {
    const id = installed.manifest.id;
    await rm(installed.path, { recursive: true, force: true });
    if (previous) {
      await rename(previous.folder, installed.path);
      this.#installed.set(id, previous.installed);
    } else {
      this.#installed.delete(id);
    }
  }

  /** Deletes the plugin's folder. */
  async remove(id: string): Promise<void> {
    const installed = this.#installed.get(id);
    if (!installed) return;
    this.#installed.delete(id);
    await rm(installed.path, { recursive: true, force: true });
  }

  /** The source of the plugin's server module. */
  async serverCode(plugin: InstalledPlugin): Promise<string> {
    const executable = plugin.manifest.server?.executable;
    if (executable === undefined) throw new Error(`plugin ${plugin.manifest.id} has no server module`);
    const file = path.resolve(plugin.path, executable);
    if (!file.startsWith(plugin.path + path.sep)) throw new Error(`plugin ${plugin.manifest.id}: server module outside its folder`);
    const { size } = await stat(file);
    if (size > MAX_SERVER_MODULE_BYTES) throw new Error(`plugin ${plugin.manifest.id}: server module larger than ${MAX_SERVER_MODULE_BYTES} bytes`);
    return readFile(file, 'utf8');
  }
}

async function readOrigin(folder: string): Promise<PluginOrigin> {
  const marker = await readFile(path.join(folder, ORIGIN_MARKER), 'utf8').catch(() => '');
  return marker.trim() === 'prepackaged' ? 'prepackaged' : 'admin';
}
