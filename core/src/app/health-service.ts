// Health of the server's dependencies, for GET /system/ping?get_server_status=true.
import type { Store } from '../store/store.ts';
import type { FileStore } from './file-store/file-store.ts';

export interface HealthDeps {
  store: Store;
  /** The file store FileSettings currently name. */
  fileStore: () => FileStore;
}

export class HealthService {
  #deps: HealthDeps;

  constructor(deps: HealthDeps) {
    this.#deps = deps;
  }

  databaseIsHealthy(): Promise<boolean> {
    return this.#deps.store.isHealthy();
  }

  /** The file store can be reached and written (a local directory exists and is writable; an S3 bucket answers). */
  async fileStoreIsHealthy(): Promise<boolean> {
    try {
      await this.#deps.fileStore().check();
      return true;
    } catch {
      return false;
    }
  }
}
