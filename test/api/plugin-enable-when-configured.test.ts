// A prepackaged plugin whose manifest waits for settings (`props.enable_when_configured`): installed
// but left disabled until an administrator fills them in, then enabled by that save — unless an
// administrator already decided its state.
import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { eventually } from '../helpers/ws-client.ts';

const RUNNING = 2;
const WAITING = 'com.example.waits-for-oauth';
const PLAIN = 'com.example.ready-at-once';

function shipped(id: string, props?: Record<string, unknown>): Buffer {
  return pluginBundle({
    id,
    server: 'export default () => ({ serveHttp() { return { body: "up" }; } });',
    manifest: {
      ...(props ? { props } : {}),
      settings_schema: {
        settings: [
          { key: 'ClientID', type: 'text' },
          { key: 'ClientSecret', type: 'text', secret: true },
          { key: 'Other', type: 'text' },
        ],
      },
    },
  });
}

describe('prepackaged plugins enabled once configured', () => {
  let root: string;
  let ts: TestServer;
  let admin: Client4;

  const state = async (id: string) => (await admin.getPluginStatuses()).find((s) => s.plugin_id === id)?.state;
  const saveSettings = async (id: string, settings: Record<string, unknown>) => {
    const config = await admin.getConfig();
    await admin.updateConfig({ ...config, PluginSettings: { ...config.PluginSettings, Plugins: { ...config.PluginSettings.Plugins, [id]: settings } } });
  };
  const start = async (states: Record<string, { Enable: boolean }> = {}) => {
    ts = await startTestServer({ prepackaged: path.join(root, 'bundles'), config: { PluginSettings: { PluginStates: states } } });
    await ts.pluginsStarted;
    admin = (await createAdmin(ts)).client;
  };

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'parley-configured-'));
    await mkdir(path.join(root, 'bundles'));
    await writeFile(path.join(root, 'bundles', `${WAITING}.tar.gz`), shipped(WAITING, { enable_when_configured: ['ClientID', 'ClientSecret'] }));
    await writeFile(path.join(root, 'bundles', `${PLAIN}.tar.gz`), shipped(PLAIN));
  });
  afterEach(async () => {
    await ts?.close();
  });
  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('installs the waiting plugin without enabling it, and enables a plugin that waits for nothing', async () => {
    await start();
    expect(await state(PLAIN)).to.equal(RUNNING);
    expect(await state(WAITING)).to.not.equal(RUNNING);
    expect(ts.config.get().PluginSettings.PluginStates[WAITING]).to.equal(undefined);
    expect((await fetch(`${ts.url}/plugins/${WAITING}/x`)).status).to.equal(404);
  });

  it('stays disabled while only some of the awaited settings hold a value, and starts once all do', async () => {
    await start();
    await saveSettings(WAITING, { ClientID: 'id-1', ClientSecret: '  ', Other: 'x' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ts.config.get().PluginSettings.PluginStates[WAITING]).to.equal(undefined);
    await saveSettings(WAITING, { ClientID: 'id-1', ClientSecret: 'secret-1' });
    await eventually(async () => expect(await state(WAITING)).to.equal(RUNNING));
    expect(ts.config.get().PluginSettings.PluginStates[WAITING]).to.deep.equal({ Enable: true });
    expect(await (await fetch(`${ts.url}/plugins/${WAITING}/x`)).text()).to.equal('up');
  });

  it('keeps it disabled when an admin disabled it before configuring it', async () => {
    await start({ [WAITING]: { Enable: false } });
    await saveSettings(WAITING, { ClientID: 'id-1', ClientSecret: 'secret-1' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(ts.config.get().PluginSettings.PluginStates[WAITING]).to.deep.equal({ Enable: false });
    expect(await state(WAITING)).to.not.equal(RUNNING);
  });

  it('enables it at start-up when its settings were filled in beforehand', async () => {
    ts = await startTestServer({
      prepackaged: path.join(root, 'bundles'),
      config: { PluginSettings: { PluginStates: {}, Plugins: { [WAITING]: { clientid: 'id-1', clientsecret: 'secret-1' } } } },
    });
    await ts.pluginsStarted;
    admin = (await createAdmin(ts)).client;
    expect(await state(WAITING)).to.equal(RUNNING);
  });

  it('lets an admin enable it by hand before it is configured', async () => {
    await start();
    await admin.enablePlugin(WAITING);
    await eventually(async () => expect(await state(WAITING)).to.equal(RUNNING));
  });

  it('never enables an uploaded plugin that claims to wait for its settings: only shipped ones may', async () => {
    const UPLOADED = 'com.example.uploaded-waiter';
    ts = await startTestServer({ prepackaged: path.join(root, 'bundles'), config: { PluginSettings: { EnableUploads: true } } });
    await ts.pluginsStarted;
    admin = (await createAdmin(ts)).client;
    await admin.uploadPlugin(new File([new Uint8Array(shipped(UPLOADED, { enable_when_configured: ['ClientID'] }))], `${UPLOADED}.tar.gz`) as never, false);
    await saveSettings(UPLOADED, { ClientID: 'id' });
    // The save that would enable a shipped plugin is done; give the server the time it takes one.
    await saveSettings(WAITING, { ClientID: 'id', ClientSecret: 'secret' });
    await eventually(async () => expect(await state(WAITING)).to.equal(RUNNING));
    expect(await state(UPLOADED)).to.not.equal(RUNNING);
    expect((await admin.getConfig()).PluginSettings.PluginStates[UPLOADED]?.Enable).to.not.equal(true);
  });
});
