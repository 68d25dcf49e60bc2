// The health of the server's parts, for GET /system/ping: a list of named checks, each answering
// OK, STARTING or UNHEALTHY. Any UNHEALTHY part makes the server UNHEALTHY; otherwise any STARTING
// part makes it STARTING (up, but not ready to serve everything); otherwise it is OK.
import type { Store } from '../store/store.ts';
import type { FileStore } from './file-store/file-store.ts';

export type HealthStatus = 'OK' | 'STARTING' | 'UNHEALTHY';

export interface HealthCheck {
  /** Names the part in the detailed ping: `<name>_status` (`database_status`, `filestore_status`). */
  name: string;
  /**
   * What is already known, without any I/O: plain pings (a load balancer's frequent liveness check)
   * answer from this alone. Omitted when only `probe` can tell; the part then counts as OK there.
   */
  known?(): HealthStatus;
  /** A real check, which may reach the part (a query, a file write): detailed pings run it. */
  probe(): Promise<HealthStatus>;
}

export interface HealthReport {
  status: HealthStatus;
  /** Each check's status by name; only in a probed report. */
  parts: Record<string, HealthStatus>;
}

export interface HealthDeps {
  store: Store;
  /** The file store FileSettings currently name. */
  fileStore: () => FileStore;
}

export class HealthService {
  #checks: HealthCheck[] = [];

  constructor(deps: HealthDeps) {
    this.add({
      name: 'database',
      // The monitor learns of an outage from the failing connections themselves and from the
      // embedded cluster's supervisor; a restarting database is down, not starting.
      known: () => (deps.store.monitor.reachable ? 'OK' : 'UNHEALTHY'),
      probe: async () => (deps.store.monitor.reachable && (await deps.store.isHealthy()) ? 'OK' : 'UNHEALTHY'),
    });
    this.add({
      name: 'filestore',
      probe: async () => {
        try {
          // A local directory exists and is writable; an S3 bucket answers.
          await deps.fileStore().check();
          return 'OK';
        } catch {
          return 'UNHEALTHY';
        }
      },
    });
  }

  /** Adds a part to every report from now on. */
  add(check: HealthCheck): void {
    this.#checks.push(check);
  }

  /** The overall status from what is already known (no I/O). */
  known(): HealthReport {
    return { status: worst(this.#checks.map((check) => check.known?.() ?? 'OK')), parts: {} };
  }

  /** Runs every check (in parallel) and reports each part. */
  async probe(): Promise<HealthReport> {
    const statuses = await Promise.all(this.#checks.map((check) => check.probe().catch((): HealthStatus => 'UNHEALTHY')));
    return { status: worst(statuses), parts: Object.fromEntries(this.#checks.map((check, i) => [check.name, statuses[i]])) };
  }
}

function worst(statuses: HealthStatus[]): HealthStatus {
  if (statuses.includes('UNHEALTHY')) return 'UNHEALTHY';
  if (statuses.includes('STARTING')) return 'STARTING';
  return 'OK';
}
