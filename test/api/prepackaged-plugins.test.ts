import { expect } from 'chai';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer, type TestServerOptions } from '../helpers/test-server.ts';
import { createAdmin, login } from '../helpers/fixtures.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { dropDatabase, freshDatabase } from '../helpers/database.ts';

const RUNNING = 2;
const ID = 'com.example.shipped';

/** A shipped plugin that serves the core path /hooks (only a trusted plugin may) and says its version. */
function shippedBundle(version: string): Buffer {
  return pluginBundle({
    id: ID,
    version,
    server: `export default () => ({ serveHttp() { return { body: ${JSON.stringify(version)} }; } });`,
    manifest: { permissions: { api: [], core_routes: ['/hooks'] } },
  });
}

/**
 * One server after another on the same data directory and database, as across restarts. The
 * configuration is carried over by hand (test servers do not write config.json).
 */
describe('prepackaged plugins', () => {
  let shippedDir: string;
  let dataDir: string;
  let databaseUrl: string;
  let pluginStates: Record<string, { Enable: boolean }> = {};
  let ts: TestServer | undefined;
  let admin: Client4;
  let adminName = '';

  const ship = async (version: string) => {
    await rm(shippedDir, { recursive: true, force: true });
    await mkdir(shippedDir, { recursive: true });
    await writeFile(path.join(shippedDir, `${ID}-${version}.tar.gz`), shippedBundle(version));
  };
  const restart = async (extra: TestServerOptions = {}) => {
    if (ts) {
      pluginStates = ts.config.get().PluginSettings.PluginStates;
      await ts.close();
    }
    ts = await startTestServer({ prepackaged: shippedDir, dataDir, databaseUrl, config: { PluginSettings: { PluginStates: pluginStates } }, ...extra });
    // The first sign-up on the database becomes the system admin; later servers log in again.
    if (adminName) admin = (await login(ts, adminName)).client;
    else {
      const created = await createAdmin(ts);
      admin = created.client;
      adminName = created.user.username;
    }
  };
  const hookAnswer = async () => {
    const response = await fetch(`${ts!.url}/hooks/x`, { method: 'POST' });
    return { status: response.status, body: await response.text() };
  };
  const status = async () => (await admin.getPluginStatuses()).find((s) => s.plugin_id === ID);

  before(async () => {
    const root = await mkdtemp(path.join(tmpdir(), 'parley-shipped-'));
    shippedDir = path.join(root, 'bundles');
    dataDir = path.join(root, 'data');
    databaseUrl = await freshDatabase();
    await ship('1.0.0');
  });
  after(async () => {
    await ts?.close();
    await dropDatabase(databaseUrl);
    await rm(path.dirname(shippedDir), { recursive: true, force: true });
  });

  it('installs and enables a shipped plugin on first start, trusted to serve the core paths it claims', async () => {
    await restart();
    expect((await status())?.state).to.equal(RUNNING);
    expect(await hookAnswer()).to.deep.equal({ status: 200, body: '1.0.0' });
  });

  it('upgrades it when the server ships a newer version', async () => {
    await ship('1.1.0');
    await restart();
    expect((await status())?.version).to.equal('1.1.0');
    expect(await hookAnswer()).to.deep.equal({ status: 200, body: '1.1.0' });
  });

  it("keeps an admin's newer upload, though it loses the trust only shipped plugins have", async () => {
    await restart({ config: { PluginSettings: { PluginStates: pluginStates, EnableUploads: true } } });
    await admin.uploadPlugin(new File([new Uint8Array(shippedBundle('2.0.0'))], 'p.tar.gz') as never, true);
    await restart();
    expect((await status())?.version).to.equal('2.0.0');
    expect((await hookAnswer()).status).to.equal(404);
    await restart({ config: { PluginSettings: { PluginStates: pluginStates, TrustedPlugins: [ID] } } });
    expect(await hookAnswer()).to.deep.equal({ status: 200, body: '2.0.0' });
  });

  it('leaves a plugin the admin disabled disabled', async () => {
    await admin.removePlugin(ID);
    await restart({ config: { PluginSettings: { PluginStates: {} } } });
    expect((await status())?.version).to.equal('1.1.0');
    await admin.disablePlugin(ID);
    await restart();
    expect((await status())?.state).to.not.equal(RUNNING);
    expect((await hookAnswer()).status).to.equal(503);
  });

  it('does not bring back a plugin the admin removed', async () => {
    await admin.removePlugin(ID);
    await restart();
    expect(await status()).to.equal(undefined);
  });

  it('installs nothing when AutomaticPrepackagedPlugins is off', async () => {
    await restart({ config: { PluginSettings: { PluginStates: {}, AutomaticPrepackagedPlugins: false } } });
    expect(await status()).to.equal(undefined);
  });
});
