// Folders of real bundles for the marketplace suites: tar.gz files built by the test helpers,
// signed with throw-away Ed25519 keys.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pluginBundle, type PluginSpec, type TarEntry } from '../../test/helpers/plugin-bundles.ts';
import { signBundleData } from '../src/signing.ts';

export interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

export function keyPair(): KeyPair {
  return generateKeyPairSync('ed25519');
}

/** A fresh folder, removed by the returned cleanup. */
export async function tempFolder(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'parley-marketplace-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface BundleFileOptions {
  /** Sign with this key (writes `<file>.sig`). */
  signWith?: KeyObject;
  extra?: TarEntry[];
  /** File name in the folder; `<id>-<version>.tar.gz` unless given. */
  file?: string;
}

/** Writes a valid bundle for `spec` into `dir`; returns its path and bytes. */
export async function writeBundle(dir: string, spec: PluginSpec, options: BundleFileOptions = {}): Promise<{ file: string; data: Buffer }> {
  const data = pluginBundle(spec, options.extra);
  const file = path.join(dir, options.file ?? `${spec.id}-${spec.version ?? '1.0.0'}.tar.gz`);
  await writeFile(file, data);
  if (options.signWith) await writeFile(`${file}.sig`, `${signBundleData(data, options.signWith)}\n`);
  return { file, data };
}

export const ICON_SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><circle cx="4" cy="4" r="3"/></svg>';
