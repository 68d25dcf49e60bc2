// Turns a plugin folder into an installable bundle: validates plugin.json, bundles the server code
// into one self-contained ES module with esbuild, and packs a reproducible .tar.gz.
import { readFileSync } from 'node:fs';
import { chmod, copyFile, lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { build as esbuild, type BuildFailure, type Message, type Plugin } from 'esbuild';
import { create as createTar } from 'tar';
import { ManifestError, parseManifest, type Manifest, type ManifestOptions, type ManifestProblem } from './manifest.ts';

/**
 * Where the server module sits inside a bundle; the build writes it into `server.executable`.
 * @since 0.1.0
 */
export const SERVER_EXECUTABLE = 'server/plugin.js';

/**
 * The server code's entry module, relative to the plugin folder, in order of preference.
 * @since 0.1.0
 */
export const SERVER_ENTRY_POINTS = ['src/index.ts', 'src/index.js'] as const;

/**
 * Folders of the plugin folder copied into the bundle as they are, when present: `public/` is
 * served at /plugins/{id}/public/, `assets/` holds the icon and other files, `store/migrations/`
 * the SQL migrations of the plugin's store. A `.ts` file of `public/` (a view's script) is not
 * copied but bundled for the browser, with what it imports (`@parley/plugin-api/view`), into the
 * `.js` file beside it.
 * @since 0.1.0
 */
export const BUNDLED_FOLDERS = ['public', 'assets', 'store'] as const;

// Every entry gets the same mtime so that the same sources always give the same bytes.
const FIXED_MTIME = new Date('2000-01-01T00:00:00Z');

const PACKAGE_NAME = '@parley/plugin-api';
const PACKAGE_ROOT = path.resolve(import.meta.dirname, '..');
const PACKAGE_EXPORTS = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string> }).exports;

/** The plugin folder cannot be built: the message says why (esbuild's errors with file:line). @since 0.1.0 */
export class PluginBuildError extends Error {
  override name = 'PluginBuildError';
}

/** @since 0.1.0 */
export interface BuildOptions {
  /** The plugin folder (holds plugin.json). */
  dir: string;
  /** Where the .tar.gz goes; default `<dir>/dist`. Created when missing. */
  outDir?: string;
}

/** @since 0.1.0 */
export interface BuildResult {
  /** Absolute path of `<outDir>/<id>-<version>.tar.gz`. */
  file: string;
  /** The manifest as written into the bundle. */
  manifest: Manifest;
  /** The archive's entries, in archive order (`<id>/plugin.json`, ...). */
  entries: string[];
  /** Fields of plugin.json left out of the bundle because neither Mattermost nor Parley defines them. */
  ignoredFields: ManifestProblem[];
}

/**
 * Reads and validates `<dir>/plugin.json`; a ManifestError names the file and every bad field.
 * @since 0.1.0
 */
export async function readPluginManifest(dir: string, options: ManifestOptions = {}): Promise<Manifest> {
  const file = path.resolve(dir, 'plugin.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw new PluginBuildError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return parseManifest(text, options);
  } catch (err) {
    if (err instanceof ManifestError) throw new ManifestError(err.problems, `${file}: ${err.message}`);
    throw err;
  }
}

/**
 * Bundles the plugin's server code (`src/index.ts`, else `src/index.js`) with everything it
 * imports into one ES module with no imports left, and returns its text. `@parley/plugin-api`
 * resolves to this package; Node built-ins and anything unresolvable fail the build, since the
 * sandbox gives a plugin no modules, `require`, `process`, filesystem or network.
 * @since 0.1.0
 */
export async function bundleServer(dir: string): Promise<string> {
  const root = path.resolve(dir);
  const entry = await findEntry(root);
  let output;
  try {
    output = await esbuild({
      entryPoints: [entry],
      absWorkingDir: root,
      bundle: true,
      write: false,
      outfile: path.join(root, SERVER_EXECUTABLE),
      format: 'esm',
      platform: 'neutral',
      target: 'es2023',
      mainFields: ['module', 'main'],
      // The sandbox evaluates the module once, under a start-up deadline.
      supported: { 'top-level-await': false },
      legalComments: 'none',
      charset: 'utf8',
      metafile: true,
      logLevel: 'silent',
      plugins: [sandboxResolver()],
    });
  } catch (err) {
    const failure = err as BuildFailure;
    if (!Array.isArray(failure.errors)) throw err;
    throw new PluginBuildError(`cannot bundle ${entry}:\n${failure.errors.map((m) => formatMessage(root, m)).join('\n')}`);
  }
  const leftover = Object.values(output.metafile.outputs).flatMap((o) => o.imports.map((i) => i.path));
  if (leftover.length > 0) {
    throw new PluginBuildError(`cannot bundle ${entry}: these imports would stay outside the bundle: ${leftover.join(', ')}`);
  }
  return output.outputFiles[0].text;
}

/**
 * Builds `<dir>` into `<outDir>/<id>-<version>.tar.gz`: one top-level folder `<id>/` holding
 * plugin.json (with `server.executable` set to SERVER_EXECUTABLE), the server module, and the
 * BUNDLED_FOLDERS that exist. Entries are sorted and carry fixed times and modes, so building the
 * same sources twice gives the same bytes.
 * @since 0.1.0
 */
