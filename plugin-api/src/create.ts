// `parley-plugin create <dir>`: a new plugin folder from the template this package ships
// (template/): the manifest, server code that binds a command handler and routes HTTP, a test that
// runs it in the real sandbox, package.json with build/test/check scripts, tsconfig.json and a README.
import { readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseManifest } from './manifest.ts';

const PACKAGE_ROOT = path.resolve(import.meta.dirname, '..');
const TEMPLATE = path.join(PACKAGE_ROOT, 'template');
const VERSION = (JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** npm leaves files named .gitignore out of packages, so the template keeps it under another name. */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

/** @since 0.1.0 */
export interface CreateOptions {
  /** The folder to create; its name becomes the npm package name, the command trigger and (by default) the plugin id's last part. */
  dir: string;
  /** The plugin id; default `com.example.<folder name>`. */
  id?: string;
}

/** @since 0.1.0 */
export interface CreateResult {
  /** Absolute path of the new folder. */
  dir: string;
  /** The plugin id written into plugin.json. */
  id: string;
  /** The files written, relative to `dir`, sorted. */
  files: string[];
}

/** The folder cannot be created as asked: the message says why. @since 0.1.0 */
export class PluginCreateError extends Error {
  override name = 'PluginCreateError';
}

/**
 * Writes a new plugin folder at `options.dir` (which must not exist, or be empty) from the
 * template: a plugin answering `/<folder name>` with a bound handler and `GET /greeting` with the
 * router, its test (node:test, @parley/plugin-testing), and package.json depending on this
 * version of @parley/plugin-api and @parley/plugin-testing. Nothing is installed.
 * @since 0.1.0
 */
export async function createPlugin(options: CreateOptions): Promise<CreateResult> {
  const dir = path.resolve(options.dir);
  const slug = path
    .basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug === '') throw new PluginCreateError(`cannot make a plugin name out of the folder name ${path.basename(dir)}: use letters or digits`);
  const existing = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw new PluginCreateError(`cannot use ${dir}: ${err.message}`);
  });
  if (existing.length > 0) throw new PluginCreateError(`${dir} is not empty: create the plugin in a new folder`);
  const values: Record<string, string> = {
    __ID__: options.id ?? `com.example.${slug}`,
    __NAME__: slug
      .split('-')
      .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
      .join(' '),
    __TRIGGER__: slug,
    __PACKAGE__: slug,
    __VERSION__: VERSION,
  };
  const rendered = await Promise.all(
    (await templateFiles()).map(async (file) => ({
      file: RENAMED[file] ?? file,
      text: (await readFile(path.join(TEMPLATE, file), 'utf8')).replace(/__(ID|NAME|TRIGGER|PACKAGE|VERSION)__/g, (token) => values[token]),
    })),
  );
  // A bad --id is refused before anything is written, with the manifest's own message.
  const manifest = parseManifest(rendered.find((f) => f.file === 'plugin.json')?.text ?? '');
  for (const { file, text } of rendered) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  }
  return { dir, id: manifest.id, files: rendered.map((f) => f.file).sort() };
}

async function templateFiles(): Promise<string[]> {
  const entries = await readdir(TEMPLATE, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(TEMPLATE, path.join(e.parentPath, e.name)));
}
