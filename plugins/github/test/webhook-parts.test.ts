import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import type { PluginAPI } from '@parley/plugin-api';
import { DELIVERY_LOG_SIZE, DeliveryLog, renderDeliveryLog, type DeliveryLogEntry } from '../src/webhook/delivery-log.ts';
import { checkSignature } from '../src/webhook/signature.ts';
import { utf8Length } from '../src/webhook/webhook-route.ts';
import { FakeKv } from './subscriptions-fake-kv.ts';

/** api.crypto's hmac and timingSafeEqual, done locally. */
const crypto = {
  hmac: async (algorithm: string, key: { secret: string }, data: string) => createHmac(algorithm, key.secret).update(data).digest('hex'),
  timingSafeEqual: async (a: string, b: string) => a === b,
} as unknown as PluginAPI['crypto'];
const mac = (algorithm: string, body: string, secret = 's3cret') => `${algorithm}=${createHmac(algorithm, secret).update(body).digest('hex')}`;

const entry = (n: number): DeliveryLogEntry => ({ at: Date.UTC(2026, 0, 2, 3, 4, 5), event: 'push', action: '', repository: 'octo/repo', delivery_id: `d${n}`, outcome: 'accepted', detail: 'channels: posted to 1 channel' });

describe('github webhook parts', () => {
  it('checks X-Hub-Signature-256, or the SHA-1 X-Hub-Signature only when it comes alone', async () => {
    const body = '{"zen":"Keep it logically awesome."}';
    expect(await checkSignature(crypto, 's3cret', { 'x-hub-signature-256': mac('sha256', body) }, body)).to.equal('valid');
    expect(await checkSignature(crypto, 's3cret', { 'x-hub-signature-256': mac('sha256', body).toUpperCase().replace('SHA256=', 'sha256=') }, body)).to.equal('valid');
    expect(await checkSignature(crypto, 's3cret', { 'x-hub-signature': mac('sha1', body) }, body)).to.equal('valid');
    expect(await checkSignature(crypto, 's3cret', { 'x-hub-signature': mac('sha1', body), 'x-hub-signature-256': 'sha256=bad' }, body)).to.equal('invalid');
    expect(await checkSignature(crypto, 's3cret', { 'x-hub-signature-256': mac('sha256', body, 'other') }, body)).to.equal('invalid');
    expect(await checkSignature(crypto, 's3cret', {}, body)).to.equal('missing');
  });

  it('measures bodies in UTF-8 bytes', () => {
    expect(utf8Length('a')).to.equal(1);
    expect(utf8Length('é')).to.equal(2);
    expect(utf8Length('€')).to.equal(3);
    expect(utf8Length('😀')).to.equal(4);
    expect(utf8Length('a€😀')).to.equal(Buffer.byteLength('a€😀'));
  });

  it('keeps the last 50 deliveries, newest first', async () => {
    const log = new DeliveryLog(new FakeKv());
    for (let n = 0; n < DELIVERY_LOG_SIZE + 5; n++) await log.record(entry(n));
    const kept = await log.entries();
    expect(kept).to.have.length(DELIVERY_LOG_SIZE);
    expect(kept[0].delivery_id).to.equal(`d${DELIVERY_LOG_SIZE + 4}`);
    expect(kept.at(-1)?.delivery_id).to.equal('d5');
  });

  it('writes the deliveries recorded together in one write, none lost, newest first', async () => {
    const kv = new FakeKv();
    let writes = 0;
    const counting = { get: kv.get.bind(kv), compareAndSet: (key: string, expected: unknown, next: unknown) => (writes++, kv.compareAndSet(key, expected, next)) };
    const log = new DeliveryLog(counting as typeof kv);
    await Promise.all(Array.from({ length: 10 }, (_, n) => log.record(entry(n))));
    expect((await log.entries()).map((e) => e.delivery_id)).to.deep.equal(['d9', 'd8', 'd7', 'd6', 'd5', 'd4', 'd3', 'd2', 'd1', 'd0']);
    // Recorded before the first write began, all ten go in it.
    expect(writes).to.equal(1);
    await Promise.all([log.record(entry(10)), log.record(entry(11))]);
    expect(writes).to.equal(2);
    expect((await log.entries())[0].delivery_id).to.equal('d11');
  });

  it('shows the log as a table, refusals marked, pipes escaped', () => {
    const table = renderDeliveryLog([{ ...entry(1), outcome: 'refused', event: '', detail: '401 github.webhook.signature_invalid: a|b' }, entry(2)]);
    expect(table.split('\n')).to.deep.equal([
      '#### Last 2 webhook deliveries (newest first, UTC)',
      '| time | event | action | repository | delivery | result |',
      '|---|---|---|---|---|---|',
      '| 2026-01-02 03:04:05 | – | – | octo/repo | d1 | **refused**: 401 github.webhook.signature_invalid: a\\|b |',
      '| 2026-01-02 03:04:05 | push | – | octo/repo | d2 | channels: posted to 1 channel |',
    ]);
    expect(renderDeliveryLog([])).to.match(/No webhook delivery has arrived yet/);
  });
});
