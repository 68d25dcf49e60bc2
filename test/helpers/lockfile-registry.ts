// A package registry on loopback that knows exactly the packages the repository's
// package-lock.json pins: for installing packed tarballs outside the repository with no network.
// Without a lockfile, npm 11 asks the registry for each dependency's full package document, and
// `npm ci` only ever cached the tarballs, so `npm install --offline` cannot resolve anything. This
// answers those documents from the lockfile (versions, tarball URLs and integrity) and from the
// package.json of each package `npm ci` installed (its dependencies and scripts: npm runs an
// install script as the document states it); npm then takes each tarball from its cache by its
// integrity. A package the lockfile pins no version of answers 404.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import semver from 'semver';

interface LockEntry {
  name?: string;
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  [field: string]: unknown;
}

interface PackageDocument {
  name: string;
  'dist-tags': Record<string, string>;
  versions: Record<string, Record<string, unknown>>;
}

/** The manifest fields npm reads from a package document. */
const MANIFEST_FIELDS = ['dependencies', 'optionalDependencies', 'peerDependencies', 'peerDependenciesMeta', 'bin', 'engines', 'os', 'cpu', 'libc', 'scripts', 'gypfile'];

export interface LockfileRegistry {
  /** The registry's address, for `--registry`. */
  url: string;
  /** Every request it answered, `GET /name`, in order: proof of what npm asked for. */
  requests: string[];
  close(): Promise<void>;
}

/** `root`: a folder with package-lock.json and the node_modules `npm ci` installed from it. */
export async function startLockfileRegistry(root: string): Promise<LockfileRegistry> {
  const lock = JSON.parse(await readFile(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const documents = new Map<string, PackageDocument>();
  for (const [where, entry] of Object.entries(lock.packages)) {
    const at = where.lastIndexOf('node_modules/');
    // Registry packages only: links (workspaces) and files have no integrity of a registry tarball.
    if (at === -1 || entry.link || !entry.version || !entry.integrity || (entry.resolved !== undefined && !entry.resolved.startsWith('https://'))) continue;
    const name = entry.name ?? where.slice(at + 'node_modules/'.length);
    // The repository's .npmrc leaves the registry's tarball URL out of the lockfile: it is the registry's usual one.
    const tarball = entry.resolved ?? `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${entry.version}.tgz`;
    const document = documents.get(name) ?? { name, 'dist-tags': {}, versions: {} };
    // Packages for other platforms were never installed: their lockfile entry is all there is.
    const installed = await readFile(path.join(root, where, 'package.json'), 'utf8').then((text) => JSON.parse(text) as Record<string, unknown>, () => entry);
    const manifest = Object.fromEntries(MANIFEST_FIELDS.filter((field) => installed[field] !== undefined).map((field) => [field, installed[field]]));
    document.versions[entry.version] = { ...manifest, name, version: entry.version, _hasShrinkwrap: false, dist: { tarball, integrity: entry.integrity } };
    documents.set(name, document);
  }
  for (const document of documents.values()) document['dist-tags'].latest = semver.rsort(Object.keys(document.versions))[0];

  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const document = req.method === 'GET' ? documents.get(decodeURIComponent((req.url ?? '/').slice(1).split('?')[0])) : undefined;
    res.writeHead(document ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(document ?? { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
