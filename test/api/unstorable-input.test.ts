// The backstop behind the edge checks: a value PostgreSQL refuses for what it holds (a NUL character)
// is the caller's 400, never a 500 and never mistaken for a lost database.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { UnstorableInput } from '../../core/src/store/store-errors.ts';
import { toAppError } from '../../core/src/errors/to-app-error.ts';

describe('values the database cannot store', () => {
  let ts: TestServer;
  before(async () => {
    ts = await startTestServer();
  });
  after(async () => {
    await ts.close();
  });

  it('refuses a NUL character reaching a query as UnstorableInput, a 400, and keeps the database reachable', async () => {
    const err = await ts.store.channels.findById('abc\u0000').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).to.be.instanceOf(UnstorableInput);
    expect(toAppError(err)).to.include({ status: 400, id: 'app.store.unstorable_input.app_error' });
    expect(ts.store.monitor.reachable).to.equal(true);
    expect(await ts.store.channels.findById('a'.repeat(26))).to.equal(null);
  });
});
