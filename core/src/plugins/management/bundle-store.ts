// The bundles admins installed, kept in the configured file store (FileSettings: a local directory
// or an S3 bucket) as `plugins/<id>.tar.gz`, as Mattermost keeps them: the cluster's record of what
// is installed. A node installs from here what another node installed, and at start-up what it
// lacks, so the nodes of a cluster share the file store and nothing else (no shared disk).
import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import type { FileStore } from '../../app/file-store/file-store.ts';

const FOLDER = 'plugins/';
const SUFFIX = '.tar.gz';
/** Mattermost's plugin id rule: a key that is not one is not a bundle this server stored. */
const PLUGIN_ID = /^[a-zA-Z0-9-_.]{3,190}$/;

export class BundleStore {
  /** The file store of the configuration in force (it changes with FileSettings). */
  #files: () => FileStore;

  constructor(files: () => FileStore) {
    this.#files = files;
  }

  /** Keeps `bundleFile` as the bundle of `pluginId`, replacing the one kept before. */
  async save(pluginId: string, bundleFile: string): Promise<void> {
    const { size } = await stat(bundleFile);
    await this.#files().write(keyOf(pluginId), { file: bundleFile, size });
  }

  /** Writes the kept bundle of `pluginId` to `dest` (which must not exist); false when there is none. */
  async fetch(pluginId: string, dest: string): Promise<boolean> {
    const body = await this.#files().read(keyOf(pluginId));
    if (!body) return false;
    await pipeline(body, createWriteStream(dest, { flags: 'wx' }));
    return true;
  }

  async remove(pluginId: string): Promise<void> {
    await this.#files().remove(keyOf(pluginId));
  }

  /** The ids of the kept bundles. */
  async ids(): Promise<string[]> {
    const keys = await this.#files().list(FOLDER);
    return keys
      .map((key) => key.slice(FOLDER.length))
      .filter((name) => name.endsWith(SUFFIX))
      .map((name) => name.slice(0, -SUFFIX.length))
      .filter((id) => PLUGIN_ID.test(id))
      .sort();
  }
}

function keyOf(pluginId: string): string {
  // An id from another node's message is checked like any: it must not name another key.
  if (!PLUGIN_ID.test(pluginId)) throw new Error(`not a plugin id: ${JSON.stringify(pluginId.slice(0, 200))}`);
  return `${FOLDER}${pluginId}${SUFFIX}`;
}
