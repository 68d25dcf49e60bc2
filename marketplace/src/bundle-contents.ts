// Reads a bundle's manifest and icon straight from the .tar.gz stream, without unpacking anything
// to disk. The manifest is found where the server looks for it (core's bundle reader): plugin.json
// at the root, or inside the archive's one top-level folder. The server re-checks the whole bundle
// on install; this only needs to describe it.
import { createReadStream } from 'node:fs';
import { Parser, type ReadEntry } from 'tar';
import { ManifestError, validateManifest, type Manifest } from '@parley/plugin-api/manifest';

const MAX_MANIFEST_BYTES = 256 * 1024;
const MAX_ICON_BYTES = 512 * 1024;
const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

export interface BundleContents {
  manifest: Manifest;
  /** The SVG named by the manifest's icon_path, when it is in the bundle and is an SVG. */
  icon?: Buffer;
  /** What was accepted with reservations (ignored manifest fields, an unusable icon). */
  warnings: string[];
}

/** Describes a bundle; throws an Error saying why the bundle cannot be listed. */
export async function readBundleContents(file: string): Promise<BundleContents> {
  const listing = await scan(file, (name) => name === 'plugin.json' || /^[^/]+\/plugin\.json$/.test(name), MAX_MANIFEST_BYTES);
  const root = findRoot(listing);
  const text = listing.bodies.get(`${root}plugin.json`)!;
  const warnings: string[] = [];
  let manifest: Manifest;
  try {
    manifest = validateManifest(JSON.parse(text.toString('utf8')), { onWarning: (w) => warnings.push(`plugin.json: ${w.field} ${w.message}`) });
  } catch (err) {
    if (err instanceof SyntaxError) throw new Error(`plugin.json is not valid JSON: ${err.message}`);
    if (err instanceof ManifestError) throw new Error(`plugin.json is invalid: ${err.problems.map((p) => `${p.field} ${p.message}`).join('; ')}`);
    throw err;
  }
  const icon = manifest.icon_path === undefined ? undefined : await readIcon(file, `${root}${normalize(manifest.icon_path)}`, warnings);
  return { manifest, icon, warnings };
}

async function readIcon(file: string, name: string, warnings: string[]): Promise<Buffer | undefined> {
  let listing: Listing;
  try {
    listing = await scan(file, (entry) => entry === name, MAX_ICON_BYTES);
  } catch (err) {
    warnings.push(`icon_path: ${(err as Error).message}; listed without an icon`);
    return undefined;
  }
  const icon = listing.bodies.get(name);
  if (icon && isSvg(icon)) return icon;
  warnings.push(`icon_path: ${name} ${icon ? 'is not an SVG image' : 'is not in the bundle'}; listed without an icon`);
  return undefined;
}

/** Mattermost shows SVG icons only; a cheap check that the file is one. */
function isSvg(data: Buffer): boolean {
  return /<svg[\s>]/i.test(data.toString('utf8'));
}

interface Listing {
  files: Set<string>;
  topLevel: Set<string>;
  /** Bodies of the wanted files. */
  bodies: Map<string, Buffer>;
}

/** One streaming pass over the archive: every file's path, and the bodies of the wanted ones (at most maxBytes each). */
function scan(file: string, wanted: (name: string) => boolean, maxBytes: number): Promise<Listing> {
  return new Promise((resolve, reject) => {
    const listing: Listing = { files: new Set(), topLevel: new Set(), bodies: new Map() };
    let settled = false;
    const input = createReadStream(file);
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      input.destroy();
      reject(err);
    };
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        const name = normalize(entry.path);
        if (name !== '') listing.topLevel.add(name.split('/')[0]);
        const isFile = FILE_TYPES.has(entry.type);
        if (isFile) listing.files.add(name);
        if (!isFile || !wanted(name)) {
          entry.resume();
          return;
        }
        if ((entry.size ?? 0) > maxBytes) {
          entry.resume();
          fail(new Error(`${name} is larger than ${maxBytes / 1024} KiB`));
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (chunk: Buffer) => chunks.push(chunk));
        entry.on('end', () => listing.bodies.set(name, Buffer.concat(chunks)));
      },
    });
    parser.on('error', (err: Error) => fail(new Error(`not a valid .tar.gz file (${err.message})`)));
    parser.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(listing);
    });
    input.on('error', fail);
    input.pipe(parser);
  });
}

/** The folder prefix (`''` or `name/`) holding plugin.json, by the server's rule. */
function findRoot(listing: Listing): string {
  if (listing.bodies.has('plugin.json')) return '';
  const [only] = listing.topLevel;
  if (listing.topLevel.size === 1 && listing.bodies.has(`${only}/plugin.json`)) return `${only}/`;
  if (listing.topLevel.size > 1) throw new Error(`no plugin.json at the root, and ${listing.topLevel.size} top-level entries instead of one folder holding it`);
  throw new Error('no plugin.json at the root or in the top-level folder');
}

/** A path without `.` segments, empty segments or a trailing slash. */
function normalize(name: string): string {
  return name
    .split(/[\\/]/)
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}
