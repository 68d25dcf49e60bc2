// FileSettings.DriverName = local: objects are files under one directory (FileSettings.Directory).
import { randomBytes } from 'node:crypto';
import { access, constants, copyFile, mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { checkKey, type FileSource, type FileStore } from './file-store.ts';

/** Marks a file still being written: not an object yet. */
const PARTIAL_MARK = '.partial-';

export class LocalFileStore implements FileStore {
  #root: string;

  constructor(root: string) {
    this.#root = root;
  }

  async write(key: string, source: FileSource): Promise<void> {
    const target = this.#path(key);
    await mkdir(path.dirname(target), { recursive: true });
    // Written beside the target and renamed over it, so a crash never leaves half a file under its name.
    const partial = `${target}${PARTIAL_MARK}${randomBytes(6).toString('hex')}`;
    try {
      if (Buffer.isBuffer(source)) {
        const handle = await open(partial, 'wx');
        try {
          await handle.writeFile(source);
        } finally {
          await handle.close();
        }
      } else {
        await copyFile(source.file, partial);
      }
      await rename(partial, target);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
  }

  async read(key: string): Promise<Readable | null> {
    const file = this.#path(key);
    try {
      const handle = await open(file, 'r');
      return handle.createReadStream();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }

  async list(folder: string): Promise<string[]> {
    const dir = this.#path(folder.replace(/\/+$/, ''));
    const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [];
      throw err;
    });
    return entries
      .filter((entry) => entry.isFile() && !entry.name.includes(PARTIAL_MARK))
      .map((entry) => path.relative(this.#root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  }

  async check(): Promise<void> {
    await mkdir(this.#root, { recursive: true });
    await access(this.#root, constants.W_OK);
  }

  #path(key: string): string {
    return path.join(this.#root, checkKey(key));
  }
}
