import { expect } from 'chai';
import { createResponseUrl, RESPONSE_URL_LIFETIME_SECONDS, useResponseUrl } from '../src/custom/response-urls.ts';
import { HttpError } from '@parley/plugin-api';
import { FakeKv } from './fake-kv.ts';

const RUN = { command_id: 'c', user_id: 'u', channel_id: 'ch', root_id: '' };

async function useError(kv: FakeKv, id: string): Promise<string> {
  return useResponseUrl(kv, id).then(
    () => 'used',
    (err: HttpError) => `${err.status} ${err.id}`,
  );
}

describe('slash-commands response URLs', () => {
  it('serves five uses, even concurrent ones, and refuses the sixth', async () => {
    const kv = new FakeKv();
    const id = await createResponseUrl(kv, RUN);
    const uses = await Promise.all(Array.from({ length: 7 }, () => useError(kv, id)));
    expect(uses.filter((u) => u === 'used')).to.have.length(5);
    expect(uses.filter((u) => u !== 'used')).to.deep.equal(['400 app.command_webhook.try_use.invalid', '400 app.command_webhook.try_use.invalid']);
    expect((await useResponseUrl(new FakeKv(), id).catch((err: HttpError) => err.id))).to.equal('app.command_webhook.get.missing');
  });

  it('returns the run behind the URL, and nothing once 30 minutes have passed', async () => {
    const kv = new FakeKv();
    const id = await createResponseUrl(kv, RUN);
    expect(await useResponseUrl(kv, id)).to.include(RUN);
    kv.now += RESPONSE_URL_LIFETIME_SECONDS * 1000;
    expect(await useError(kv, id)).to.equal('404 app.command_webhook.get.missing');
  });

  it('lets the use counters expire with the URL', async () => {
    const kv = new FakeKv();
    const id = await createResponseUrl(kv, RUN);
    await useResponseUrl(kv, id);
    kv.now += RESPONSE_URL_LIFETIME_SECONDS * 1000;
    expect(await kv.list(0, 100)).to.deep.equal([]);
  });
});
