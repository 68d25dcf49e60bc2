// Runs the plugin in Parley's real sandbox (its own process and isolate, as the server runs it),
// with the API calls it makes answered by mocks.
import assert from 'node:assert/strict';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runPluginFolder, type PluginHarness } from '@parley/plugin-testing';

describe('__ID__', () => {
  let plugin: PluginHarness;

  before(async () => {
    plugin = await runPluginFolder(path.resolve(import.meta.dirname, '..'), { api: { commands: { register: () => undefined } } });
    await plugin.activate();
  });
  after(() => plugin.stop());

  it('registers /__TRIGGER__ when activated', () => {
    assert.deepEqual(
      plugin.apiCalls.map((call) => call.method),
      ['commands.register'],
    );
  });

  it('greets the name given, only to the caller', async () => {
    assert.deepEqual(await plugin.executeCommand('/__TRIGGER__ Ada'), { response_type: 'ephemeral', text: 'Hello, Ada!' });
  });

  it('answers the greeting as JSON over HTTP, and 404 elsewhere', async () => {
    const answer = await plugin.serveHttp({ path: '/greeting', query: { name: 'Ada' } });
    assert.equal(answer.status, 200);
    assert.deepEqual(JSON.parse(answer.body ?? ''), { text: 'Hello, Ada!' });
    assert.equal((await plugin.serveHttp({ path: '/elsewhere' })).status, 404);
  });

  it('refuses a name that is too long with a 400 and a stable error id', async () => {
    const answer = await plugin.serveHttp({ path: '/greeting', query: { name: 'x'.repeat(65) } });
    assert.equal(answer.status, 400);
    assert.equal(JSON.parse(answer.body ?? '').id, 'plugin.greeting.name_too_long');
  });
});
