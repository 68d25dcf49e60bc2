// Health of the server's dependencies, for GET /system/ping?get_server_status=true.
import type { Store } from '../store/store.ts';

export class HealthService {
  #store: Store;

  constructor(store: Store) {
    this.#store = store;
  }

  databaseIsHealthy(): Promise<boolean> {
    return this.#store.isHealthy();
  }
}
