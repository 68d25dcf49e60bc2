// Safe unpacking of a plugin bundle (.tar.gz). A first streaming pass reads only the headers and
// refuses the whole archive on the first bad entry (absolute path, `..`, link, device, too many or
// too big files), so nothing is written for a hostile bundle; a second pass extracts the vetted
// entries into a folder the caller created for this one install. A small bundle (most are) is read
// once into memory and unpacked without yielding: a few milliseconds of work instead of dozens of
// file-system round trips through the thread pool, which made up most of an install's time.
import { createReadStream, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Parser, extract, type ReadEntry } from 'tar';
import { ManifestError, validateManifest, type Manifest, type ManifestOptions, type ManifestProblem } from '@parley/plugin-api/manifest';
import { AppError } from '../../errors/app-error.ts';

export interface BundleLimits {
  /** Size of the .tar.gz itself. */
  maxCompressedBytes: number;
  /** Sum of the sizes of all files once unpacked. */
  maxUnpackedBytes: number;
  /** Files and folders in the archive. */
  maxEntries: number;
  /** Characters of an entry's path. */
  maxPathLength: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = {
  maxCompressedBytes: 50 * 1024 * 1024,
  maxUnpackedBytes: 200 * 1024 * 1024,
  maxEntries: 5000,
  maxPathLength: 512,
};

const MAX_MANIFEST_BYTES = 256 * 1024;
/** Bundles up to this size are inspected from memory and extracted synchronously (a few ms of work); larger ones stream. */
const SMALL_BUNDLE_BYTES = 512 * 1024;
const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

export interface UnpackedBundle {
  /** The folder holding plugin.json: the unpack folder itself or its one top-level folder. */
  root: string;
  manifest: Manifest;
  /** Fields of plugin.json that were ignored (neither Mattermost nor Parley defines them). */
  ignoredFields: ManifestProblem[];
}

/**
 * Unpacks `archive` into `into` (an empty folder the caller owns and removes on failure) and
 * returns the validated manifest. Throws a 400 AppError naming what is wrong with the bundle.
 */
export async function unpackBundle(archive: string, into: string, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): Promise<UnpackedBundle> {
  const { size } = await stat(archive);
  if (size > limits.maxCompressedBytes) throw bundleTooLarge(limits.maxCompressedBytes);
  const small = size <= SMALL_BUNDLE_BYTES;
  const listing = await inspect(small ? await readFile(archive) : archive, limits);
  const rootName = findRoot(listing);
  const options = {
    file: archive,
    cwd: into,
    strict: true,
    preservePaths: false,
    preserveOwner: false,
    noMtime: true,
    filter: (_path: string, entry: ReadEntry | Stats) => 'type' in entry && (FILE_TYPES.has(entry.type) || entry.type === 'Directory'),
    // Header modes are not trusted: a setuid bit or an unreadable folder has no place in a plugin.
    onReadEntry: (entry: ReadEntry) => {
      entry.mode = entry.type === 'Directory' ? 0o755 : 0o644;
    },
  };
  const corrupt = (err: unknown) => bundleError('corrupt', 'The plugin bundle could not be unpacked: it is not a valid .tar.gz file.', (err as Error).message);
  if (small) {
    try {
      extract({ ...options, sync: true });
    } catch (err) {
      throw corrupt(err);
    }
  } else {
    await extract(options).catch((err: unknown) => {
      throw corrupt(err);
    });
  }
  const root = rootName ? path.join(into, rootName) : into;
  const ignoredFields: ManifestProblem[] = [];
  const manifest = await readManifest(path.join(root, 'plugin.json'), { onWarning: (warning) => ignoredFields.push(warning) });
  return { root, manifest, ignoredFields };
}

/** Reads and validates a plugin.json from disk (installed plugins are re-read at start-up). */
export async function readManifest(file: string, options: ManifestOptions = {}): Promise<Manifest> {
  const info = await stat(file);
  if (info.size > MAX_MANIFEST_BYTES) throw manifestError(`plugin.json is larger than ${MAX_MANIFEST_BYTES} bytes.`);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw manifestError(`plugin.json is not valid JSON: ${(err as Error).message}`);
  }
  try {
    return validateManifest(raw, options);
  } catch (err) {
    if (err instanceof ManifestError) throw manifestError(err.problems.map((p) => `${p.field} ${p.message}`).join('; '));
    throw err;
  }
}

interface Listing {
  /** Normalised paths of every file. */
  files: string[];
  /** First path segment of every entry. */
  topLevel: Set<string>;
}

