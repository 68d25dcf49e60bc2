// The example's own test, as a plugin author writes one: the plugin runs in the real sandbox
// (@parley/plugin-testing), the API calls it makes answered by mocks.
import { expect } from 'chai';
import path from 'node:path';
import type { User } from '@parley/plugin-api';
import { runPluginFolder, type PluginHarness } from '@parley/plugin-testing';

describe('examples/hello in the sandbox', () => {
  let plugin: PluginHarness;
  let count: number | null = null;
  let bannedWords = 'forbidden';

  before(async () => {
    plugin = await runPluginFolder(path.resolve(import.meta.dirname, '..'), {
      api: {
        config: { get: () => ({ BannedWords: bannedWords }) },
        commands: { register: () => undefined },
        log: { info: () => undefined },
        users: { get: (id) => ({ id, username: 'ada' }) as User },
        kv: {
          get: () => count,
          compareAndSet: (_key, expected, next) => {
            if (expected !== count) return false;
            count = next as number;
            return true;
          },
        },
      },
    });
    await plugin.activate();
  });
  after(async () => {
    await plugin.stop();
  });

  it('registers /hello with its autocomplete texts when activated, keeping the handler in the plugin', async () => {
    const register = plugin.apiCalls.find((call) => call.method === 'commands.register');
    expect(register?.args).to.deep.equal([
      { trigger: 'hello', display_name: 'Hello', description: 'Says hello', auto_complete: true, auto_complete_desc: 'Greets you, or the name you give', auto_complete_hint: '[name]' },
    ]);
  });

  it('greets the caller by username, or the name given, only to the caller, and counts the greetings', async () => {
    expect(await plugin.executeCommand('/hello', { user_id: 'u1' })).to.deep.equal({ response_type: 'ephemeral', text: 'Hello, ada!' });
    expect(await plugin.executeCommand('/HELLO Grace Hopper')).to.deep.equal({ response_type: 'ephemeral', text: 'Hello, Grace Hopper!' });
    const greetings = await plugin.serveHttp({ path: '/greetings' });
    expect({ status: greetings.status, body: JSON.parse(greetings.body!) }).to.deep.equal({ status: 200, body: { count: 2 } });
  });

  it('answers other methods 405 and other paths 404, as Mattermost error JSON', async () => {
    const refused = await plugin.serveHttp({ method: 'POST', path: '/greetings' }, { request_id: 'req-1' });
    expect({ status: refused.status, allow: refused.headers?.Allow }).to.deep.equal({ status: 405, allow: 'GET' });
    expect(JSON.parse(refused.body!)).to.include({ id: 'api.context.405.app_error', request_id: 'req-1', status_code: 405 });
    expect((await plugin.serveHttp({ path: '/elsewhere' })).status).to.equal(404);
  });

  it('rejects a post holding a banned word, and follows the setting when it changes', async () => {
    const post = (message: string) => ({ id: 'p1', message });
    expect(await plugin.call('messageWillBePosted', {}, post('so FORBIDDEN'))).to.deep.equal({ reject: 'The word "forbidden" is not allowed here.' });
    bannedWords = 'spoiler';
    await plugin.call('onConfigurationChange');
    expect(await plugin.call('messageWillBePosted', {}, post('forbidden is fine now'))).to.deep.equal({ post: post('forbidden is fine now') });
  });
});
