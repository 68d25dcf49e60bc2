// The file store FileSettings.DriverName names: a local directory, or an S3-compatible bucket.
import type { Config } from '../../config/config-schema.ts';
import { fileStoreDirectory } from '../../config/data-paths.ts';
import type { FileStore } from './file-store.ts';
import { LocalFileStore } from './local-file-store.ts';
import { S3FileStore } from './s3-file-store.ts';

export function createFileStore(config: Readonly<Config>, dataDir: string): FileStore {
  const settings = config.FileSettings;
  if (settings.DriverName === 'amazons3') return new S3FileStore(settings);
  return new LocalFileStore(fileStoreDirectory(config, dataDir));
}
