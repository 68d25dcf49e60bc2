// Cluster-wide locks of plugins: one holder at a time across nodes (two lock services on one real
// PostgreSQL stand for two nodes), waits that end when the lock is released, expiry of a holder that
// went away, release when the plugin stops — and, through a real plugin in the sandbox, the API and
// its refusals.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { PluginLocks } from '../../core/src/plugins/runtime/plugin-locks.ts';
import { AppError } from '../../core/src/errors/app-error.ts';

const ID = 'com.example.locker';
// Each route runs one API call and answers what it returned, or the id of what it threw.
const SERVER = `
export default (api) => ({
  async onActivate() { await api.cluster.lock('held-while-running', { ttlMs: 600000 }); },
  async serveHttp(ctx, request) {
    const args = JSON.parse(request.body || '[]');
    try {
      return { body: JSON.stringify({ result: await api.cluster[request.path.slice(1)](...args) ?? null }) };
    } catch (err) {
      return { body: JSON.stringify({ error: err.id }) };
    }
  },
});`;

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    return (err as AppError).id;
  }
  throw new Error('expected a refusal');
}

describe('plugin cluster locks', () => {
  let ts: TestServer;
  let admin: Client4;
  let node1: PluginLocks;
  let node2: PluginLocks;

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    admin = (await createAdmin(ts)).client;
    node1 = new PluginLocks(ts.store.pluginLocks);
    node2 = new PluginLocks(ts.store.pluginLocks);
  });
  after(async () => {
    node1.close();
    node2.close();
    await ts.close();
  });

  it('lets one holder at a time have a name, across nodes, and the next one in once it is released', async () => {
    const held = await node1.lock('com.example.a', 'sync', 30_000, 0);
    expect(held).to.include({ name: 'sync' });
    expect(held.expires_at).to.be.above(Date.now());
    expect(await refusal(node2.lock('com.example.a', 'sync', 30_000, 0))).to.equal('plugin.cluster.lock_timeout');
    // Names are each plugin's own.
    await node2.lock('com.example.b', 'sync', 30_000, 0);
    const waiting = node2.lock('com.example.a', 'sync', 30_000, 10_000);
    await node1.unlock('com.example.a', 'sync', held.token);
    const next = await waiting;
    expect(next.token).to.not.equal(held.token);
    expect(await refusal(node1.unlock('com.example.a', 'sync', held.token))).to.equal('plugin.cluster.lock_lost');
    await node2.unlock('com.example.a', 'sync', next.token);
  });

  it('wakes a waiter on the same node as soon as the lock is released there', async () => {
    const held = await node1.lock('com.example.a', 'wake', 30_000, 0);
    let taken = false;
    const waiting = node1.lock('com.example.a', 'wake', 30_000, 30_000).then((lock) => {
      taken = true;
      return lock;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(taken).to.equal(false);
    await node1.unlock('com.example.a', 'wake', held.token);
    await node1.unlock('com.example.a', 'wake', (await waiting).token);
  });

  it('frees the lock of a holder whose time ran out, and refuses that holder\'s refresh and unlock', async () => {
    const stale = await node1.lock('com.example.a', 'ttl', 1000, 0);
    const refreshed = await node1.refresh('com.example.a', 'ttl', stale.token, 1000);
    expect(refreshed.expires_at).to.be.at.least(stale.expires_at);
    const next = await node2.lock('com.example.a', 'ttl', 30_000, 5000);
    expect(await refusal(node1.refresh('com.example.a', 'ttl', stale.token, 1000))).to.equal('plugin.cluster.lock_lost');
    expect(await refusal(node1.unlock('com.example.a', 'ttl', stale.token))).to.equal('plugin.cluster.lock_lost');
    await node2.unlock('com.example.a', 'ttl', next.token);
  });

  it('releases what a plugin held through a node when it stops there', async () => {
    await node1.lock('com.example.c', 'one', 600_000, 0);
    await node1.lock('com.example.c', 'two', 600_000, 0);
    await node1.releaseAll('com.example.c');
    for (const name of ['one', 'two']) await node2.lock('com.example.c', name, 1000, 0);
  });

  it('bounds the locks one plugin holds at once on a node', async () => {
    for (let i = 0; i < 100; i++) await node1.lock('com.example.d', `n${i}`, 60_000, 0);
    expect(await refusal(node1.lock('com.example.d', 'one-more', 60_000, 0))).to.equal('plugin.cluster.too_many_locks');
    await node1.releaseAll('com.example.d');
  });

  describe('through a plugin', () => {
    const call = async (method: string, ...args: unknown[]) => (await (await fetch(`${ts.url}/plugins/${ID}/${method}`, { method: 'POST', body: JSON.stringify(args) })).json()) as { result?: Record<string, unknown>; error?: string };

    before(async () => {
      const bundle = pluginBundle({ id: ID, server: SERVER, manifest: { permissions: { api: ['cluster'] } } });
      await admin.uploadPlugin(new File([new Uint8Array(bundle)], 'locker.tar.gz') as never, false);
      await admin.enablePlugin(ID);
    });

    it('takes, refreshes and releases a lock, and refuses bad arguments', async () => {
      const { result: lock } = await call('lock', 'report', { ttlMs: 5000, waitMs: 0 });
      expect(lock).to.include({ name: 'report' });
      expect((await call('lock', 'report', { waitMs: 0 })).error).to.equal('plugin.cluster.lock_timeout');
      expect((await call('refreshLock', 'report', lock!.token, 20_000)).result).to.include({ name: 'report', token: lock!.token });
      expect(await call('unlock', 'report', lock!.token)).to.deep.equal({ result: null });
      expect((await call('unlock', 'report', lock!.token)).error).to.equal('plugin.cluster.lock_lost');
      for (const bad of [[''], ['x', { ttlMs: 10 }], ['x', { waitMs: 3_600_000 }], ['x', { ttlMs: '5' }]]) {
        expect((await call('lock', ...bad)).error, JSON.stringify(bad)).to.equal('plugin.api.invalid_arguments');
      }
      expect((await call('unlock', 'report', 'not-a-token')).error).to.equal('plugin.api.invalid_arguments');
    });

    it('releases the plugin\'s locks when it is disabled', async () => {
      expect(await refusal(node1.lock(ID, 'held-while-running', 1000, 0))).to.equal('plugin.cluster.lock_timeout');
      await admin.disablePlugin(ID);
      const lock = await node1.lock(ID, 'held-while-running', 1000, 2000);
      await node1.unlock(ID, 'held-while-running', lock.token);
    });
  });
});
