// The standalone media service's limit on wrong keys (core/src/media/login-failures.ts): a real
// MediaServer on loopback and real WebSocket upgrades, from 127.0.0.1 and other loopback addresses
// (the whole 127/8 is `lo`), with the limit's clock in the test's hand. No peer connects, so no
// media is sent.
import { expect } from 'chai';
import { WebSocket } from 'ws';
import { MediaServer } from '../../core/src/media/media-server.ts';
import { addressKey } from '../../core/src/media/login-failures.ts';
import { silentLogger } from '../../core/src/logger.ts';

const CLIENT = 'parley';
const KEY = 'the-key-of-the-parley-client';
const INTERVAL_MS = 60_000;

type Answer = { status: number; retryAfter: string | undefined; id: unknown } | 'open';

/** An upgrade to /ws with `key`, from the loopback address `from`: the refusal, or 'open' (the link is closed again at once). */
function upgrade(address: string, key: string, from = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://${address}/ws`, { headers: { authorization: `Basic ${Buffer.from(`${CLIENT}:${key}`).toString('base64')}` }, localAddress: from });
    socket.once('open', () => {
      socket.once('close', () => resolve('open'));
      socket.close();
    });
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode!, retryAfter: response.headers['retry-after'], id: (JSON.parse(text) as { id?: unknown }).id }));
    });
  });
}

describe('standalone media service: wrong keys from one address', function () {
  this.timeout(30_000);
  let server: MediaServer;
  let address: string;
  let now = 1_000_000;

  const refused = { status: 401, retryAfter: undefined, id: 'media.auth.refused' };
  const heldOff = (seconds: number) => ({ status: 429, retryAfter: String(seconds), id: 'media.auth.throttled' });

  beforeEach(async () => {
    now = 1_000_000;
    server = new MediaServer({
      config: { udpAddress: '127.0.0.1', udpPort: 0, enableTcp: false, iceHostOverride: '', iceServers: [] },
      clients: new Map([[CLIENT, KEY]]),
      logger: silentLogger(),
      loginFailureLimit: { burst: 3, intervalMs: INTERVAL_MS, addresses: 2 },
      now: () => now,
    });
    const listening = await server.listen('127.0.0.1', 0);
    address = `127.0.0.1:${listening.port}`;
  });
  afterEach(async () => {
    await server?.close();
  });

  it('holds an address off after a burst of wrong keys, refusing even the right key then, while other addresses and the right key elsewhere get in', async () => {
    for (let i = 0; i < 3; i++) expect(await upgrade(address, `wrong-key-number-${i}`), `wrong key ${i}`).to.deep.equal(refused);
    expect(await upgrade(address, 'wrong-key-number-3')).to.deep.equal(heldOff(60));
    // The right key is not even compared while held off: a guess would learn nothing.
    expect(await upgrade(address, KEY)).to.deep.equal(heldOff(60));
    // Another address is not held off.
    expect(await upgrade(address, KEY, '127.0.0.2')).to.equal('open');
    expect(await upgrade(address, 'wrong-key-elsewhere', '127.0.0.2')).to.deep.equal(refused);
  });

  it('lets a held-off address try once more each interval, and in with the right key', async () => {
    for (let i = 0; i < 3; i++) await upgrade(address, `wrong-key-number-${i}`);
    now += INTERVAL_MS / 2;
    expect(await upgrade(address, KEY)).to.deep.equal(heldOff(30));
    now += INTERVAL_MS / 2;
    // One try: wrong again, and it waits a whole interval more.
    expect(await upgrade(address, 'still-the-wrong-key')).to.deep.equal(refused);
    expect(await upgrade(address, KEY)).to.deep.equal(heldOff(60));
    now += INTERVAL_MS;
    expect(await upgrade(address, KEY)).to.equal('open');
  });

  it('remembers a bounded number of addresses, forgetting the oldest first', async () => {
    for (let i = 0; i < 3; i++) await upgrade(address, `wrong-key-number-${i}`);
    expect(await upgrade(address, KEY)).to.deep.equal(heldOff(60));
    // Two more addresses fail once each: the limit remembers two, so 127.0.0.1 is forgotten.
    await upgrade(address, 'wrong-key', '127.0.0.2');
    await upgrade(address, 'wrong-key', '127.0.0.3');
    expect(await upgrade(address, KEY)).to.equal('open');
  });

  it('does not count a missing key or a right one', async () => {
    const missing = await new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`ws://${address}/ws`);
      socket.once('error', reject);
      socket.once('unexpected-response', (_request, response) => resolve(response.statusCode!));
    });
    expect(missing).to.equal(401);
    for (let i = 0; i < 5; i++) expect(await upgrade(address, KEY)).to.equal('open');
    for (let i = 0; i < 3; i++) expect(await upgrade(address, `wrong-key-number-${i}`)).to.deep.equal(refused);
  });

  it('counts IPv4-mapped addresses as IPv4 and IPv6 addresses by their /64', () => {
    expect(addressKey('::ffff:127.0.0.1')).to.equal('127.0.0.1');
    expect(addressKey('10.1.2.3')).to.equal('10.1.2.3');
    expect(addressKey('2001:db8:0:1:aaaa::1')).to.equal('2001:db8:0:1::/64');
    expect(addressKey('2001:0db8:0000:0001:ffff:ffff:ffff:ffff')).to.equal('2001:db8:0:1::/64');
    expect(addressKey('2001:db8::1')).to.equal('2001:db8:0:0::/64');
    expect(addressKey('::1')).to.equal('0:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.1')).to.equal('64:ff9b:0:0::/64');
    expect(addressKey(undefined)).to.equal('');
  });
});