export async function buildPlugin(options: BuildOptions): Promise<BuildResult> {
  const dir = path.resolve(options.dir);
  const outDir = path.resolve(options.outDir ?? path.join(dir, 'dist'));
  const ignoredFields: ManifestProblem[] = [];
  const read = await readPluginManifest(dir, { onWarning: (warning) => ignoredFields.push(warning) });
  const manifest: Manifest = { ...read, server: { executable: SERVER_EXECUTABLE } };
  await checkIcon(dir, manifest);
  const code = await bundleServer(dir);

  const staging = await mkdtemp(path.join(os.tmpdir(), 'parley-plugin-build-'));
  try {
    const bundleRoot = path.join(staging, manifest.id);
    await writeBundleFile(bundleRoot, 'plugin.json', `${JSON.stringify(manifest, null, 2)}\n`);
    await writeBundleFile(bundleRoot, SERVER_EXECUTABLE, code);
    for (const folder of BUNDLED_FOLDERS) await copyFolder(path.join(dir, folder), path.join(bundleRoot, folder), folder === 'public');
    const entries = (await regularFiles(bundleRoot)).map((file) => `${manifest.id}/${file}`).sort(byCodeUnits);

    await mkdir(outDir, { recursive: true });
    const file = path.join(outDir, `${manifest.id}-${manifest.version}.tar.gz`);
    const partial = `${file}.${process.pid}.partial`;
    await createTar({ cwd: staging, file: partial, gzip: true, portable: true, mtime: FIXED_MTIME, noDirRecurse: true }, entries);
    await rename(partial, file);
    return { file, manifest, entries, ignoredFields };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function findEntry(root: string): Promise<string> {
  for (const candidate of SERVER_ENTRY_POINTS) {
    const file = path.join(root, candidate);
    if (await isFile(file)) return file;
  }
  throw new PluginBuildError(`${root} has no server code: expected ${SERVER_ENTRY_POINTS.join(' or ')}`);
}

/** Resolves @parley/plugin-api to this package and refuses Node built-ins with a clear reason. */
function sandboxResolver(): Plugin {
  const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
  return {
    name: 'parley-sandbox',
    setup(build) {
      build.onResolve({ filter: /^@parley\/plugin-api(\/|$)/ }, (args) => {
        const subpath = `.${args.path.slice(PACKAGE_NAME.length)}`;
        const target = PACKAGE_EXPORTS[subpath];
        if (target === undefined) return { errors: [{ text: `${PACKAGE_NAME} has no export "${subpath}"` }] };
        return { path: path.join(PACKAGE_ROOT, target) };
      });
      build.onResolve({ filter: /^[a-z_:]+(\/|$)/ }, (args) => {
        if (!builtins.has(args.path) && !args.path.startsWith('node:')) return undefined;
        return {
          errors: [{ text: `"${args.path}" is a Node.js module: plugins run in a sandbox without Node's modules, filesystem, network or process; use the plugin API instead` }],
        };
      });
    },
  };
}

function formatMessage(root: string, message: Message): string {
  const where = message.location ? `${path.relative(root, path.resolve(root, message.location.file))}:${message.location.line}:${message.location.column + 1}: ` : '';
  const hint = message.text.startsWith('Top-level await') ? ' (plugins cannot use top-level await: do start-up work in onActivate)' : '';
  return `  ${where}${message.text}${hint}`;
}

async function checkIcon(dir: string, manifest: Manifest): Promise<void> {
  const icon = manifest.icon_path;
  if (icon === undefined) return;
  if (!BUNDLED_FOLDERS.some((folder) => icon.startsWith(`${folder}/`))) {
    throw new PluginBuildError(`icon_path ${icon} must be inside ${BUNDLED_FOLDERS.map((f) => `${f}/`).join(' or ')}, the folders a bundle carries`);
  }
  if (!(await isFile(path.join(dir, icon)))) throw new PluginBuildError(`icon_path ${icon} does not exist in ${dir}`);
}

async function writeBundleFile(bundleRoot: string, relative: string, content: string): Promise<void> {
  const file = path.join(bundleRoot, relative);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content);
}

/** Copies regular files and folders only: links and special files have no place in a bundle. */
async function copyFolder(from: string, to: string, bundleScripts = false): Promise<void> {
  const info = await lstat(from).catch(() => undefined);
  if (info === undefined) return;
  if (!info.isDirectory()) throw new PluginBuildError(`${from} must be a folder`);
  await mkdir(to, { recursive: true });
  for (const entry of await readdir(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) await copyFolder(source, target, bundleScripts);
    else if (entry.isFile() && bundleScripts && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      const script = target.replace(/\.ts$/, '.js');
      await writeFile(script, await bundleViewScript(source));
      await chmod(script, 0o644);
    } else if (entry.isFile()) {
      await copyFile(source, target);
      await chmod(target, 0o644);
    } else throw new PluginBuildError(`${source} is not a regular file or folder (links and special files cannot be bundled)`);
  }
}

/** A view's script with everything it imports, as one script for the browser (no module loader in a sandboxed frame). */
async function bundleViewScript(entry: string): Promise<string> {
  try {
    const output = await esbuild({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2022', legalComments: 'none', charset: 'utf8', logLevel: 'silent', plugins: [sandboxResolver()] });
    return output.outputFiles[0].text;
  } catch (err) {
    const failure = err as BuildFailure;
    if (!Array.isArray(failure.errors)) throw err;
    throw new PluginBuildError(`cannot bundle the view script ${entry}:\n${failure.errors.map((m) => formatMessage(path.dirname(entry), m)).join('\n')}`);
  }
}

/** Paths of the regular files below `root`, relative to it, with `/` separators. */
async function regularFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => undefined))?.isFile() ?? false;
}

function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
