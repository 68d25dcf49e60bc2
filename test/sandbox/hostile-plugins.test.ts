// Attack plugins against the sandbox itself: each must end with the right error id, nothing of the
// host may be reachable, and a well-behaved plugin started alongside must keep answering.
import { expect } from 'chai';
import type { HookName } from '@parley/plugin-api';
import type { PluginProcess, SandboxLogEntry } from '@parley/sandbox';
import { expectSandboxError, nextExit, startPlugin, type StartOverrides } from './sandbox-fixtures.ts';
import { API_METHODS } from '../../sandbox/src/api-methods.ts';

const HOOK_MS = 400;

const BYSTANDER = `export default (api) => ({
  executeCommand: async (ctx, args) => ({ text: 'still here: ' + (await api.users.get(args.user_id)).username }),
})`;

/** Starts `code` beside a well-behaved plugin, runs the attack, then checks the bystander still answers. */
async function attack(code: string, run: (plugin: PluginProcess) => Promise<unknown>, overrides: StartOverrides = {}): Promise<void> {
  const started = await Promise.allSettled([startPlugin(code, overrides), startPlugin(BYSTANDER, { onApiCall: async () => ({ username: 'ada' }) })]);
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    // The one that did start must not outlive the test (its host process would keep mocha alive).
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    throw failed.reason;
  }
  const [plugin, bystander] = started.map((s) => (s as PromiseFulfilledResult<PluginProcess>).value);
  try {
    await run(plugin);
    expect(await bystander.call('executeCommand', [{}, { user_id: 'u1' }], 2000)).to.deep.equal({ text: 'still here: ada' });
  } finally {
    await Promise.all([plugin.stop(), bystander.stop()]);
  }
}

/** Attack code whose start must fail; the bystander must be unaffected. */
async function attackAtStart(code: string, id: string, overrides: StartOverrides = {}): Promise<void> {
  const bystander = await startPlugin(BYSTANDER, { onApiCall: async () => ({ username: 'ada' }) });
  try {
    await expectSandboxError(startPlugin(code, overrides), id);
    expect(await bystander.call('executeCommand', [{}, { user_id: 'u1' }], 2000)).to.deep.equal({ text: 'still here: ada' });
  } finally {
    await bystander.stop();
  }
}

/** The hook times out, its isolate is disposed, and onExit reports the timeout. */
async function expectTimeout(plugin: PluginProcess, hook: HookName = 'executeCommand'): Promise<void> {
  const exit = nextExit(plugin);
  await expectSandboxError(plugin.call(hook, [], HOOK_MS), 'sandbox.hook.timeout');
  expect((await exit).id).to.equal('sandbox.hook.timeout');
}

