// Which process a plugin runs in: the prepackaged plugins share one host, an uploaded plugin has its
// own. A shared host that dies takes only its plugins with it; each is restarted, and an uploaded
// plugin never notices.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { PluginStatus } from '@mattermost/types/plugins';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin } from '../helpers/fixtures.ts';
import { eventually } from '../helpers/ws-client.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';

const WEBHOOKS = 'parley.webhooks';
const SLASH_COMMANDS = 'parley.slash-commands';
const UPLOADED = 'com.example.own-host';
const RUNNING = 2;

describe('plugin host processes', function () {
  this.timeout(60_000);
  let ts: TestServer;
  let admin: Client4;

  before(async () => {
    ts = await startTestServer({
      prepackaged: true,
      config: { PluginSettings: { EnableUploads: true, PluginStates: { [WEBHOOKS]: { Enable: true }, [SLASH_COMMANDS]: { Enable: true } } } },
      pluginTimings: { restartDelaysMs: [100] },
    });
    await ts.pluginsStarted;
    admin = (await createAdmin(ts)).client;
    const bundle = pluginBundle({ id: UPLOADED, server: 'export default () => ({ onActivate() {} });' });
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], 'plugin.tar.gz') as never, false);
    await admin.enablePlugin(UPLOADED);
  });
  after(async () => {
    await ts?.close();
  });

  const pidOf = (id: string) => ts.server.plugins.supervisor.get(id)?.process.pid;
  const state = async (id: string) => ((await admin.getPluginStatuses()) as PluginStatus[]).find((s) => s.plugin_id === id)?.state;

  it('runs the prepackaged plugins in one host process and an uploaded plugin in a process of its own', async () => {
    await eventually(async () => expect(await state(UPLOADED)).to.equal(RUNNING));
    expect(pidOf(WEBHOOKS)).to.be.a('number').and.equal(pidOf(SLASH_COMMANDS));
    expect(pidOf(UPLOADED)).to.be.a('number').and.not.equal(pidOf(WEBHOOKS));
  });

  it('restarts both prepackaged plugins in a new shared host when theirs dies, leaving the uploaded plugin alone', async () => {
    const shared = pidOf(WEBHOOKS)!;
    const own = pidOf(UPLOADED);
    process.kill(shared, 'SIGKILL');
    await eventually(async () => {
      expect(pidOf(WEBHOOKS)).to.be.a('number').and.not.equal(shared);
      expect(pidOf(SLASH_COMMANDS)).to.equal(pidOf(WEBHOOKS));
    }, 10_000);
    expect(await state(WEBHOOKS)).to.equal(RUNNING);
    expect(await state(SLASH_COMMANDS)).to.equal(RUNNING);
    expect(pidOf(UPLOADED)).to.equal(own);
  });
});
