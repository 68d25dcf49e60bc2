// The System Console in Debian's chromium, against a real server and a real signed marketplace:
// every step is checked on the page and in what the server reports.
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import type { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import type { TestServer } from '../helpers/test-server.ts';
import type { TestMarketplace } from '../helpers/test-marketplace.ts';
import { createUser, PASSWORD } from '../helpers/fixtures.ts';
import { logInThroughPage, startConsoleFixture, submitLogin, type ConsoleFixture } from '../helpers/browser.ts';
import { eventually } from '../helpers/ws-client.ts';
import { seriousViolations } from '../helpers/accessibility.ts';
import { pluginBundle } from '../helpers/plugin-bundles.ts';
import { DEMO_ID, DEMO_NAME, demoPlugin, settingsSeenByDemo } from '../helpers/console-plugins.ts';

const RUNNING = 2;
const NOT_RUNNING = 0;
const FAILED_TO_START = 3;
const OTHER = { id: 'com.example.weather', manifest: { name: 'Weather', description: 'Forecasts in the channel.' } };

describe('System Console (browser)', () => {
  let marketplace: TestMarketplace;
  let ts: TestServer;
  let admin: Client4;
  let adminUser: UserProfile;
  let fixture: ConsoleFixture;
  let page: Page;

  const statusOf = async (id: string) => (await admin.getPluginStatuses()).find((s) => s.plugin_id === id);
  const card = (name: string) => page.getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });
  const goTo = async (link: string) => {
    await page.getByRole('navigation', { name: 'System Console' }).getByRole('link', { name: link }).click();
    await page.getByRole('heading', { level: 1, name: link }).waitFor();
  };

  before(async function () {
    this.timeout(60_000);
    fixture = await startConsoleFixture([demoPlugin(), OTHER], { env: { MM_TEAMSETTINGS_ENABLEOPENSERVER: 'false' }, pluginSettings: { EnableUploads: true } });
    ({ marketplace, ts, admin, adminUser, page } = fixture);
  });
  after(async () => {
    await fixture?.close();
  });

  it('sends a visitor from /admin_console to the login page and shows the server\'s refusal of a wrong password beside the form', async () => {
    await page.waitForURL((url) => url.pathname === '/login');
    expect(new URL(page.url()).searchParams.get('redirect_to')).to.equal('/admin_console');
    await submitLogin(page, adminUser.username, 'not-the-password');
    const alert = page.locator('form').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.match(/valid email or username/);
    expect((await page.context().cookies()).map((c) => c.name)).not.to.include('MMAUTHTOKEN');
  });

  it('signs an admin in with the session cookie the API accepts', async () => {
    await logInThroughPage(page, adminUser.username, PASSWORD);
    expect(await page.getByText(`Signed in as @${adminUser.username}`).isVisible()).to.equal(true);
    const token = (await page.context().cookies()).find((c) => c.name === 'MMAUTHTOKEN');
    expect(token, 'session cookie').to.not.equal(undefined);
    const me = await fetch(`${ts.url}/api/v4/users/me`, { headers: { Authorization: `Bearer ${token!.value}` } });
    expect(((await me.json()) as UserProfile).id).to.equal(adminUser.id);
  });

  it('lists the marketplace and filters it with the search box', async () => {
    await goTo('Marketplace');
    await card(DEMO_NAME).waitFor();
    await card('Weather').waitFor();
    await page.getByLabel('Search plugins').fill('forecast');
    await card(DEMO_NAME).waitFor({ state: 'detached' });
    expect(await card('Weather').isVisible()).to.equal(true);
    await page.getByLabel('Search plugins').fill('');
    await card(DEMO_NAME).waitFor();
  });

  it('has no accessibility violation of serious or critical impact on the marketplace page (axe-core)', async () => {
    expect(await seriousViolations(page)).to.deep.equal([]);
  });

  it('installs a plugin from the marketplace with one click, and the server runs it', async () => {
    const item = card(DEMO_NAME);
    expect(await item.textContent()).to.include('Version 1.0.0').and.include('every kind of plugin setting');
    const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v4/plugins/marketplace');
    await item.getByRole('button', { name: `Install ${DEMO_NAME}` }).click();
    await item.getByRole('status').filter({ hasText: 'is installed and enabled' }).waitFor();
    // Authenticated by the session cookie, with the CSRF token Mattermost's web app sends.
    const csrf = (await page.context().cookies()).find((c) => c.name === 'MMCSRF')?.value;
    expect(csrf).to.be.a('string').and.not.equal('');
    expect((await (await sent).allHeaders())['x-csrf-token']).to.equal(csrf);
    await item.getByText('Installed: 1.0.0').waitFor();
    await eventually(async () => expect((await statusOf(DEMO_ID))?.state).to.equal(RUNNING));
    expect((await admin.getMarketplacePlugins('')).find((p) => p.manifest.id === DEMO_ID)?.installed_version).to.equal('1.0.0');
  });

  it('shows the server\'s refusal of an unsigned plugin on that plugin, and installs nothing', async () => {
    await marketplace.add({ id: 'com.example.unsigned', manifest: { name: 'Unsigned Demo' } }, { signed: false });
    await page.reload();
    const item = card('Unsigned Demo');
    await item.getByRole('button', { name: 'Install Unsigned Demo' }).click();
    const alert = item.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.match(/signature/i);
    expect(await item.getByRole('button', { name: 'Install Unsigned Demo' }).isVisible()).to.equal(true);
    expect(await statusOf('com.example.unsigned')).to.equal(undefined);
  });

  it('offers an update when the marketplace has a newer version, and installs it', async () => {
    await marketplace.add(demoPlugin('1.1.0'));
    await page.reload();
    const item = card(DEMO_NAME);
    await item.getByRole('button', { name: `Update ${DEMO_NAME}` }).click();
    await item.getByText('Installed: 1.1.0').waitFor();
    await eventually(async () => expect((await statusOf(DEMO_ID))?.version).to.equal('1.1.0'));
  });

  it('draws the plugin\'s settings page from its settings_schema, with every setting type', async () => {
    await goTo('Plugin Management');
    await card(DEMO_NAME).getByRole('link', { name: `Settings of ${DEMO_NAME}` }).click();
    await page.getByRole('heading', { level: 1, name: `${DEMO_NAME} settings` }).waitFor();
    expect(await page.getByText('Settings of the console demo.').isVisible()).to.equal(true);
    expect(await page.getByText('Saved settings reach the plugin at once.').isVisible()).to.equal(true);
    expect(await page.getByLabel('Greeting').inputValue()).to.equal('hello');
    expect(await page.getByRole('group', { name: 'Loud' }).getByRole('radio', { name: 'False' }).isChecked()).to.equal(true);
    expect(await page.getByLabel('Colour').inputValue()).to.equal('blue');
    expect(await page.getByRole('group', { name: 'Size' }).getByRole('radio', { name: 'Small' }).isChecked()).to.equal(true);
    expect(await page.getByLabel('Notes').getAttribute('placeholder')).to.equal('Anything');
    expect(await page.getByLabel('Limit').inputValue()).to.equal('5');
    expect(await page.getByLabel('Owner').inputValue()).to.equal('');
    expect(await page.getByText('This is a custom setting').isVisible()).to.equal(true);
    expect(await page.getByRole('heading', { name: 'Advanced' }).isVisible()).to.equal(true);
    expect(await page.getByLabel('Retries').inputValue()).to.equal('3');
    await page.getByRole('button', { name: 'Regenerate Webhook secret' }).click();
    expect(await page.getByLabel('Webhook secret', { exact: true }).inputValue()).to.match(/^[A-Za-z0-9_-]{32}$/);
  });

  it('saves a changed setting into PluginSettings.Plugins, and the running plugin sees it', async () => {
    await page.getByLabel('Greeting').fill('bonjour');
    await page.getByRole('group', { name: 'Loud' }).getByRole('radio', { name: 'True' }).check();
    await page.getByLabel('Colour').selectOption('green');
    await page.getByLabel('Limit').fill('7');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();
    const saved = (await admin.getConfig()).PluginSettings.Plugins[DEMO_ID];
    expect(saved).to.include({ Greeting: 'bonjour', Loud: true, Colour: 'green', Size: 'small', Limit: 7, Retries: 3 });
    expect(saved.Secret).to.match(/^[A-Za-z0-9_-]{32}$/);
    await eventually(async () => expect(await settingsSeenByDemo(ts)).to.include({ Greeting: 'bonjour', Loud: true, Limit: 7 }));
  });

  it('disables a plugin, and the server reports it not running', async () => {
    await goTo('Plugin Management');
    const item = card(DEMO_NAME);
    await item.getByText('State: Running').waitFor();
    await item.getByRole('button', { name: `Disable ${DEMO_NAME}` }).click();
    await item.getByRole('status').filter({ hasText: `${DEMO_NAME} is disabled.` }).waitFor();
    await item.getByText('State: Not running').waitFor();
    expect(await item.getByRole('button', { name: `Enable ${DEMO_NAME}` }).isVisible()).to.equal(true);
    expect((await statusOf(DEMO_ID))?.state).to.equal(NOT_RUNNING);
    expect((await admin.getConfig()).PluginSettings.PluginStates[DEMO_ID]).to.deep.equal({ Enable: false });
  });

  it('shows a plugin that fails to start with its state and last error', async () => {
    const failing = { id: 'com.example.failing', manifest: { name: 'Failing Demo' }, server: `export default () => ({ onActivate() { throw new Error('the database is on fire'); } });` };
    await admin.uploadPlugin(new File([new Uint8Array(pluginBundle(failing))], 'failing.tar.gz') as never, false);
    await page.reload();
    const item = card('Failing Demo');
    await item.getByRole('button', { name: 'Enable Failing Demo' }).click();
    await item.getByText('State: Failed to start').waitFor();
    expect(await item.getByText(/^Last error: .*the database is on fire/).isVisible()).to.equal(true);
    const status = await statusOf('com.example.failing');
    expect(status?.state).to.equal(FAILED_TO_START);
    expect((status as { error?: string }).error).to.include('the database is on fire');
    await admin.removePlugin('com.example.failing');
  });

  it('uploads a bundle, which then appears in the list and on the server', async () => {
    const bundle = pluginBundle({ id: 'com.example.uploaded', version: '2.0.0', manifest: { name: 'Uploaded Demo' } });
    await page.getByLabel('Plugin bundle (.tar.gz)').setInputFiles({ name: 'uploaded.tar.gz', mimeType: 'application/gzip', buffer: bundle });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Uploaded Uploaded Demo 2.0.0' }).waitFor();
    await card('Uploaded Demo').waitFor();
    const plugins = await admin.getPlugins();
    expect([...plugins.active, ...plugins.inactive].map((m) => m.id)).to.include('com.example.uploaded');
  });

  it('shows the server\'s refusal of a bad bundle next to the upload form, and installs nothing', async () => {
    const before = await admin.getPluginStatuses();
    await page.getByLabel('Plugin bundle (.tar.gz)').setInputFiles({ name: 'broken.tar.gz', mimeType: 'application/gzip', buffer: Buffer.from('not a bundle') });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    const alert = page.getByRole('region', { name: 'Upload a plugin' }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.not.equal('');
    expect(await admin.getPluginStatuses()).to.have.length(before.length);
  });

  it('removes a plugin only after the confirmation', async () => {
    const item = card('Uploaded Demo');
    await item.getByRole('button', { name: 'Remove Uploaded Demo' }).click();
    await item.getByRole('button', { name: 'Cancel' }).click();
    expect(await statusOf('com.example.uploaded')).to.not.equal(undefined);
    await item.getByRole('button', { name: 'Remove Uploaded Demo' }).click();
    await item.getByRole('button', { name: 'Yes, remove Uploaded Demo' }).click();
    await card('Uploaded Demo').waitFor({ state: 'detached' });
    expect(await statusOf('com.example.uploaded')).to.equal(undefined);
  });

  it('saves site settings, shows an environment-locked one disabled, and shows the server\'s refusal', async () => {
    await goTo('Site Configuration');
    const openServer = page.getByRole('group', { name: 'Enable open server' });
    expect(await openServer.getByRole('radio', { name: 'False' }).isDisabled()).to.equal(true);
    expect(await openServer.getByRole('radio', { name: 'False' }).isChecked()).to.equal(true);
    expect(await page.getByText('Set by the environment variable MM_TEAMSETTINGS_ENABLEOPENSERVER').isVisible()).to.equal(true);
    expect(await page.getByLabel('Marketplace URL').inputValue()).to.equal(marketplace.url);
    await page.getByLabel('Public key file 1', { exact: true }).waitFor();

    await page.getByLabel('Site URL').fill('not a url');
    await page.getByRole('button', { name: 'Save' }).click();
    const alert = page.locator('.save-bar').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.include('SiteURL');
    expect((await admin.getConfig()).ServiceSettings.SiteURL).to.equal('');

    await page.getByLabel('Site URL').fill('https://chat.example.com');
    await page.getByRole('group', { name: 'Plugin uploads' }).getByRole('radio', { name: 'False' }).check();
    await page.getByRole('button', { name: 'Add public key file' }).click();
    await page.getByLabel('Public key file 2', { exact: true }).fill('/etc/parley/keys/extra.pub');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Configuration saved.' }).waitFor();
    const config = await admin.getConfig();
    expect(config.ServiceSettings.SiteURL).to.equal('https://chat.example.com');
    expect(config.PluginSettings.EnableUploads).to.equal(false);
    expect(config.PluginSettings.SignaturePublicKeyFiles).to.deep.equal([marketplace.publicKeyFile, '/etc/parley/keys/extra.pub']);
  });

  it('logs out, and then tells a signed-in user who is not a system admin that the console needs that role', async () => {
    const user = await createUser(ts, admin);
    const adminToken = (await page.context().cookies()).find((c) => c.name === 'MMAUTHTOKEN')!.value;
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in to Parley' }).waitFor();
    const revoked = await fetch(`${ts.url}/api/v4/users/me`, { headers: { Authorization: `Bearer ${adminToken}` } });
    expect(revoked.status).to.equal(401);

    await submitLogin(page, user.user.username, PASSWORD);
    await page.getByRole('navigation', { name: 'Teams' }).or(page.getByRole('heading', { level: 1, name: 'Join a team' })).waitFor();
    await page.goto('/admin_console');
    await page.getByRole('heading', { level: 1, name: 'You need to be a system admin' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'System Console' }).count()).to.equal(0);
  });
});
