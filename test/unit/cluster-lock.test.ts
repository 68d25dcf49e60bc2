// withClusterLock: the lock is given back however the work ends.
import { expect } from 'chai';
import { withClusterLock, type ClusterLock } from '@parley/plugin-api';

function fakeCluster(unlockError?: { id: string }) {
  const calls: string[] = [];
  return {
    calls,
    async lock(name: string): Promise<ClusterLock> {
      calls.push(`lock ${name}`);
      return { name, token: 't1', expires_at: 0 };
    },
    async unlock(name: string, token: string): Promise<void> {
      calls.push(`unlock ${name} ${token}`);
      if (unlockError) throw unlockError;
    },
  };
}

describe('withClusterLock', () => {
  it('runs the work under the lock and releases it after', async () => {
    const cluster = fakeCluster();
    expect(await withClusterLock(cluster, 'sync', (lock) => `ran with ${lock.token}`)).to.equal('ran with t1');
    expect(cluster.calls).to.deep.equal(['lock sync', 'unlock sync t1']);
  });

  it('releases the lock when the work throws, and passes the error on', async () => {
    const cluster = fakeCluster();
    const failed = await withClusterLock(cluster, 'sync', () => {
      throw new Error('boom');
    }).catch((err: Error) => err.message);
    expect(failed).to.equal('boom');
    expect(cluster.calls).to.deep.equal(['lock sync', 'unlock sync t1']);
  });

  it('treats a lock that expired during the work as given back, and reports other unlock failures', async () => {
    expect(await withClusterLock(fakeCluster({ id: 'plugin.cluster.lock_lost' }), 'sync', () => 1)).to.equal(1);
    const failed = await withClusterLock(fakeCluster({ id: 'plugin.api.unavailable' }), 'sync', () => 1).catch((err: { id: string }) => err.id);
    expect(failed).to.equal('plugin.api.unavailable');
  });
});
