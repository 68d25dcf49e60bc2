// Health of the server's dependencies, for GET /system/ping?get_server_status=true.
import { access, constants, mkdir } from 'node:fs/promises';
import type { ConfigService } from '../config/config-service.ts';
import { fileStoreDirectory } from '../config/data-paths.ts';
import type { Store } from '../store/store.ts';

export interface HealthDeps {
  store: Store;
  config: ConfigService;
  dataDir: string;
}

export class HealthService {
  #deps: HealthDeps;

  constructor(deps: HealthDeps) {
    this.#deps = deps;
  }

  databaseIsHealthy(): Promise<boolean> {
    return this.#deps.store.isHealthy();
  }

  /** The local file store exists (or can be created) and the server may write to it. */
  async fileStoreIsHealthy(): Promise<boolean> {
    const dir = fileStoreDirectory(this.#deps.config.get(), this.#deps.dataDir);
    try {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  }
}
