// Raw SQL in repositories must take part in store.transaction(): a rollback undoes it.
import { expect } from 'chai';
import { Store } from '../../core/src/store/store.ts';
import { User } from '../../core/src/store/entities/user.ts';
import { dropDatabase, freshDatabase } from '../helpers/database.ts';

describe('store transactions', () => {
  let url: string;
  let store: Store;
  before(async () => {
    url = await freshDatabase();
    store = await Store.open({ url, maxConnections: 3 });
  });
  after(async () => {
    await store.close();
    await dropDatabase(url);
  });

  it('rolls back raw SQL run by a repository inside the transaction when the work throws', async () => {
    const id = 'u'.repeat(26);
    await store.users.insert(
      Object.assign(new User(), { id, createAt: 1, updateAt: 1, username: 'txuser', email: 'txuser@example.com', timezone: {}, props: {}, notifyProps: {} }),
    );
    const failure = new Error('abort the transaction');
    const outcome = await store
      .transaction(async (tx) => {
        expect(await tx.users.recordFailedLogin(id)).to.equal(1); // raw SQL through Repository.sql()
        throw failure;
      })
      .catch((err: unknown) => err);
    expect(outcome).to.equal(failure);
    expect((await store.users.findById(id))?.failedAttempts).to.equal(0);
  });

  it('holds an advisory lock taken with raw SQL until the transaction ends', async () => {
    const order: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    const first = store.transaction(async (tx) => {
      await tx.users.lockSignUps();
      order.push('first locked');
      await firstHolds;
      order.push('first done');
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = store.transaction(async (tx) => {
      await tx.users.lockSignUps();
      order.push('second locked');
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).to.deep.equal(['first locked', 'first done', 'second locked']);
  });
});
