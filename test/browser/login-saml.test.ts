// Signing in through a SAML identity provider from the web client's login page, in Debian's
// chromium: the SAML button (its configured text and colours), the IdP's own login form and its
// auto-posted Response, and back in the chat signed in; the console's SAML 2.0 page.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, PASSWORD, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser, logInThroughPage, openPage } from '../helpers/browser.ts';
import { SamlIdp } from '../helpers/saml-idp.ts';

const SP_ENTITY = 'https://parley.example.com/saml';

describe('SAML sign-in from the login page (browser)', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let idp: SamlIdp;
  let browser: Browser;
  const pageErrors: string[] = [];

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    idp = await SamlIdp.start();
    idp.audience = SP_ENTITY;
    await admin.client.uploadIdpSamlCertificate(new File([idp.cert], 'idp.crt'));
    ts.config.patch({
      SamlSettings: { Enable: true, Encrypt: false, IdpURL: idp.ssoUrl, IdpDescriptorURL: idp.entityId, ServiceProviderIdentifier: SP_ENTITY, IdAttribute: 'objectId', EmailAttribute: 'mail', UsernameAttribute: 'uid', LoginButtonText: 'Sign in with Acme SAML', LoginButtonColor: '#123456', LoginButtonTextColor: '#ffffff' },
    });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await idp?.close();
    await ts?.close();
  });

  afterEach(() => {
    expect(pageErrors, 'script errors in the page').to.deep.equal([]);
  });

  const loginPage = (): Promise<Page> => openPage(browser, ts, '/login', pageErrors);

  it('clicks the SAML button, signs in on the IdP’s form and lands in the chat signed in', async function () {
    // Two sign-ins through the IdP, each four page loads: on a loaded machine, more than the default.
    this.timeout(60_000);
    const name = uniqueName('saml');
    idp.addAccount(name, { objectId: `obj-${name}`, mail: `${name}@corp.example.com`, uid: name });
    // A first sign-in makes the account; the admin puts it in a team so the chat has somewhere to open.
    const first = await loginPage();
    await first.getByRole('link', { name: 'Sign in with Acme SAML' }).click();
    await first.getByLabel('Username').fill(name);
    await first.getByRole('button', { name: 'Sign in' }).click();
    await first.waitForURL(`${ts.url}/**`);
    await first.context().close();
    const user = await ts.store.users.findByAuth('saml', `obj-${name}`);
    const team = await createTeamWith(admin.client, [user!.id]);

    const page = await loginPage();
    const button = page.getByRole('link', { name: 'Sign in with Acme SAML' });
    expect(await button.getAttribute('href')).to.equal('/login/sso/saml');
    expect(await button.evaluate((el) => getComputedStyle(el).backgroundColor)).to.equal('rgb(18, 52, 86)');
    await button.click();
    await page.waitForURL(`${idp.url}/**`);
    await page.getByLabel('Username').fill(name);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Teams' }).waitFor();
    expect(page.url()).to.include(`${ts.url}/${team.name}/`);
    await page.context().close();
  });

  it('shows the console’s SAML 2.0 page with the certificate status and saves a setting', async () => {
    const page = await loginPage();
    await page.goto('/admin_console/authentication/saml');
    await logInThroughPage(page, admin.user.username, PASSWORD);
    await page.getByRole('link', { name: 'SAML 2.0' }).click();
    await page.getByRole('heading', { name: 'SAML 2.0', level: 1 }).waitFor();
    expect(await page.getByLabel('SAML SSO URL').inputValue()).to.equal(idp.ssoUrl);
    await page.getByRole('heading', { name: 'Certificates' }).waitFor();
    expect(await page.getByRole('button', { name: 'Remove identity provider certificate' }).count()).to.equal(1);
    await page.getByLabel('Button text', { exact: true }).fill('Acme single sign-on');
    await page.getByRole('button', { name: 'Save' }).click();
    try {
      await page.getByText('Configuration saved.').waitFor();
      expect(ts.config.get().SamlSettings.LoginButtonText).to.equal('Acme single sign-on');
    } finally {
      ts.config.patch({ SamlSettings: { LoginButtonText: 'Sign in with Acme SAML' } });
    }
    await page.context().close();
  });
});
