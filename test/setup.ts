// Mocha root hooks: the run's PostgreSQL cluster is started before the first suite and stopped after
// the last; then a watchdog ends the run if anything a suite opened still keeps the process alive.
import { startTestCluster, stopTestCluster } from './helpers/database.ts';
import { armLeakWatchdog } from './helpers/leak-watchdog.ts';

const STOP_TIMEOUT_MS = 30_000;
/** How long the process may take to wind down once the cluster is stopped. */
const WIND_DOWN_MS = 5_000;

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    await startTestCluster();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(STOP_TIMEOUT_MS);
    // Armed first, so the run still ends if stopping the cluster outlives this hook's timeout.
    armLeakWatchdog(STOP_TIMEOUT_MS + WIND_DOWN_MS);
    await stopTestCluster();
    armLeakWatchdog(WIND_DOWN_MS);
  },
};