/** Reads the headers of `archive` (its file, or its bytes already read). */
function inspect(archive: string | Buffer, limits: BundleLimits): Promise<Listing> {
  return new Promise((resolve, reject) => {
    const listing: Listing = { files: [], topLevel: new Set() };
    let entries = 0;
    let unpacked = 0;
    let settled = false;
    const input = typeof archive === 'string' ? createReadStream(archive) : undefined;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      input?.destroy();
      reject(err);
    };
    const parser = new Parser({
      strict: true,
      onReadEntry: (entry: ReadEntry) => {
        entry.resume();
        if (settled) return;
        try {
          entries += 1;
          if (entries > limits.maxEntries) throw bundleError('too_many_files', `The plugin bundle holds more than ${limits.maxEntries} files and folders.`);
          const name = checkedPath(entry.path, limits);
          checkType(entry);
          if (FILE_TYPES.has(entry.type)) {
            unpacked += entry.size ?? 0;
            if (unpacked > limits.maxUnpackedBytes) {
              throw bundleError('unpacked_too_large', `The plugin bundle unpacks to more than ${mib(limits.maxUnpackedBytes)} MiB.`);
            }
            if (name) listing.files.push(name);
          }
          if (name) listing.topLevel.add(name.split('/')[0]);
        } catch (err) {
          fail(err);
        }
      },
    });
    parser.on('error', (err: Error) => fail(bundleError('corrupt', 'The plugin bundle is not a valid .tar.gz file.', err.message)));
    parser.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(listing);
    });
    if (input) {
      input.on('error', fail);
      input.pipe(parser);
    } else {
      parser.end(archive as Buffer);
    }
  });
}

/** The entry's path with `.` segments and trailing slashes removed; refuses anything that could leave the folder. */
function checkedPath(raw: string, limits: BundleLimits): string {
  if (raw.length > limits.maxPathLength) {
    throw bundleError('path_too_long', `The plugin bundle has a path longer than ${limits.maxPathLength} characters.`);
  }
  if (raw.includes('\0')) throw bundleError('path_traversal', 'The plugin bundle has a path with a NUL character.', raw);
  if (/^([\\/]|[a-zA-Z]:)/.test(raw)) {
    throw bundleError('absolute_path', `The plugin bundle has an absolute path (${raw}); every path must be relative to the bundle.`, raw);
  }
  const segments = raw.split(/[\\/]/);
  if (segments.includes('..')) {
    throw bundleError('path_traversal', `The plugin bundle has a path that leaves its folder (${raw}).`, raw);
  }
  return segments.filter((s) => s !== '' && s !== '.').join('/');
}

function checkType(entry: ReadEntry): void {
  if (FILE_TYPES.has(entry.type) || entry.type === 'Directory') return;
  if (entry.type === 'SymbolicLink') {
    throw bundleError('symlink', `The plugin bundle contains a symbolic link (${entry.path}); only files and folders are allowed.`, entry.path);
  }
  if (entry.type === 'Link') {
    throw bundleError('hardlink', `The plugin bundle contains a hard link (${entry.path}); only files and folders are allowed.`, entry.path);
  }
  throw bundleError('special_file', `The plugin bundle contains a ${entry.type} entry (${entry.path}); only files and folders are allowed.`, entry.path);
}

/** Mattermost's rule: plugin.json at the root, or the archive is one folder holding it. */
function findRoot(listing: Listing): string | undefined {
  if (listing.files.includes('plugin.json')) return undefined;
  if (listing.topLevel.size > 1) {
    throw bundleError(
      'multiple_roots',
      `The plugin bundle has no plugin.json at its root and ${listing.topLevel.size} top-level entries; put plugin.json at the root or everything in one folder.`,
    );
  }
  const [only] = listing.topLevel;
  if (only === undefined || !listing.files.includes(`${only}/plugin.json`)) {
    throw bundleError('no_manifest', 'The plugin bundle has no plugin.json at its root or in its top-level folder.');
  }
  return only;
}

function bundleError(reason: string, message: string, details?: string): AppError {
  return AppError.badRequest(`app.plugin.bundle.${reason}.app_error`, message, details);
}

/** The bundle (upload, download or file) is bigger than the compressed-size limit. */
export function bundleTooLarge(limit: number): AppError {
  return bundleError('too_large', `The plugin bundle is larger than ${mib(limit)} MiB.`);
}

function manifestError(message: string): AppError {
  return AppError.badRequest('app.plugin.manifest.invalid.app_error', `The plugin manifest is invalid: ${message}`);
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 2);
}

