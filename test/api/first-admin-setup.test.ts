// The first-admin setup wizard's routes (Client4's getFirstAdminSetupComplete and completeSetup):
// the FirstAdminSetupComplete system value, and the plugins it installs from a real marketplace.
import { expect } from 'chai';
import type { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { startTestMarketplace, type TestMarketplace } from '../helpers/test-marketplace.ts';
import { RawSocket } from '../helpers/ws-client.ts';

const WIZARD_PLUGIN = 'com.example.wizard';

describe('first-admin setup (system/onboarding/complete, plugins/marketplace/first_admin_visit)', () => {
  let market: TestMarketplace;
  let ts: TestServer;
  let admin: LoggedIn;
  let alice: LoggedIn;

  const installed = async (client: Client4) => {
    const { active, inactive } = await client.getPlugins();
    return { active: active.map((m) => m.id), inactive: inactive.map((m) => m.id) };
  };
  /** Posts a body Client4's types would not let through; answers the status and error id. */
  const completeSetupRaw = async (body: unknown) => {
    const response = await fetch(`${ts.url}/api/v4/system/onboarding/complete`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${admin.client.getToken()}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, id: ((await response.json()) as { id: string }).id };
  };

  before(async () => {
    market = await startTestMarketplace([{ id: WIZARD_PLUGIN, version: '1.0.0', server: 'export default () => ({});', manifest: { name: 'Wizard' } }]);
    ts = await startTestServer({ config: { PluginSettings: { MarketplaceURL: market.url, SignaturePublicKeyFiles: [market.publicKeyFile] } } });
    admin = await createAdmin(ts);
    alice = await createUser(ts, admin.client);
  });
  after(async () => {
    await ts.close();
    await market.close();
  });

  it('answers FirstAdminSetupComplete false before the wizard ran', async () => {
    expect(await admin.client.getFirstAdminSetupComplete()).to.deep.equal({ name: 'FirstAdminSetupComplete', value: 'false' });
  });

  it('refuses a plugin id the marketplace does not have with 404 and leaves the setup incomplete', async () => {
    await expectClientError(admin.client.completeSetup({ organization: 'Acme', install_plugins: ['com.example.nowhere'] } as never), 404, 'app.plugin.marketplace_plugin_not_found.app_error');
    expect((await admin.client.getFirstAdminSetupComplete()).value).to.equal('false');
  });

  it('refuses a malformed body with 400', async () => {
    const refused = { status: 400, id: 'app.system.complete_onboarding_request.app_error' };
    expect(await completeSetupRaw({ install_plugins: 'not a list' })).to.deep.equal(refused);
    expect(await completeSetupRaw({ install_plugins: ['no/slashes'] })).to.deep.equal(refused);
    expect(await completeSetupRaw(['a list'])).to.deep.equal(refused);
  });

  it('refuses users who are not system admins, to read and to complete', async () => {
    await expectClientError(alice.client.getFirstAdminSetupComplete(), 403, 'api.context.permissions.app_error');
    await expectClientError(alice.client.completeSetup({ organization: 'Acme', install_plugins: [] } as never), 403, 'app.system.complete_onboarding_request.no_first_user');
  });

  it('installs and enables the named marketplace plugins, then records the setup as complete', async () => {
    expect(await admin.client.completeSetup({ organization: 'Acme', install_plugins: [WIZARD_PLUGIN] } as never)).to.deep.equal({ status: 'OK' });
    expect((await installed(admin.client)).active).to.include(WIZARD_PLUGIN);
    expect(await admin.client.getFirstAdminSetupComplete()).to.deep.equal({ name: 'FirstAdminSetupComplete', value: 'true' });
  });

  it("records an admin's first visit to the marketplace and tells every client, for system admins only", async () => {
    expect(await admin.client.getFirstAdminVisitMarketplaceStatus()).to.deep.equal({ name: 'FirstAdminVisitMarketplace', value: 'false' });
    await expectClientError(alice.client.getFirstAdminVisitMarketplaceStatus(), 403, 'api.context.permissions.app_error');
    await expectClientError(alice.client.setFirstAdminVisitMarketplaceStatus(), 403, 'api.context.permissions.app_error');
    const socket = await RawSocket.authenticated(ts, alice.client.getToken());
    try {
      expect(await admin.client.setFirstAdminVisitMarketplaceStatus()).to.deep.equal({ status: 'OK' });
      const event = await socket.waitForEvent('first_admin_visit_marketplace_status_received');
      expect(event.data).to.deep.equal({ firstAdminVisitMarketplaceStatus: 'true' });
    } finally {
      await socket.close();
    }
    expect(await admin.client.getFirstAdminVisitMarketplaceStatus()).to.deep.equal({ name: 'FirstAdminVisitMarketplace', value: 'true' });
  });
});
