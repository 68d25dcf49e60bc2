// The plugin WebSocket events as Mattermost sends them: plugin_statuses_changed (every status, as
// GET /plugins/statuses reports it) to system admins only, on install, enable, disable, crash,
// restart, FailedToStayRunning and removal; plugin_enabled and plugin_disabled (the client
// manifest) to everyone, only for plugins with a webapp part.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import type { PluginStatus } from '@mattermost/types/plugins';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser } from '../helpers/fixtures.ts';
import { pluginBundle, type PluginSpec } from '../helpers/plugin-bundles.ts';
import { RawSocket, type WireEvent } from '../helpers/ws-client.ts';

const NOT_RUNNING = 0;
const RUNNING = 2;
const FAILED_TO_STAY_RUNNING = 4;
/** What Mattermost's WebSocket broadcast carries, and nothing else. */
const BROADCAST_FIELDS = ['channel_id', 'connection_id', 'omit_connection_id', 'omit_users', 'team_id', 'user_id'];

describe('plugin WebSocket events', function () {
  this.timeout(30_000);
  let ts: TestServer;
  let admin: Client4;
  let adminSocket: RawSocket;
  let userSocket: RawSocket;

  before(async () => {
    ts = await startTestServer({
      config: { PluginSettings: { EnableUploads: true, HookTimeoutMs: 500 } },
      pluginTimings: { restartDelaysMs: [20] },
    });
    admin = (await createAdmin(ts)).client;
    const user = await createUser(ts, admin);
    adminSocket = await RawSocket.authenticated(ts, admin.getToken());
    userSocket = await RawSocket.authenticated(ts, user.client.getToken());
  });
  after(async () => {
    // The server first, whatever became of before(): it ends the sockets too, and one left
    // listening (with its plugin hosts) would keep the run alive.
    await ts?.close();
    await Promise.all([adminSocket?.closed, userSocket?.closed]);
  });

  async function upload(spec: PluginSpec, withWebapp = false): Promise<void> {
    const bundle = withWebapp
      ? pluginBundle({ ...spec, manifest: { ...spec.manifest, webapp: { bundle_path: 'webapp/dist/main.js' } } }, [{ path: 'webapp/dist/main.js', body: 'window.registerPlugin();' }])
      : pluginBundle(spec);
    await admin.uploadPlugin(new File([new Uint8Array(bundle)], `${spec.id}.tar.gz`) as never, true);
  }

  /** The next plugin_statuses_changed (received from now on) in which `id` has `state`. */
  function statusesWith(socket: RawSocket, id: string, state: number | null, after = socket.frames.length): Promise<WireEvent> {
    return socket.waitFor((frame) => {
      if (frame.event !== 'plugin_statuses_changed' || socket.frames.indexOf(frame) < after) return false;
      const status = (frame.data?.plugin_statuses as PluginStatus[]).find((s) => s.plugin_id === id);
      return state === null ? status === undefined : status?.state === state;
    }, 10_000) as Promise<WireEvent>;
  }

  const userEvents = (event: string) => userSocket.events().filter((e) => e.event === event);

  it('tells system admins the statuses when a plugin is installed, enabled, disabled and removed', async () => {
    const id = 'com.example.lifecycle';
    const installed = statusesWith(adminSocket, id, NOT_RUNNING);
    await upload({ id });
    await installed;
    const enabled = statusesWith(adminSocket, id, RUNNING);
    await admin.enablePlugin(id);
    const event = await enabled;
    expect(event.data.plugin_statuses).to.deep.equal(await admin.getPluginStatuses());
    expect(event.broadcast).to.have.all.keys(BROADCAST_FIELDS);
    const disabled = statusesWith(adminSocket, id, NOT_RUNNING);
    await admin.disablePlugin(id);
    await disabled;
    const removed = statusesWith(adminSocket, id, null);
    await admin.removePlugin(id);
    await removed;
  });

  it('tells system admins when a plugin crashes, restarts and fails to stay running, with the reason', async () => {
    const id = 'com.example.crasher';
    await upload({ id, server: 'export default () => ({ serveHttp() { for (;;) {} } });' });
    await admin.enablePlugin(id);
    await statusesWith(adminSocket, id, RUNNING, 0);
    for (let crash = 1; crash < 3; crash++) {
      const stopped = statusesWith(adminSocket, id, NOT_RUNNING);
      await fetch(`${ts.url}/plugins/${id}/`);
      const event = await stopped;
      expect((event.data.plugin_statuses as Array<PluginStatus & { error: string }>).find((s) => s.plugin_id === id)?.error).to.match(/restarting/);
      await statusesWith(adminSocket, id, RUNNING, adminSocket.frames.indexOf(event));
    }
    const failed = statusesWith(adminSocket, id, FAILED_TO_STAY_RUNNING);
    await fetch(`${ts.url}/plugins/${id}/`);
    const event = await failed;
    expect((event.data.plugin_statuses as Array<PluginStatus & { error: string }>).find((s) => s.plugin_id === id)?.error).to.match(/failed 3 times/);
  });

  it('tells everyone when a plugin with a webapp part is enabled and disabled, with its client manifest', async () => {
    const id = 'com.example.webapp';
    await upload({ id, manifest: { permissions: { api: ['kv'] } } }, true);
    await admin.enablePlugin(id);
    const enabled = await userSocket.waitFor((f) => f.event === 'plugin_enabled' && f.data?.manifest.id === id, 10_000);
    const manifest = enabled.data?.manifest;
    expect(manifest).to.include({ id, name: '', version: '1.0.0' });
    expect(manifest).not.to.have.any.keys('server', 'description', 'permissions');
    expect(manifest.webapp.bundle_path).to.match(new RegExp(`^/static/${id}/${id}_[0-9a-f]{16}_bundle\\.js$`));
    expect(enabled.broadcast).to.have.all.keys(BROADCAST_FIELDS);
    await adminSocket.waitFor((f) => f.event === 'plugin_enabled' && f.data?.manifest.id === id);

    await admin.disablePlugin(id);
    const disabled = await userSocket.waitFor((f) => f.event === 'plugin_disabled' && f.data?.manifest.id === id, 10_000);
    expect(disabled.data?.manifest).to.deep.equal(manifest);
    await adminSocket.waitFor((f) => f.event === 'plugin_disabled' && f.data?.manifest.id === id);
  });

  it('tells everyone a webapp plugin is disabled when it is removed while enabled', async () => {
    const id = 'com.example.webappgone';
    await upload({ id }, true);
    await admin.enablePlugin(id);
    await userSocket.waitFor((f) => f.event === 'plugin_enabled' && f.data?.manifest.id === id, 10_000);
    await admin.removePlugin(id);
    await userSocket.waitFor((f) => f.event === 'plugin_disabled' && f.data?.manifest.id === id, 10_000);
  });

  it('tells everyone when a plugin with UI surfaces starts and stops, and sends no plugin_enabled for it without a webapp part', async () => {
    const id = 'com.example.surfaces';
    const ui = { version: 1, channel_header_buttons: [{ id: 'hello', label: 'Hello', action: { type: 'route', path: '/hello' } }] };
    await upload({ id, manifest: { ui } });
    await admin.enablePlugin(id);
    const started = await userSocket.waitFor((f) => f.event === 'plugin_ui_changed' && f.data?.plugin_id === id, 10_000);
    expect(started.data).to.deep.equal({ plugin_id: id, running: true });
    expect(started.broadcast).to.have.all.keys(BROADCAST_FIELDS);
    await admin.disablePlugin(id);
    const stopped = await userSocket.waitFor((f) => f.event === 'plugin_ui_changed' && f.data?.plugin_id === id && f.data.running === false, 10_000);
    expect(stopped.data).to.deep.equal({ plugin_id: id, running: false });
    expect(userEvents('plugin_enabled').map((e) => e.data.manifest.id)).not.to.include(id);
    expect(userEvents('plugin_disabled').map((e) => e.data.manifest.id)).not.to.include(id);
  });

  it('sends a regular user no statuses and no plugin_enabled for plugins without a webapp part', async () => {
    const id = 'com.example.serveronly';
    await upload({ id });
    await admin.enablePlugin(id);
    // Events reach every connection in publication order: once this later one has arrived, the
    // user would already hold the ones it must not get.
    const marker = 'com.example.marker';
    await upload({ id: marker }, true);
    await admin.enablePlugin(marker);
    await userSocket.waitFor((f) => f.event === 'plugin_enabled' && f.data?.manifest.id === marker, 10_000);
    expect(adminSocket.events().some((e) => e.event === 'plugin_statuses_changed')).to.equal(true);
    expect(userEvents('plugin_statuses_changed')).to.deep.equal([]);
    expect(userEvents('plugin_enabled').map((e) => e.data.manifest.id)).not.to.include(id);
  });
});
