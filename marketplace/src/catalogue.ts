// The catalogue: every bundle of a folder (with its `.sig` beside it) described as a Mattermost
// marketplace item. Bundles that cannot be listed are reported and skipped, never fatal.
import type { KeyObject } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import semver from 'semver';
import type { Manifest } from '@parley/plugin-api/manifest';
import { readBundleContents } from './bundle-contents.ts';
import { isWellFormedSignature, signatureFileFor, verifyBundleSignature } from './signing.ts';

export type AuthorType = 'mattermost' | 'partner' | 'community';
export const AUTHOR_TYPES: ReadonlyArray<AuthorType> = ['mattermost', 'partner', 'community'];
export type ReleaseStage = 'production' | 'beta' | 'experimental';

export interface MarketplaceLabel {
  name: string;
  description: string;
}

/** One version of one plugin, with the fields of Mattermost's marketplace (`internal/model/plugin.go`). */
export interface MarketplacePlugin {
  homepage_url: string;
  /** `data:image/svg+xml;base64,…`, or empty. */
  icon_data: string;
  download_url: string;
  release_notes_url: string;
  labels?: MarketplaceLabel[];
  author_type: AuthorType;
  release_stage: ReleaseStage;
  enterprise: boolean;
  /** Base64 Ed25519 signature of the bundle, or empty when it is unsigned. */
  signature: string;
  manifest: Manifest;
  /** When this release was added: the bundle file's modification time (RFC 3339). */
  updated_at: string;
}

/** A listed bundle: its file name in the folder and its item without the download URL (that depends on where the catalogue is served). */
export interface CatalogueEntry {
  file: string;
  plugin: Omit<MarketplacePlugin, 'download_url'>;
}

export interface BundleNote {
  file: string;
  message: string;
}

export interface Catalogue {
  entries: CatalogueEntry[];
  /** Bundles that were skipped, and why. */
  skipped: BundleNote[];
  /** Bundles listed with reservations (unsigned, ignored manifest fields, no usable icon). */
  warnings: BundleNote[];
}

export interface IndexOptions {
  /** Who maintains the folder's plugins (Mattermost's `author_type`); `community` unless told. */
  authorType?: AuthorType;
  /** When given, a bundle is listed only if one of these keys verifies its signature. */
  publicKeys?: ReadonlyArray<KeyObject>;
}

const BUNDLE_FILE = /\.(tar\.gz|tgz)$/i;

/** Describes every bundle in `folder` (regular files, not subfolders or links), in file-name order. */
export async function indexFolder(folder: string, options: IndexOptions = {}): Promise<Catalogue> {
  const names = (await readdir(folder, { withFileTypes: true }))
    .filter((entry) => entry.isFile() && BUNDLE_FILE.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  const catalogue: Catalogue = { entries: [], skipped: [], warnings: [] };
  const seen = new Map<string, string>();
  for (const file of names) {
    try {
      const { entry, warnings } = await describeBundle(folder, file, options);
      const key = `${entry.plugin.manifest.id}@${entry.plugin.manifest.version}`;
      const first = seen.get(key);
      if (first !== undefined) throw new Error(`${key} is already listed from ${first}`);
      seen.set(key, file);
      catalogue.entries.push(entry);
      catalogue.warnings.push(...warnings.map((message) => ({ file, message })));
    } catch (err) {
      catalogue.skipped.push({ file, message: (err as Error).message });
    }
  }
  return catalogue;
}

async function describeBundle(folder: string, file: string, options: IndexOptions): Promise<{ entry: CatalogueEntry; warnings: string[] }> {
  const bundleFile = path.join(folder, file);
  const { mtime } = await stat(bundleFile);
  const { manifest, icon, warnings } = await readBundleContents(bundleFile);
  const signature = await readSignature(bundleFile);
  if (options.publicKeys) {
    const check = await verifyBundleSignature(bundleFile, signature, options.publicKeys);
    if (!check.ok) throw new Error(check.message);
  } else if (signature === '') {
    warnings.push('unsigned: servers that require plugin signatures will refuse to install it');
  }
  const authorType = options.authorType ?? 'community';
  const releaseStage: ReleaseStage = semver.prerelease(manifest.version) ? 'beta' : 'production';
  const labels = labelsFor(authorType, releaseStage);
  const entry: CatalogueEntry = {
    file,
    plugin: {
      homepage_url: manifest.homepage_url ?? '',
      icon_data: icon ? `data:image/svg+xml;base64,${icon.toString('base64')}` : '',
      release_notes_url: manifest.release_notes_url ?? '',
      ...(labels.length > 0 ? { labels } : {}),
      author_type: authorType,
      release_stage: releaseStage,
      enterprise: false,
      signature,
      manifest,
      updated_at: mtime.toISOString(),
    },
  };
  return { entry, warnings };
}

/** The `.sig` beside the bundle, or '' when there is none; a malformed one makes the bundle unlistable. */
async function readSignature(bundleFile: string): Promise<string> {
  let text: string;
  try {
    text = (await readFile(signatureFileFor(bundleFile), 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
  if (!isWellFormedSignature(text)) throw new Error(`${path.basename(signatureFileFor(bundleFile))} is not a signature (expected one line of base64 holding a 64-byte Ed25519 signature)`);
  return text;
}

/** Mattermost's marketplace labels its items by maintainer and stage the same way. */
function labelsFor(authorType: AuthorType, releaseStage: ReleaseStage): MarketplaceLabel[] {
  const labels: MarketplaceLabel[] = [];
  if (authorType === 'community') labels.push({ name: 'Community', description: 'This plugin is maintained by its community, not by the server vendor.' });
  if (authorType === 'partner') labels.push({ name: 'Partner', description: 'This plugin is maintained by a partner.' });
  if (releaseStage === 'beta') labels.push({ name: 'Beta', description: 'This is a pre-release version, not recommended for production use.' });
  return labels;
}

/** The item as served: with its download URL under `baseUrl` (`<base>/bundles/<file>`). */
export function toMarketplacePlugin(entry: CatalogueEntry, baseUrl: string): MarketplacePlugin {
  const { homepage_url, icon_data, ...rest } = entry.plugin;
  return { homepage_url, icon_data, download_url: bundleUrl(baseUrl, entry.file), ...rest };
}

export function bundleUrl(baseUrl: string, file: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/bundles/${encodeURIComponent(file)}`;
}
