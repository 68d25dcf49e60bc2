// Multi-factor authentication in the web client (Debian's chromium): setting it up from the user
// menu with the secret the dialog shows, signing in with a code the login page asks for after the
// password, the set-up page a user without MFA is sent to where the server enforces it, and the two
// settings in the System Console.
import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, PASSWORD, type LoggedIn } from '../helpers/fixtures.ts';
import { createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser, openPage, submitLogin } from '../helpers/browser.ts';
import { signedInChatPage } from '../helpers/chat-pages.ts';
import { seriousViolations } from '../helpers/accessibility.ts';
import { awayFromStepEdge, codeAt } from '../helpers/totp.ts';

describe('chat web client: multi-factor authentication (browser)', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let browser: Browser;
  const pageErrors: string[] = [];
  const pages: Page[] = [];

  /** A user in a team (so the chat opens on it), signed in through the API. */
  async function teamUser(): Promise<LoggedIn> {
    const user = await createUser(ts, admin.client);
    await createTeamWith(admin.client, [user.user.id]);
    return user;
  }

  /** A fresh page that reports its script errors. */
  async function loginPage(): Promise<Page> {
    const page = await openPage(browser, ts, '/login');
    page.on('pageerror', (err) => pageErrors.push(err.message));
    pages.push(page);
    return page;
  }

  before(async function () {
    this.timeout(60_000);
    ts = await startTestServer({ config: { ServiceSettings: { EnableMultifactorAuthentication: true } } });
    admin = await createAdmin(ts);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
  });
  afterEach(() => {
    expect(pageErrors).to.deep.equal([]);
  });

  it('sets MFA up from the user menu with the secret the dialog shows, then removes it', async function () {
    this.timeout(40_000);
    const alice = await teamUser();
    const page = await signedInChatPage(browser, ts, alice, pageErrors);
    pages.push(page);
    await page.getByRole('button', { name: new RegExp(`^@${alice.user.username}`) }).click();
    await page.getByRole('button', { name: 'Multi-factor authentication' }).click();
    const dialog = page.getByRole('dialog', { name: 'Multi-factor authentication' });
    await dialog.getByRole('button', { name: 'Set up multi-factor authentication' }).click();
    const qr = dialog.getByRole('img', { name: /QR code of your MFA secret/ });
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).to.equal(true);
    const secret = (await dialog.locator('.mfa-secret').textContent())!.trim();
    expect(secret).to.match(/^[A-Z2-7]{32}$/);
    expect(await seriousViolations(page)).to.deep.equal([]);

    await awayFromStepEdge(8);
    await dialog.getByLabel('Code from the app').fill(await codeAt(secret, 0));
    await dialog.getByRole('button', { name: 'Activate' }).click();
    await dialog.getByText('Multi-factor authentication is on: signing in takes a code').waitFor();
    expect((await admin.client.getUser(alice.user.id)).mfa_active).to.equal(true);

    await dialog.getByRole('button', { name: 'Remove multi-factor authentication' }).click();
    await dialog.getByRole('button', { name: 'Set up multi-factor authentication' }).waitFor();
    expect((await admin.client.getUser(alice.user.id)).mfa_active).to.equal(false);
  });

  it('asks for the MFA code after the password, refuses a wrong one and signs in with the right one', async function () {
    this.timeout(40_000);
    const bob = await teamUser();
    const { secret } = await bob.client.generateMfaSecret('me');
    await awayFromStepEdge(8);
    await bob.client.updateUserMfa(bob.user.id, true, await codeAt(secret, -1));

    const page = await loginPage();
    await submitLogin(page, bob.user.username, PASSWORD);
    const codeField = page.getByLabel('MFA code');
    await codeField.waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'login-mfa-code');

    const right = await codeAt(secret, 0);
    await codeField.fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).to.include('MFA code is not valid');

    await codeField.fill(right);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Teams' }).waitFor();
  });

  it('sends a user without MFA to the set-up page where MFA is enforced, and into the chat once it is set up', async function () {
    this.timeout(40_000);
    const carol = await teamUser();
    ts.config.patch({ ServiceSettings: { EnforceMultifactorAuthentication: true } });
    try {
      const page = await loginPage();
      await submitLogin(page, carol.user.username, PASSWORD);
      await page.getByRole('heading', { name: 'Set up multi-factor authentication' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Teams' }).count()).to.equal(0);
      await page.getByRole('button', { name: 'Set up multi-factor authentication' }).click();
      const secret = (await page.locator('.mfa-secret').textContent())!.trim();
      await awayFromStepEdge(8);
      await page.getByLabel('Code from the app').fill(await codeAt(secret, 0));
      await page.getByRole('button', { name: 'Activate' }).click();
      await page.getByRole('navigation', { name: 'Teams' }).waitFor();
    } finally {
      ts.config.patch({ ServiceSettings: { EnforceMultifactorAuthentication: false } });
    }
  });

  it('shows both settings in the System Console and saves them', async function () {
    this.timeout(40_000);
    const page = await loginPage();
    await page.goto('/admin_console/site_config');
    await submitLogin(page, admin.user.username, PASSWORD);
    const enforce = page.getByRole('group', { name: 'Enforce multi-factor authentication' });
    await enforce.waitFor();
    expect(await page.getByRole('group', { name: 'Enable multi-factor authentication' }).getByRole('radio', { name: 'True' }).isChecked()).to.equal(true);
    await enforce.getByRole('radio', { name: 'True' }).check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.save-bar').getByText('Configuration saved.').waitFor();
    expect(ts.config.get().ServiceSettings.EnforceMultifactorAuthentication).to.equal(true);
    ts.config.patch({ ServiceSettings: { EnforceMultifactorAuthentication: false } });
  });
});
