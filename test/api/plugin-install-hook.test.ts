// onInstall: a plugin greets the administrator who installed it, once, when it first runs.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { eventually } from '../helpers/ws-client.ts';

const ID = 'com.example.greeter';
const SERVER = `
export default (api) => ({
  async onInstall(ctx, event) {
    const seen = (await api.kv.get('installs')) ?? [];
    await api.kv.set('installs', [...seen, event.user_id]);
  },
  async serveHttp() { return { body: JSON.stringify((await api.kv.get('installs')) ?? []) }; },
});`;

describe('the onInstall hook', () => {
  let ts: TestServer;
  let admin: Client4;
  let adminId: string;

  before(async () => {
    ts = await startTestServer({ config: { PluginSettings: { EnableUploads: true } } });
    const signedIn = await createAdmin(ts);
    admin = signedIn.client;
    adminId = signedIn.user.id;
  });
  after(async () => {
    await ts.close();
  });

  const installs = async () => (await (await fetch(`${ts.url}/plugins/${ID}/installs`)).json()) as string[];

  it('is called once, with the administrator who uploaded the plugin, when it first runs', async () => {
    await admin.uploadPlugin(new File([new Uint8Array(pluginBundle({ id: ID, server: SERVER, manifest: { permissions: { api: ['kv'] } } }))], 'greeter.tar.gz') as never, false);
    await admin.enablePlugin(ID);
    await eventually(async () => expect(await installs()).to.deep.equal([adminId]));
    await admin.disablePlugin(ID);
    await admin.enablePlugin(ID);
    // A restart is no install: still one greeting.
    expect(await installs()).to.deep.equal([adminId]);
  });

  it('is called again when an administrator installs a new version over it', async () => {
    await admin.uploadPlugin(new File([new Uint8Array(pluginBundle({ id: ID, version: '1.0.1', server: SERVER, manifest: { permissions: { api: ['kv'] } } }))], 'greeter.tar.gz') as never, true);
    await eventually(async () => expect(await installs()).to.deep.equal([adminId, adminId]));
  });
});
