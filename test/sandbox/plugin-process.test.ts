import { expect } from 'chai';
import { readFile } from 'node:fs/promises';
import { SandboxError } from '@parley/sandbox';
import { expectSandboxError, nextExit, startPlugin } from './sandbox-fixtures.ts';

describe('sandbox plugin process', () => {
  it('reports exactly the hooks the plugin implements as functions', async () => {
    const plugin = await startPlugin(`export default () => ({
      onActivate() {},
      messageWillBePosted: async () => ({ reject: 'no' }),
      executeCommand: 'not a function',
      notAHook() {},
    })`);
    try {
      expect([...plugin.hooks].sort()).to.deep.equal(['messageWillBePosted', 'onActivate']);
    } finally {
      await plugin.stop();
    }
  });

  it('returns the JSON result of a sync or async hook called with JSON arguments', async () => {
    const plugin = await startPlugin(`export default () => ({
      executeCommand: (ctx, args) => ({ text: 'ran ' + args.command + ' for ' + ctx.session_id }),
      messageWillBePosted: async (ctx, post) => ({ post: { ...post, message: post.message.toUpperCase() } }),
      onActivate() {},
    })`);
    try {
      expect(await plugin.call('executeCommand', [{ session_id: 's1' }, { command: '/hi' }], 1000)).to.deep.equal({ text: 'ran /hi for s1' });
      expect(await plugin.call('messageWillBePosted', [{}, { message: 'quiet' }], 1000)).to.deep.equal({ post: { message: 'QUIET' } });
      expect(await plugin.call('onActivate', [], 1000)).to.equal(null);
    } finally {
      await plugin.stop();
    }
  });

  it("gives plugins Web Crypto's getRandomValues and randomUUID from the host's random source, within its limits", async () => {
    const plugin = await startPlugin(`export default () => ({
      executeCommand() {
        const a = crypto.getRandomValues(new Uint8Array(32));
        const b = crypto.getRandomValues(new Uint32Array(8));
        const refusals = [];
        for (const bad of [new Float64Array(2), [1, 2], new Uint8Array(65537)]) {
          try { crypto.getRandomValues(bad); refusals.push('accepted'); } catch (err) { refusals.push(err.name === 'TypeError' ? 'type' : err.id); }
        }
        return { a: Array.from(a), b: Array.from(b), uuids: [crypto.randomUUID(), crypto.randomUUID()], refusals, frozen: Object.isFrozen(crypto) };
      },
    })`);
    try {
      const result = (await plugin.call('executeCommand', [{}, {}], 1000)) as { a: number[]; b: number[]; uuids: string[]; refusals: string[]; frozen: boolean };
      // 32 random bytes all zero, or repeating across calls, would mean nothing was filled.
      expect(result.a.some((byte) => byte !== 0)).to.equal(true);
      expect(new Set(result.b).size).to.be.greaterThan(1);
      expect(result.uuids[0]).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(result.uuids[0]).to.not.equal(result.uuids[1]);
      expect(result.refusals).to.deep.equal(['type', 'type', 'QuotaExceededError']);
      expect(result.frozen).to.equal(true);
    } finally {
      await plugin.stop();
    }
  });

  it('awaits an async factory before reporting the hooks', async () => {
    const plugin = await startPlugin(`export default async (api) => { await api.log.info('starting'); return { onActivate() {} }; }`);
    try {
      expect([...plugin.hooks]).to.deep.equal(['onActivate']);
    } finally {
      await plugin.stop();
    }
  });

  it('forwards API calls to onApiCall and their results to the plugin', async () => {
    const calls: Array<[string, unknown[]]> = [];
    const plugin = await startPlugin(
      `export default (api) => ({
        async executeCommand(ctx, args) {
          const user = await api.users.get(args.user_id);
          await api.kv.set('greeted', { count: 1 });
          return { text: 'Hello, ' + user.username + '!' };
        },
      })`,
      {
        onApiCall: async (method, args) => {
          calls.push([method, args]);
          return method === 'users.get' ? { id: args[0], username: 'ada' } : undefined;
        },
      },
    );
    try {
      expect(await plugin.call('executeCommand', [{}, { user_id: 'u1' }], 1000)).to.deep.equal({ text: 'Hello, ada!' });
      expect(calls).to.deep.equal([
        ['users.get', ['u1']],
        ['kv.set', ['greeted', { count: 1 }]],
      ]);
    } finally {
      await plugin.stop();
    }
  });

  it('queues API calls beyond the in-flight cap and answers every one, in order, with at most 64 at the core at once', async () => {
    let inFlight = 0;
    let peak = 0;
    // No call is answered until 64 are waiting at once: the cap is reached, and must hold.
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    const plugin = await startPlugin(
      `export default (api) => ({
        async executeCommand() {
          return Promise.all(Array.from({ length: 600 }, (_, i) => api.kv.get('k' + i)));
        },
      })`,
      {
        onApiCall: async (_method, args) => {
          peak = Math.max(peak, ++inFlight);
          if (inFlight === 64) openGate();
          await gate;
          inFlight--;
          return args[0];
        },
      },
    );
    try {
      expect(await plugin.call('executeCommand', [], 10_000)).to.deep.equal(Array.from({ length: 600 }, (_, i) => `k${i}`));
      expect(peak).to.equal(64);
    } finally {
      await plugin.stop();
    }
  });

  it('rejects the plugin promise with an Error carrying the id and message onApiCall rejected with', async () => {
    const plugin = await startPlugin(
      `export default (api) => ({
        async executeCommand() {
          try {
            await api.posts.get('missing');
            return 'resolved';
          } catch (e) {
            return { isError: e instanceof Error, id: e.id, message: e.message };
          }
        },
      })`,
      { onApiCall: () => Promise.reject({ id: 'app.post.get.not_found', message: 'Post not found.', detail: 'hidden' }) },
    );
    try {
      expect(await plugin.call('executeCommand', [], 1000)).to.deep.equal({ isError: true, id: 'app.post.get.not_found', message: 'Post not found.' });
    } finally {
      await plugin.stop();
    }
  });

  it('rejects with sandbox.plugin.error carrying the message when a hook throws, and keeps running', async () => {
    const plugin = await startPlugin(`export default () => ({
      executeCommand() { throw new TypeError('bad command'); },
      onActivate: async () => { throw new Error('cannot activate'); },
      userWillLogIn: () => 'ok',
    })`);
    try {
      const thrown = await expectSandboxError(plugin.call('executeCommand', [], 1000), 'sandbox.plugin.error');
      expect(thrown).to.be.instanceOf(SandboxError);
      expect(thrown.message).to.equal('bad command');
      expect((await expectSandboxError(plugin.call('onActivate', [], 1000), 'sandbox.plugin.error')).message).to.equal('cannot activate');
      expect(await plugin.call('userWillLogIn', [], 1000)).to.equal('ok');
    } finally {
      await plugin.stop();
    }
  });

  it('passes on the id and status of an error a plugin threw on purpose, and nothing of a malformed one', async () => {
    const plugin = await startPlugin(`export default () => ({
      executeCommand(ctx, args) {
        const error = new Error('No such command here.');
        if (args.kind === 'deliberate') throw Object.assign(error, { id: 'api.command.execute_command.not_found.app_error', status: 404 });
        if (args.kind === 'bad status') throw Object.assign(error, { id: 'x.y', status: 200 });
        if (args.kind === 'bad id') throw Object.assign(error, { id: 'not an id!', status: 400 });
        throw Object.assign(error, { get id() { throw new Error('gotcha'); }, status: 400 });
      },
    })`);
    try {
      const deliberate = await expectSandboxError(plugin.call('executeCommand', [{}, { kind: 'deliberate' }], 1000), 'sandbox.plugin.error');
      expect(deliberate.message).to.equal('No such command here.');
      expect((deliberate as SandboxError).app_error).to.deep.equal({ id: 'api.command.execute_command.not_found.app_error', status: 404 });
      for (const kind of ['bad status', 'bad id', 'throwing getter']) {
        const error = await expectSandboxError(plugin.call('executeCommand', [{}, { kind }], 1000), 'sandbox.plugin.error');
        expect((error as SandboxError).app_error, kind).to.equal(undefined);
      }
    } finally {
      await plugin.stop();
    }
  });

  it('refuses a hook the plugin does not implement, and arguments over the size cap', async () => {
    const plugin = await startPlugin(`export default () => ({ onActivate() {} })`);
    try {
      await expectSandboxError(plugin.call('executeCommand', [], 1000), 'sandbox.hook.not_implemented');
      await expectSandboxError(plugin.call('onActivate', ['x'.repeat(2 << 20)], 1000), 'sandbox.args.too_large');
    } finally {
      await plugin.stop();
    }
  });

  it('refuses to start a module that imports, has no default factory, does not parse or returns no hooks', async () => {
    await expectSandboxError(startPlugin(`import fs from 'node:fs'; export default () => ({})`), 'sandbox.plugin.invalid');
    await expectSandboxError(startPlugin(`export const hooks = {}`), 'sandbox.plugin.invalid');
    await expectSandboxError(startPlugin(`export default () => ({ onActivate() { }`), 'sandbox.plugin.invalid');
    await expectSandboxError(startPlugin(`export default () => 42`), 'sandbox.plugin.invalid');
  });

  it('fails to start with sandbox.plugin.error when the module or its factory throws', async () => {
    const top = await expectSandboxError(startPlugin(`throw new Error('top level'); export default () => ({})`), 'sandbox.plugin.error');
    expect(top.message).to.contain('top level');
    const factory = await expectSandboxError(startPlugin(`export default () => { throw new Error('factory'); }`), 'sandbox.plugin.error');
    expect(factory.message).to.equal('factory');
  });

  it('rejects pending calls with sandbox.process.stopped on stop() and does not report an exit', async () => {
    const plugin = await startPlugin(`export default () => ({ onActivate: () => new Promise(() => {}) })`);
    let exits = 0;
    plugin.onExit(() => exits++);
    const pending = plugin.call('onActivate', [], 5000);
    await plugin.stop();
    await expectSandboxError(pending, 'sandbox.process.stopped');
    await expectSandboxError(plugin.call('onActivate', [], 1000), 'sandbox.process.stopped');
    expect(exits).to.equal(0);
  });

  it('reports sandbox.plugin.crashed through onExit and to pending calls when the host process dies', async () => {
    const plugin = await startPlugin(`export default () => ({ onActivate: () => new Promise(() => {}) })`);
    const exit = nextExit(plugin);
    const pending = plugin.call('onActivate', [], 5000);
    process.kill(plugin.pid!, 'SIGKILL');
    expect((await exit).id).to.equal('sandbox.plugin.crashed');
    await expectSandboxError(pending, 'sandbox.plugin.crashed');
  });

  it('answers a health check ping while alive, and times out with sandbox.ping.timeout while frozen', async () => {
    const plugin = await startPlugin(`export default () => ({})`);
    try {
      await plugin.ping(1000);
      process.kill(plugin.pid!, 'SIGSTOP');
      await expectSandboxError(plugin.ping(100), 'sandbox.ping.timeout');
      process.kill(plugin.pid!, 'SIGCONT');
      await plugin.ping(1000);
    } finally {
      process.kill(plugin.pid!, 'SIGCONT');
      await plugin.stop();
    }
  });

  it("starts the host process without the server's environment", async () => {
    process.env.MM_SQLSETTINGS_DATASOURCE = 'postgres://secret@db/parley';
    try {
      const plugin = await startPlugin(`export default () => ({})`);
      try {
        const environ = await readFile(`/proc/${plugin.pid}/environ`, 'utf8');
        const names = environ.split('\0').filter(Boolean).map((entry) => entry.split('=')[0]);
        // Only the IPC channel Node itself sets up for a forked child.
        expect(names.sort()).to.deep.equal(['NODE_CHANNEL_FD', 'NODE_CHANNEL_SERIALIZATION_MODE']);
      } finally {
        await plugin.stop();
      }
    } finally {
      delete process.env.MM_SQLSETTINGS_DATASOURCE;
    }
  });
});
