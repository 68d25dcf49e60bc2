// One install's private folder, inside the plugin directory so that the unpacked plugin moves into
// place by a rename. Whoever stages a bundle owns the folder: `await using` removes it, whatever
// happened, once the install is over.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { AppError } from '../../errors/app-error.ts';
import { bundleTooLarge } from './bundle-reader.ts';

/** Staging folders start with a dot, which no plugin id can (ids start with a letter or digit). */
export const STAGING_PREFIX = '.staging-';

export class StagedBundle implements AsyncDisposable {
  /** The staging folder. */
  readonly dir: string;
  /** Where the received `.tar.gz` goes: created by whoever receives it, it must not exist before. */
  readonly bundleFile: string;
  /** The most bytes the received bundle may have. */
  readonly maxBytes: number;

  constructor(dir: string, maxBytes: number) {
    this.dir = dir;
    this.bundleFile = path.join(dir, 'bundle.tar.gz');
    this.maxBytes = maxBytes;
  }

  /** A fresh staging folder in `pluginDir`. */
  static async create(pluginDir: string, maxBytes: number): Promise<StagedBundle> {
    await mkdir(pluginDir, { recursive: true });
    return new StagedBundle(await mkdtemp(path.join(pluginDir, STAGING_PREFIX)), maxBytes);
  }

  /** The refusal of a bundle bigger than maxBytes, for whoever receives it. */
  tooLarge(): AppError {
    return bundleTooLarge(this.maxBytes);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
