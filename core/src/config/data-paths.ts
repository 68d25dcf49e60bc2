// Where the server keeps files locally, derived from the settings and the data directory.
import path from 'node:path';
import type { Config } from './config-schema.ts';

/** FileSettings.Directory, or `<data dir>/files`. */
export function fileStoreDirectory(config: Readonly<Config>, dataDir: string): string {
  return path.resolve(config.FileSettings.Directory || path.join(dataDir, 'files'));
}
