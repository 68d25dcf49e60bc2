// A cluster bus is ready when it can both hear the cluster's channel and send on it: its two Redis
// connections come up apart, and a message sent before the sending one is up is dropped (not
// queued) — so what a node sends right after ready() must reach the others.
import { expect } from 'chai';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { RedisEventBus } from '../../core/src/cluster/redis-event-bus.ts';
import { silentLogger } from '../../core/src/logger.ts';
import { startRedis, type TestRedis } from '../helpers/redis.ts';
import { uniqueName } from '../helpers/fixtures.ts';
import { eventually } from '../helpers/ws-client.ts';

/** Buses started at once: each is a chance for its subscription to come up before its publisher. */
const BUSES = 20;
/** How long the proxy holds back every other connection (a bus's publisher connects first, then its subscriber). */
const HOLD_MS = 300;

/** A loopback proxy to Redis that holds back the 1st, 3rd, 5th… connection it accepts for HOLD_MS: a slow publisher connection. */
async function startHoldingProxy(port: number): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((client) => {
    const hold = accepted++ % 2 === 0;
    client.pause();
    setTimeout(() => {
      const upstream = connect(port, '127.0.0.1');
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.once('close', () => sockets.delete(socket));
        socket.on('error', () => {
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
      client.resume();
    }, hold ? HOLD_MS : 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${address.port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('Redis cluster bus readiness', function () {
  this.timeout(60_000);
  let redis: TestRedis;

  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    await redis?.stop();
  });

  it('is connected both ways once ready, so what it sends at once reaches the other nodes', async () => {
    const clusterName = uniqueName('bus');
    const proxy = await startHoldingProxy(redis.port);
    const listener = new RedisEventBus({ url: redis.url, clusterName, logger: silentLogger() });
    const buses: RedisEventBus[] = [];
    for (let i = 0; i < BUSES; i++) buses.push(new RedisEventBus({ url: proxy.url, clusterName, logger: silentLogger() }));
    try {
      await listener.ready();
      const heard = new Set<unknown>();
      listener.onPeerMessage('hello', (data) => heard.add((data as { from: number }).from));
      await Promise.all(
        buses.map(async (bus, i) => {
          await bus.ready();
          expect(bus.connected, `bus ${i} connected once ready`).to.equal(true);
          bus.sendToPeers({ type: 'hello', data: { from: i } });
        }),
      );
      await eventually(() => expect(heard.size).to.equal(BUSES));
    } finally {
      await Promise.all([listener, ...buses].map((bus) => bus.close()));
      await proxy.close();
    }
  });
});
