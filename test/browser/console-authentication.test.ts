// System Console > Authentication in Debian's chromium: the Signup, Email, Password, MFA, AD/LDAP
// and Guest Access pages read and save Mattermost's settings (numbers, dropdowns and secrets
// included), show an environment-locked setting disabled, show the server's refusals, and run
// "AD/LDAP Test" against a real directory on loopback.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import type { AdminConfig } from '@mattermost/types/config';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, PASSWORD, type LoggedIn } from '../helpers/fixtures.ts';
import { launchBrowser, logInThroughPage, openPage } from '../helpers/browser.ts';
import { seriousViolations } from '../helpers/accessibility.ts';
import { BASE_DN, LdapDirectory, SERVICE_DN, SERVICE_PASSWORD } from '../helpers/ldap-directory.ts';

const PAGES = [
  ['Signup', 'Signup'],
  ['Email', 'Email'],
  ['Password', 'Password'],
  ['MFA', 'Multi-factor Authentication'],
  ['AD/LDAP', 'AD/LDAP'],
  ['Guest Access', 'Guest Access'],
] as const;

describe('System Console authentication pages (browser)', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let directory: LdapDirectory;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const config = async () => (await admin.client.getConfig()) as AdminConfig & Record<string, Record<string, unknown>>;
  const goTo = async (link: string, heading = link) => {
    await page.getByRole('navigation', { name: 'System Console' }).getByRole('link', { name: link, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
  };
  const save = async () => {
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Configuration saved.' }).waitFor();
  };
  const choose = (legend: string, value: 'True' | 'False') => page.getByRole('group', { name: legend }).getByRole('radio', { name: value }).check();

  before(async function () {
    this.timeout(60_000);
    directory = await LdapDirectory.start();
    ts = await startTestServer({ env: { MM_TEAMSETTINGS_ENABLEOPENSERVER: 'false' } });
    admin = await createAdmin(ts);
    browser = await launchBrowser();
    page = await openPage(browser, ts, '/admin_console/authentication/signup', pageErrors);
    await logInThroughPage(page, admin.user.username, PASSWORD);
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
    await directory?.close();
  });
  afterEach(() => {
    expect(pageErrors, 'script errors in the page').to.deep.equal([]);
  });

  it('has no accessibility violation of serious or critical impact on any authentication page (axe-core)', async function () {
    this.timeout(60_000);
    for (const [link, heading] of PAGES) {
      await goTo(link, heading);
      await page.getByRole('button', { name: 'Save', exact: true }).waitFor();
      expect(await seriousViolations(page), link).to.deep.equal([]);
    }
  });

  it('saves the sign-up domains on Signup and shows the environment-locked open server disabled', async () => {
    await goTo('Signup');
    const openServer = page.getByRole('group', { name: 'Enable Open Server' });
    expect(await openServer.getByRole('radio', { name: 'False' }).isDisabled()).to.equal(true);
    expect(await page.getByText('Set by the environment variable MM_TEAMSETTINGS_ENABLEOPENSERVER').isVisible()).to.equal(true);
    await page.getByLabel('Restrict new system and team members to specified email domains').fill('corp.example.com');
    await save();
    const saved = await config();
    expect(saved.TeamSettings.RestrictCreationToDomains).to.equal('corp.example.com');
    expect(saved.TeamSettings.EnableOpenServer).to.equal(false);
  });

  it('turns sign-in with username off on Email', async () => {
    await goTo('Email');
    await choose('Enable sign-in with username', 'False');
    await save();
    expect((await config()).EmailSettings.EnableSignInWithUsername).to.equal(false);
  });

  it('saves a minimum password length as a number, and shows the server’s refusal of one out of range', async () => {
    await goTo('Password');
    await page.getByLabel('Minimum Password Length').fill('3');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const alert = page.locator('.save-bar').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.include('MinimumLength');
    expect((await config()).PasswordSettings.MinimumLength).to.equal(8);
    await page.getByLabel('Minimum Password Length').fill('12');
    await choose('At least one symbol', 'True');
    await save();
    const saved = await config();
    expect(saved.PasswordSettings.MinimumLength).to.equal(12);
    expect(saved.PasswordSettings.Symbol).to.equal(true);
  });

  it('enables multi-factor authentication on MFA', async () => {
    await goTo('MFA', 'Multi-factor Authentication');
    await choose('Enable Multi-factor Authentication', 'True');
    await save();
    expect((await config()).ServiceSettings.EnableMultifactorAuthentication).to.equal(true);
  });

  it('shows the server’s answer to AD/LDAP Test before AD/LDAP is set up, then connects once the directory is saved', async () => {
    await goTo('AD/LDAP');
    await page.getByRole('button', { name: 'AD/LDAP Test' }).click();
    await page.locator('#ldap-actions-error').waitFor();
    expect(await page.locator('#ldap-actions-error').textContent()).to.not.equal('');

    await choose('Enable sign-in with AD/LDAP', 'True');
    await page.getByLabel('AD/LDAP Server').fill('127.0.0.1');
    await page.getByLabel('AD/LDAP Port').fill(String(directory.port));
    expect(await page.getByLabel('Connection Security').inputValue()).to.equal('');
    await page.getByLabel('Base DN').fill(BASE_DN);
    await page.getByLabel('Bind Username').fill(SERVICE_DN);
    await page.getByLabel('Bind Password').fill(SERVICE_PASSWORD);
    await page.getByLabel('User Filter').fill('(objectClass=inetOrgPerson)');
    for (const [label, attribute] of [['ID Attribute', 'uid'], ['Login ID Attribute', 'uid'], ['Username Attribute', 'uid'], ['Email Attribute', 'mail']]) {
      await page.getByLabel(label, { exact: true }).fill(attribute);
    }
    await save();
    const saved = (await config()).LdapSettings;
    expect(saved).to.include({ Enable: true, LdapServer: '127.0.0.1', LdapPort: directory.port, BaseDN: BASE_DN, BindUsername: SERVICE_DN });
    expect(ts.config.get().LdapSettings.BindPassword).to.equal(SERVICE_PASSWORD);

    await page.getByRole('button', { name: 'AD/LDAP Test' }).click();
    await page.locator('#ldap-actions-status').filter({ hasText: 'AD/LDAP Test Successful' }).waitFor();
  });

  it('edits Guest Access settings where the server has them, and shows them disabled where it does not', async () => {
    await goTo('Guest Access');
    const known = (await config()).GuestAccountsSettings !== undefined;
    const enable = page.getByRole('group', { name: 'Enable Guest Access' });
    expect(await enable.getByRole('radio', { name: 'True' }).isDisabled()).to.equal(!known);
    expect(await page.getByText('configuration has no GuestAccountsSettings.Enable setting').count()).to.equal(known ? 0 : 1);
  });
});