describe('sandbox hostile plugins', () => {
  describe('denial of service', () => {
    it('disposes a hook that loops forever synchronously', async () => {
      await attack(`export default () => ({ executeCommand() { for (;;) {} } })`, (plugin) => expectTimeout(plugin));
    });

    it('disposes a hook that loops forever through a promise chain', async () => {
      await attack(`export default () => ({ async executeCommand() { for (;;) await null; } })`, (plugin) => expectTimeout(plugin));
    });

    it('disposes a hook awaiting a promise that never settles', async () => {
      await attack(`export default () => ({ executeCommand: () => new Promise(() => {}) })`, (plugin) => expectTimeout(plugin));
    });

    it('disposes a hook awaiting an API call the server never answers', async () => {
      await attack(`export default (api) => ({ executeCommand: () => api.kv.get('slow') })`, (plugin) => expectTimeout(plugin), {
        onApiCall: () => new Promise(() => {}),
      });
    });

    it('disposes work a plugin keeps running after its hook returned', async () => {
      await attack(
        `export default (api) => ({ executeCommand() { api.log.info('detached').then(() => { for (;;) {} }); return 'returned'; } })`,
        async (plugin) => {
          const exit = nextExit(plugin);
          expect(await plugin.call('executeCommand', [], HOOK_MS)).to.equal('returned');
          expect((await exit).id).to.equal('sandbox.hook.timeout');
        },
        // The start budget also bounds work left running after a hook; 5 s leaves a busy machine time to start the plugin.
        { startTimeoutMs: 5000, onApiCall: () => new Promise((resolve) => setTimeout(resolve, 50)) },
      );
    });

    it('disposes a hook stuck in a builtin that cannot be interrupted', async () => {
      await attack(`export default () => ({ executeCommand: () => String(BigInt('1'.repeat(1e7))).length })`, (plugin) => expectTimeout(plugin));
    });

    it('stops a hook whose builtin allocates past the process memory cap, outside the isolate limit', async () => {
      await attack(`export default () => ({ executeCommand: () => new Array(2e8).fill(1).length })`, async (plugin) => {
        const exit = nextExit(plugin);
        const error = await expectSandboxError(plugin.call('executeCommand', [], 30_000), 'sandbox.plugin.memory_limit');
        expect(error.message).to.match(/process used \d+ MB/);
        expect((await exit).id).to.equal('sandbox.plugin.memory_limit');
      });
    });

    it('stops a hook that allocates arrays without end at the memory limit', async () => {
      await attack(`export default () => ({ executeCommand() { const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random())); } })`, async (plugin) => {
        const exit = nextExit(plugin);
        await expectSandboxError(plugin.call('executeCommand', [], 10_000), 'sandbox.plugin.memory_limit');
        expect((await exit).id).to.equal('sandbox.plugin.memory_limit');
      });
    });

    it('stops a hook that doubles a string without end at the memory limit', async () => {
      await attack(`export default () => ({ executeCommand() { const keep = []; let s = 'x'; for (;;) { s += s; keep.push(s.toUpperCase()); } } })`, async (plugin) => {
        await expectSandboxError(plugin.call('executeCommand', [], 10_000), 'sandbox.plugin.memory_limit');
      });
    });

    it("ends the host when V8's own heap overflows, reporting the memory limit and the host's diagnostics", async () => {
      const lines: SandboxLogEntry[] = [];
      await attack(
        `export default () => ({ executeCommand() { const m = new Map(); for (let i = 0; ; i++) m.set(i, { i }); } })`,
        async (plugin) => {
          const exit = nextExit(plugin);
          await expectSandboxError(plugin.call('executeCommand', [], 10_000), 'sandbox.plugin.memory_limit');
          expect((await exit).id).to.equal('sandbox.plugin.memory_limit');
          expect(lines.some((line) => line.stream === 'stderr' && line.level === 'warn')).to.equal(true);
        },
        { log: (line) => lines.push(line) },
      );
    });

    it('refuses to start a module that exhausts memory while loading', async () => {
      await attackAtStart(`const keep = []; for (;;) keep.push({ a: Math.random(), b: [1, 2, 3] }); export default () => ({})`, 'sandbox.plugin.memory_limit');
    });

    it('refuses to start a module that loops forever while loading', async () => {
      await attackAtStart(`for (;;) {} export default () => ({})`, 'sandbox.start.timeout', { startTimeoutMs: 400 });
    });

    it('refuses a return value over the size cap and keeps the plugin running', async () => {
      await attack(`export default () => ({ executeCommand: (ctx, n) => 'x'.repeat(n), onActivate: () => 'fine' })`, async (plugin) => {
        await expectSandboxError(plugin.call('executeCommand', [{}, 2 << 20], 2000), 'sandbox.result.too_large');
        expect(await plugin.call('onActivate', [], 1000)).to.equal('fine');
      });
    });

    it('refuses API arguments over the size cap inside the plugin', async () => {
      const methods: string[] = [];
      await attack(
        `export default (api) => ({ executeCommand: () => api.kv.set('k', 'x'.repeat(2 << 20)).then(() => 'sent', (e) => e.id) })`,
        async (plugin) => {
          expect(await plugin.call('executeCommand', [], 2000)).to.equal('sandbox.api.too_large');
          expect(methods).to.deep.equal([]);
        },
        { onApiCall: async (method) => methods.push(method) },
      );
    });

    it('refuses API calls over the in-flight cap during a flood of 10k calls', async function () {
      this.timeout(60_000);
      let inFlight = 0;
      let peak = 0;
      await attack(
        `export default (api) => ({
          async executeCommand() {
            const calls = [];
            for (let i = 0; i < 10000; i++) calls.push(api.log.info('flood ' + i));
            const outcomes = await Promise.allSettled(calls);
            const refused = outcomes.filter((o) => o.status === 'rejected' && o.reason.id === 'sandbox.api.too_many_calls').length;
            return { fulfilled: outcomes.filter((o) => o.status === 'fulfilled').length, refused };
          },
        })`,
        async (plugin) => {
          const result = (await plugin.call('executeCommand', [], 45_000)) as { fulfilled: number; refused: number };
          expect(result.fulfilled + result.refused).to.equal(10_000);
          expect(result.refused).to.be.greaterThan(5000);
          expect(peak).to.equal(64);
        },
        {
          // Each answer takes long enough that, however slowly a busy machine issues the flood, the
          // cap is what decides: 64 in flight, and most of the 10k refused.
          onApiCall: async () => {
            peak = Math.max(peak, ++inFlight);
            await new Promise((resolve) => setTimeout(resolve, 250));
            inFlight--;
          },
        },
      );
    });

    it('turns a stack overflow into sandbox.plugin.error and keeps running', async () => {
      await attack(`export default () => ({ executeCommand() { const f = (n) => f(n + 1) + 1; return f(0); }, onActivate: () => 'alive' })`, async (plugin) => {
        const error = await expectSandboxError(plugin.call('executeCommand', [], 2000), 'sandbox.plugin.error');
        expect(error.message).to.match(/call stack/i);
        expect(await plugin.call('onActivate', [], 1000)).to.equal('alive');
      });
    });
  });

  describe('hostile values', () => {
    it('reports throw 42 as sandbox.plugin.error with message 42', async () => {
      await attack(`export default () => ({ executeCommand() { throw 42; } })`, async (plugin) => {
        expect((await expectSandboxError(plugin.call('executeCommand', [], 1000), 'sandbox.plugin.error')).message).to.equal('42');
      });
    });

    it('describes a thrown object whose message getter throws', async () => {
      await attack(`export default () => ({ executeCommand() { throw { get message() { throw new Error('gotcha'); } }; } })`, async (plugin) => {
        await expectSandboxError(plugin.call('executeCommand', [], 1000), 'sandbox.plugin.error');
      });
    });

    it('disposes a hook whose thrown object has a message getter that loops', async () => {
      await attack(`export default () => ({ executeCommand() { throw { get message() { for (;;) {} } }; } })`, (plugin) => expectTimeout(plugin));
    });

    it('truncates a gigantic error message before it leaves the isolate', async () => {
      await attack(`export default () => ({ executeCommand() { throw new Error('m'.repeat(20e6)); } })`, async (plugin) => {
        const error = await expectSandboxError(plugin.call('executeCommand', [], 2000), 'sandbox.plugin.error');
        expect(error.message.length).to.be.at.most(2001);
      }, { memoryLimitMb: 128 });
    });

    it('disposes a hook that returns a Proxy whose traps loop', async () => {
      await attack(
        `export default () => ({ executeCommand: () => new Proxy({}, { get() { for (;;) {} }, ownKeys() { for (;;) {} } }) })`,
        (plugin) => expectTimeout(plugin),
      );
    });

    it('reports a result whose getter throws as sandbox.result.invalid', async () => {
      await attack(`export default () => ({ executeCommand: () => ({ get boom() { throw new Error('no'); } }) })`, async (plugin) => {
        await expectSandboxError(plugin.call('executeCommand', [], 1000), 'sandbox.result.invalid');
      });
    });
  });

  describe('escapes', () => {
    it('finds no process through this.constructor.constructor', async () => {
      await attack(
        `export default () => ({ executeCommand() { return this.constructor.constructor('return typeof process')(); } })`,
        async (plugin) => expect(await plugin.call('executeCommand', [], 1000)).to.equal('undefined'),
      );
    });

    it('finds no process, require, fetch or timers through Function("return this")()', async () => {
      await attack(
        `export default () => ({ executeCommand() {
          const g = Function('return this')();
          return ['process', 'require', 'fetch', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask', 'module', 'Buffer']
            .map((name) => name + ':' + typeof g[name]);
        } })`,
        async (plugin) =>
          expect(await plugin.call('executeCommand', [], 1000)).to.deep.equal([
            'process:undefined',
            'require:undefined',
            'fetch:undefined',
            'setTimeout:undefined',
            'setInterval:undefined',
            'setImmediate:undefined',
            'queueMicrotask:undefined',
            'module:undefined',
            'Buffer:undefined',
          ]),
      );
    });

    it('leaves only standard ECMAScript globals, without the host callback or abusable builtins', async () => {
      await attack(`export default () => ({ executeCommand: () => Object.getOwnPropertyNames(globalThis).sort() })`, async (plugin) => {
        const names = (await plugin.call('executeCommand', [], 1000)) as string[];
        for (const absent of ['console', 'SharedArrayBuffer', 'Atomics', 'WebAssembly', 'FinalizationRegistry', 'require', 'process']) {
          expect(names).to.not.include(absent);
        }
        // ECMAScript's globals, plus `crypto`: the sandbox's frozen Web Crypto subset (getRandomValues, randomUUID).
        const standard = new Set(['globalThis', 'Intl', 'JSON', 'Math', 'Reflect', 'Infinity', 'NaN', 'undefined', 'eval', 'isFinite', 'isNaN', 'parseFloat', 'parseInt', 'decodeURI', 'decodeURIComponent', 'encodeURI', 'encodeURIComponent', 'escape', 'unescape', 'crypto']);
        // Everything else is a constructor (Object, Promise, Uint8Array, ...): no host callback hides among them.
        const unexpected = names.filter((name) => !standard.has(name) && !/^[A-Z][A-Za-z0-9]*$/.test(name));
        expect(unexpected).to.deep.equal([]);
        expect(names.filter((name) => /parley|host|ivm/i.test(name))).to.deep.equal([]);
      });
    });

    it('finds no host function in stack frames captured inside the bootstrap', async () => {
      await attack(
        `export default (api) => ({ async executeCommand() {
          const found = [];
          Error.prepareStackTrace = (error, frames) => {
            for (const frame of frames) {
              const fn = frame.getFunction();
              const self = frame.getThis();
              if (typeof fn === 'function' && fn.name !== 'toJSON') found.push('function ' + fn.name);
              if (self !== undefined && self !== globalThis && self !== probe) found.push('this ' + typeof self);
            }
            return '';
          };
          const probe = { toJSON() { new Error().stack; return 'probe'; } };
          await api.log.info('x', probe);
          return found;
        } })`,
        async (plugin) => expect(await plugin.call('executeCommand', [], 1000)).to.deep.equal([]),
      );
    });

    it('keeps the api object frozen and its methods free of host capabilities', async () => {
      await attack(
        `export default (api) => ({ executeCommand() {
          const tries = [];
          try { api.kv.get = () => 'hijacked'; tries.push('assigned'); } catch (e) { tries.push(e.constructor.name); }
          try { api.evil = {}; tries.push('added'); } catch (e) { tries.push(e.constructor.name); }
          tries.push(Object.isFrozen(api), Object.isFrozen(api.posts), Object.getPrototypeOf(api));
          tries.push(api.kv.get.constructor('return typeof process')());
          return tries;
        } })`,
        async (plugin) => expect(await plugin.call('executeCommand', [], 1000)).to.deep.equal(['TypeError', 'TypeError', true, true, null, 'undefined']),
      );
    });

    it('intercepts no host callback through polluted prototypes', async () => {
      const methods: string[] = [];
      await attack(
        `const seen = new Set();
        const grab = (...values) => { for (const v of values) if (typeof v === 'function') seen.add(v); };
        const invoke = Reflect.apply;
        const { call, apply, bind } = Function.prototype;
        Function.prototype.call = function (...args) { grab(this, ...args); return invoke(call, this, args); };
        Function.prototype.apply = function (...args) { grab(this, ...args); return invoke(apply, this, args); };
        Function.prototype.bind = function (...args) { grab(this, ...args); return invoke(bind, this, args); };
        const then = Promise.prototype.then;
        Promise.prototype.then = function (...args) { grab(...args); return invoke(then, this, args); };
        const mapSet = Map.prototype.set;
        Map.prototype.set = function (k, v) { grab(k, v); return invoke(mapSet, this, [k, v]); };
        for (const name of ['resolve', 'reject', 'then', 'get', 'set']) {
          Object.defineProperty(Object.prototype, name, { configurable: true, get() { grab(this); return undefined; }, set(v) { grab(v); } });
        }
        export default (api) => ({ async executeCommand() {
          await api.log.info('one');
          await api.kv.get('two').catch(() => null);
          for (const name of ['resolve', 'reject', 'then', 'get', 'set']) delete Object.prototype[name];
          let hostLike = 0;
          for (const fn of seen) {
            try { if (typeof fn('api', 'log.warn', '["forged"]') === 'number') hostLike++; } catch {}
          }
          return { intercepted: seen.size > 0, hostLike };
        } })`,
        async (plugin) => {
          expect(await plugin.call('executeCommand', [], 2000)).to.deep.equal({ intercepted: true, hostLike: 0 });
          expect(methods).to.not.include('log.warn');
        },
        { onApiCall: async (method) => methods.push(method) },
      );
    });

    it('reports results and API calls with the original JSON even when the plugin replaces JSON', async () => {
      const calls: unknown[][] = [];
      await attack(
        `JSON.stringify = () => 'x'.repeat(5e6);
        JSON.parse = () => ({ forged: true });
        export default (api) => ({ async executeCommand() { const user = await api.users.get('u1'); return { name: user.username }; } })`,
        async (plugin) => {
          expect(await plugin.call('executeCommand', [], 1000)).to.deep.equal({ name: 'ada' });
          expect(calls).to.deep.equal([['u1']]);
        },
        {
          onApiCall: async (_method, args) => {
            calls.push(args);
            return { username: 'ada' };
          },
        },
      );
    });

    it('refuses static imports and dynamic import()', async () => {
      await attackAtStart(`import { readFileSync } from 'fs'; export default () => ({})`, 'sandbox.plugin.invalid');
      await attack(`export default () => ({ executeCommand: () => import('node:fs').then(() => 'imported', (e) => 'refused: ' + e.message) })`, async (plugin) => {
        expect(await plugin.call('executeCommand', [], 1000)).to.match(/^refused/);
      });
    });

    it('exposes the API methods on api and nothing else', async () => {
      const methods: string[] = [];
      await attack(
        `export default (api) => ({ executeCommand() {
          const names = Object.keys(api).flatMap((group) => Object.keys(api[group]).map((m) => group + '.' + m));
          return { hasInternals: names.some((n) => !/^[a-z]+\\.[A-Za-z]+$/.test(n)), count: names.length };
        } })`,
        async (plugin) => {
          // Plus store.transaction, which the bootstrap composes of the store's RPC methods.
          expect(await plugin.call('executeCommand', [], 1000)).to.deep.equal({ hasInternals: false, count: API_METHODS.length + 1 });
          expect(methods).to.deep.equal([]);
        },
        { onApiCall: async (method) => methods.push(method) },
      );
    });
  });
});
