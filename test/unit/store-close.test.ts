// Closing the store while statements are still opening connections: close() must finish, and each
// statement either answers or fails with DatabaseUnavailable — none keeps a connection checked out.
import { expect } from 'chai';
import { Store } from '../../core/src/store/store.ts';
import { DatabaseUnavailable } from '../../core/src/store/store-errors.ts';
import { dropDatabase, freshDatabase } from '../helpers/database.ts';

describe('store close', () => {
  let url: string;
  before(async () => {
    url = await freshDatabase();
  });
  after(async () => {
    await dropDatabase(url);
  });

  it('finishes while statements begun just before it are opening new connections', async function () {
    this.timeout(10_000);
    const store = await Store.open({ url, maxConnections: 10 });
    // More statements than the pool has idle connections, so most of them open a new one.
    const statements = Array.from({ length: 8 }, () => store.users.findById('u'.repeat(26)).then(
      () => 'answered',
      (err: unknown) => (err instanceof DatabaseUnavailable ? 'refused' : err),
    ));
    const closing = store.close();
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([closing.then(() => 'closed'), new Promise((resolve) => (timer = setTimeout(resolve, 5_000, 'close hung')))]);
    clearTimeout(timer);
    expect(outcome).to.equal('closed');
    for (const result of await Promise.all(statements)) expect(result).to.be.oneOf(['answered', 'refused']);
  });
});
