// The installed plugins on this node: their unpacked folders under the plugin directory, and
// their bundles in the file store (`plugins/<id>.tar.gz`) so that other nodes can fetch them.
// A bundle is unpacked into a staging folder inside the plugin directory and renamed into place
// only once it is valid, so a failed install leaves nothing behind.
import { copyFile, mkdir, mkdtemp, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileStoreDirectory } from '../config/data-paths.ts';
import type { Manifest } from '@parley/plugin-api/manifest';
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import { AppError } from '../errors/app-error.ts';
import { DEFAULT_BUNDLE_LIMITS, readManifest, unpackBundle, type BundleLimits, type UnpackedBundle } from './bundle-reader.ts';

/** How a plugin came to be installed: shipped with the server, or by an admin (upload, URL). */
export type PluginOrigin = 'prepackaged' | 'admin';

export interface InstalledPlugin {
  manifest: Manifest;
  /** The plugin's folder (holds plugin.json). */
  path: string;
  origin: PluginOrigin;
}

export interface RegistryDeps {
  config: ConfigService;
  logger: Logger;
  /** The server's data directory: default home of the plugin directory and the file store. */
  dataDir: string;
  limits?: BundleLimits;
}

/** Staging folders start with a dot, which no plugin id can (ids start with a letter or digit). */
const STAGING_PREFIX = '.staging-';
const MAX_SERVER_MODULE_BYTES = 20 * 1024 * 1024;
/**
 * Written by the server into an installed plugin's folder after the bundle is unpacked (replacing
 * any file of that name the bundle carried), so a bundle cannot claim to be prepackaged.
 */
const ORIGIN_MARKER = '.parley-origin';

export class PluginRegistry {
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

  /** Where the bundle of `id` is kept in the file store. */
  storedBundlePath(id: string): string {
    return path.join(fileStoreDirectory(this.#deps.config.get(), this.#deps.dataDir), 'plugins', `${id}.tar.gz`);
  }

  /** The ids of the bundles in the file store (a cluster's record of what its admins installed). */
  async storedBundleIds(): Promise<string[]> {
    const dir = path.dirname(this.storedBundlePath('x'));
    const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    return names.filter((name) => name.endsWith('.tar.gz')).map((name) => name.slice(0, -'.tar.gz'.length));
  }

  /** Reads the plugin directory: every folder with a valid plugin.json whose id matches its name. */
  /**
   * Reads the installed plugins from the plugin directory, once: later calls return the first
   * call's promise, so the HTTP layer can wait for the same reading the supervisor starts from.
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

  /** Runs `work` with a fresh staging folder inside the plugin directory, removed afterwards whatever happens. */
  async withStaging<T>(work: (staging: string) => Promise<T>): Promise<T> {
    const dir = this.pluginDir();
    await mkdir(dir, { recursive: true });
    const staging = await mkdtemp(path.join(dir, STAGING_PREFIX));
    try {
      return await work(staging);
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  /** Unpacks `archive` into the staging folder and checks that the server module it names exists. */
  async unpack(archive: string, staging: string): Promise<UnpackedBundle> {
    const into = path.join(staging, 'unpacked');
    await mkdir(into);
    const bundle = await unpackBundle(archive, into, this.limits);
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

  /** Moves an unpacked bundle into place (replacing an installed version) and keeps the bundle in the file store. */
  async commit(bundle: UnpackedBundle, archive: string, staging: string, origin: PluginOrigin): Promise<InstalledPlugin> {
    const id = bundle.manifest.id;
    await writeFile(path.join(bundle.root, ORIGIN_MARKER), origin);
    const target = path.join(this.pluginDir(), id);
    const stored = this.storedBundlePath(id);
    await mkdir(path.dirname(stored), { recursive: true });
    const storedTmp = `${stored}.${path.basename(staging)}`;
    await copyFile(archive, storedTmp);
    // The old folder is moved into staging (removed with it) so the swap is two renames, undone on failure.
    const previous = path.join(staging, 'previous');
    const hadPrevious = await rename(target, previous).then(
      () => true,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return false;
        throw err;
      },
    );
    try {
      await rename(bundle.root, target);
    } catch (err) {
      if (hadPrevious) await rename(previous, target);
      await rm(storedTmp, { force: true });
      throw err;
    }
    await rename(storedTmp, stored);
    const installed = { manifest: bundle.manifest, path: target, origin };
    this.#installed.set(id, installed);
    return installed;
  }

  /** Deletes the plugin's folder and, unless told to keep it (another node removed it first), its stored bundle. */
  async remove(id: string, { keepStoredBundle = false } = {}): Promise<void> {
    const installed = this.#installed.get(id);
    if (!installed) return;
    this.#installed.delete(id);
    await rm(installed.path, { recursive: true, force: true });
    if (!keepStoredBundle) await rm(this.storedBundlePath(id), { force: true });
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
