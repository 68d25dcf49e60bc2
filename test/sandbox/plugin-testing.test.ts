// @parley/plugin-testing: the harness a plugin author's suite uses, running plugins in the real
// sandbox. examples/hello/test shows it driving a whole plugin (activate, commands, routes).
import { expect } from 'chai';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runPlugin, runPluginFolder } from '@parley/plugin-testing';
import { expectSandboxError } from './sandbox-fixtures.ts';

describe('plugin-testing runPlugin', () => {
  it('runs a plugin against API mocks and records its calls', async () => {
    const harness = await runPlugin(
      `export default (api) => ({
        async executeCommand(ctx, args) {
          const count = (await api.kv.get('count')) ?? 0;
          await api.kv.set('count', count + 1);
          return { text: 'count ' + (count + 1) };
        },
      })`,
      { api: { kv: { get: () => 41, set: () => undefined } } },
    );
    try {
      expect(harness.hooks.has('executeCommand')).to.equal(true);
      expect(await harness.call('executeCommand', {}, { command: '/count' })).to.deep.equal({ text: 'count 42' });
      expect(harness.apiCalls).to.deep.equal([
        { method: 'kv.get', args: ['count'] },
        { method: 'kv.set', args: ['count', 42] },
      ]);
    } finally {
      await harness.stop();
    }
  });

  it('rejects an API call that has no mock with harness.api.not_mocked', async () => {
    const harness = await runPlugin(`export default (api) => ({ executeCommand: () => api.users.get('u1').catch((e) => e.id) })`);
    try {
      expect(await harness.call('executeCommand')).to.equal('harness.api.not_mocked');
    } finally {
      await harness.stop();
    }
  });
});

describe('plugin-testing runPluginFolder', () => {
  let tmp: string;
  before(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'parley-plugin-testing-'));
  });
  after(async () => {
    await rm(tmp, { recursive: true, force: true });
  });

  /** A plugin folder `com.example.<name>` granted `api`, with `code` as its src/index.ts. */
  async function pluginFolder(name: string, api: string[], code: string): Promise<string> {
    const dir = path.join(tmp, name);
    await mkdir(path.join(dir, 'src'), { recursive: true });
    await writeFile(path.join(dir, 'plugin.json'), JSON.stringify({ id: `com.example.${name}`, name, version: '1.0.0', permissions: { api } }));
    await writeFile(path.join(dir, 'src/index.ts'), code);
    return dir;
  }

  it("refuses an API call outside the manifest's permissions, as the server does", async () => {
    const dir = await pluginFolder(
      'narrow',
      ['kv'],
      `import { definePlugin } from '@parley/plugin-api';
export default definePlugin((api) => ({ onActivate: () => api.log.info('hi').then(() => 'logged', (err: { id: string }) => { throw new Error(err.id); }) }));
`,
    );
    const plugin = await runPluginFolder(dir, { api: { log: { info: () => undefined } } });
    try {
      const error = await expectSandboxError(plugin.activate(), 'sandbox.plugin.error');
      expect(error.message).to.equal('plugin.api.permission_denied');
    } finally {
      await plugin.stop();
    }
  });

  it('reports an HttpError thrown by a bound command handler as the deliberate app_error the server answers with', async () => {
    const dir = await pluginFolder(
      'refusing',
      ['commands'],
      `import { definePlugin, HttpError } from '@parley/plugin-api';
export default definePlugin((api) => ({
  async onActivate() {
    await api.commands.register({ trigger: 'nope' }, () => { throw new HttpError(403, 'api.command.nope.app_error', 'Not for you.'); });
  },
}));
`,
    );
    const plugin = await runPluginFolder(dir, { api: { commands: { register: () => undefined } } });
    try {
      await plugin.activate();
      const error = await expectSandboxError(plugin.executeCommand('/nope'), 'sandbox.plugin.error');
      expect(error).to.deep.include({ message: 'Not for you.', app_error: { id: 'api.command.nope.app_error', status: 403 } });
      const unknown = await expectSandboxError(plugin.executeCommand('/other'), 'sandbox.plugin.error');
      expect(unknown).to.deep.include({ app_error: { id: 'api.command.execute_command.not_found.app_error', status: 404 } });
    } finally {
      await plugin.stop();
    }
  });
});
