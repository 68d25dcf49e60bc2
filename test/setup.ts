// Mocha root hooks: the run's PostgreSQL cluster is started before the first suite and stopped after the last.
import { startTestCluster, stopTestCluster } from './helpers/database.ts';

export const mochaHooks = {
  async beforeAll(this: Mocha.Context) {
    this.timeout(120_000);
    await startTestCluster();
  },
  async afterAll(this: Mocha.Context) {
    this.timeout(30_000);
    await stopTestCluster();
  },
};
