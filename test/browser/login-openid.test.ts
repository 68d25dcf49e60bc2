// Signing in through an OpenID Connect provider from the web client's login page, in Debian's
// chromium: the provider's button (its configured text), the provider's own login form, and back in
// the chat signed in; a refused sign-in shows the error page with what went wrong.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, PASSWORD, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser, logInThroughPage } from '../helpers/browser.ts';
import { BrowserlessAgent, OpenIdProvider, type ProviderAccount } from '../helpers/openid-provider.ts';

const PAGE_TIMEOUT_MS = 10_000;

describe('OpenID Connect sign-in from the login page (browser)', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let provider: OpenIdProvider;
  let browser: Browser;
  const pageErrors: string[] = [];

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    provider = await OpenIdProvider.start([{ client_id: 'parley', client_secret: 'browser-secret', redirect_uris: [`${ts.url}/signup/openid/complete`] }]);
    ts.config.patch({ OpenIdSettings: { Enable: true, Id: 'parley', Secret: 'browser-secret', DiscoveryEndpoint: provider.discoveryEndpoint, ButtonText: 'Sign in with Acme SSO', ButtonColor: '#145DBF' } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await provider?.close();
    await ts?.close();
  });

  afterEach(() => {
    expect(pageErrors, 'script errors in the page').to.deep.equal([]);
  });

  async function loginPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: ts.url });
    const page = await context.newPage();
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.setDefaultTimeout(PAGE_TIMEOUT_MS);
    await page.goto('/login');
    return page;
  }

  /** Clicks the provider's button and signs in on the provider's own form as `account`. */
  async function signInWithButton(page: Page, account: ProviderAccount): Promise<void> {
    await page.getByRole('link', { name: 'Sign in with Acme SSO' }).click();
    await page.waitForURL(`${provider.issuer}/**`);
    await page.locator('input[name="login"]').fill(account.sub);
    await page.locator('input[name="password"]').fill('any');
    await page.getByRole('button', { name: 'Sign-in' }).click();
  }

  it('clicks the provider’s button on the login page and lands in the chat signed in', async () => {
    // The person's account exists already (an earlier sign-in) and is in a team, so the chat has somewhere to open.
    const name = uniqueName('sso');
    const account = { sub: `subject-${name}`, email: `${name}@corp.example.com`, given_name: 'Grace', family_name: 'Hopper', preferred_username: name };
    provider.addAccount(account);
    const agent = new BrowserlessAgent();
    await agent.deliver(await agent.authorize(`${ts.url}/oauth/openid/login`, account.sub));
    const user = await ts.store.users.findByAuth('openid', account.sub);
    const team = await createTeamWith(admin.client, [user!.id]);

    const page = await loginPage();
    const button = page.getByRole('link', { name: 'Sign in with Acme SSO' });
    expect(await button.getAttribute('href')).to.equal('/oauth/openid/login');
    expect(await button.evaluate((el) => getComputedStyle(el).backgroundColor)).to.equal('rgb(20, 93, 191)');
    await signInWithButton(page, account);
    await page.getByRole('navigation', { name: 'Teams' }).waitFor();
    expect(new URL(page.url()).origin).to.equal(ts.url);
    expect(page.url()).to.include(`/${team.name}/`);
    await page.context().close();
  });

  it('shows the error page with the reason when the provider’s account has the address of a password account', async () => {
    const existing = await createUser(ts, admin.client);
    const account = { sub: `subject-${uniqueName('taken')}`, email: existing.user.email, preferred_username: uniqueName('taken') };
    provider.addAccount(account);
    const page = await loginPage();
    await signInWithButton(page, account);
    await page.getByRole('heading', { name: 'We could not sign you in' }).waitFor();
    expect(await page.getByRole('alert').textContent()).to.equal(`An account with the email address ${existing.user.email} already exists and signs in with email and password. Sign in with email and password instead.`);
    await page.getByRole('link', { name: 'Back to the login page' }).click();
    await page.getByLabel('Username or email').waitFor();
    await page.context().close();
  });

  it('lets an admin set the provider up on the System Console’s OpenID Connect page, the secret shown masked', async () => {
    const page = await loginPage();
    await page.goto('/admin_console/authentication/openid');
    await logInThroughPage(page, admin.user.username, PASSWORD);
    await page.getByRole('link', { name: 'OpenID Connect' }).click();
    await page.getByRole('heading', { name: 'OpenID Connect', level: 1 }).waitFor();
    expect(await page.getByLabel('Discovery endpoint').inputValue()).to.equal(provider.discoveryEndpoint);
    expect(await page.getByLabel('Client secret', { exact: true }).inputValue()).to.equal('********************************');
    await page.getByLabel('Button text').fill('Acme single sign-on');
    await page.getByRole('button', { name: 'Save' }).click();
    try {
      await page.getByText('Configuration saved.').waitFor();
      expect(ts.config.get().OpenIdSettings).to.include({ ButtonText: 'Acme single sign-on', Secret: 'browser-secret' });
      const login = await loginPage();
      await login.getByRole('link', { name: 'Acme single sign-on' }).waitFor();
      await login.context().close();
    } finally {
      ts.config.patch({ OpenIdSettings: { ButtonText: 'Sign in with Acme SSO' } });
    }
    await page.context().close();
  });
});
