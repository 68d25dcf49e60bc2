// Where uploaded files live: one interface, a driver per FileSettings.DriverName (chosen in
// create-file-store.ts). Keys are relative paths the server builds itself
// (`20260101/teams/.../name.png`); drivers never see anything a client wrote directly.
import path from 'node:path';
import type { Readable } from 'node:stream';

/** What a driver stores: a file on local disk (an upload already received) or a small buffer (a thumbnail). */
export type FileSource = { file: string; size: number } | Buffer;

export interface FileStore {
  /** Stores the object whole: readers see the old object or the new one, never a part. */
  write(key: string, source: FileSource): Promise<void>;
  /** The object's bytes, or null when there is no such object. */
  read(key: string): Promise<Readable | null>;
  /** Removes the object; removing one that does not exist is not an error. */
  remove(key: string): Promise<void>;
  /** The keys of the objects under `folder` (a key prefix ending in `/`), at any depth, in no particular order. */
  list(folder: string): Promise<string[]>;
  /** Throws when the store cannot be reached or written. */
  check(): Promise<void>;
}

/** Refuses keys that could leave the store's root: absolute, `..`, empty or NUL-bearing segments. */
export function checkKey(key: string): string {
  const segments = key.split('/');
  if (key.includes('\0') || path.isAbsolute(key) || segments.some((s) => s === '' || s === '.' || s === '..')) {
    throw new Error(`invalid file store key: ${JSON.stringify(key)}`);
  }
  return key;
}
