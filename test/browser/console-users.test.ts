// System Console > User Management > Users in Debian's chromium: the list searched and filtered by
// role and status, a user's page and each action on it, checked in what the server reports — and a
// deactivation signing the user's open chat out at once (their socket closed, their page at login).
import { expect } from 'chai';
import type { Browser, Page, WebSocket as PageSocket } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, login, PASSWORD, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser, logInThroughPage, openPage } from '../helpers/browser.ts';
import { signedInChatPage } from '../helpers/chat-pages.ts';
import { seriousViolations } from '../helpers/accessibility.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { awayFromStepEdge, codeAt } from '../helpers/totp.ts';
import { SmtpInbox } from '../helpers/smtp-inbox.ts';

describe('System Console users (browser)', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const prefix = uniqueName('cu');
  let member: LoggedIn;
  let sysadmin: LoggedIn;
  let former: LoggedIn;
  let inbox: SmtpInbox;

  const table = () => page.getByRole('table', { name: 'Users' });
  const rowNames = async () => (await table().getByRole('rowheader').allTextContents()).map((text) => text.split(' ')[0]);
  const openUser = async (who: LoggedIn) => {
    await page.goto(`/admin_console/user_management/user/${who.user.id}`);
    await page.getByRole('heading', { level: 1, name: `User Configuration: @${who.user.username}` }).waitFor();
  };
  const confirmIn = async (title: string, button: string) => {
    const dialog = page.getByRole('dialog', { name: title });
    await dialog.getByRole('button', { name: button }).click();
    await dialog.waitFor({ state: 'detached' });
  };
  const actionStatus = () => page.locator('#user-action-status');

  before(async function () {
    this.timeout(60_000);
    inbox = await SmtpInbox.start();
    ts = await startTestServer({
      config: { ServiceSettings: { EnableMultifactorAuthentication: true }, EmailSettings: { SMTPServer: '127.0.0.1', SMTPPort: String(inbox.port), FeedbackEmail: 'parley@example.org' } },
    });
    admin = await createAdmin(ts);
    member = await createUser(ts, admin.client, `${prefix}a`);
    sysadmin = await createUser(ts, admin.client, `${prefix}b`);
    former = await createUser(ts, admin.client, `${prefix}c`);
    await admin.client.updateUserRoles(sysadmin.user.id, 'system_user system_admin');
    await admin.client.updateUserActive(former.user.id, false);
    browser = await launchBrowser();
    page = await openPage(browser, ts, '/admin_console/user_management/users', pageErrors);
    await logInThroughPage(page, admin.user.username, PASSWORD);
  });
  after(async () => {
    await browser?.close();
    await ts?.close();
    await inbox?.close();
  });
  afterEach(() => {
    expect(pageErrors, 'script errors in the page').to.deep.equal([]);
  });

  it('lists users, searches them and filters the search by role and status', async () => {
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await table().getByRole('link', { name: `@${admin.user.username}` }).waitFor();
    await page.getByLabel('Search users').fill(prefix);
    await page.getByRole('status').filter({ hasText: 'Users 1–3' }).waitFor();
    expect(await rowNames()).to.deep.equal([`@${member.user.username}`, `@${sysadmin.user.username}`, `@${former.user.username}`]);
    expect(await table().getByRole('row').filter({ hasText: former.user.username }).textContent()).to.include('Deactivated');

    await page.getByLabel('Role').selectOption({ label: 'System Admin' });
    await page.getByRole('status').filter({ hasText: 'Users 1–1' }).waitFor();
    expect(await rowNames()).to.deep.equal([`@${sysadmin.user.username}`]);

    await page.getByLabel('Role').selectOption({ label: 'Any' });
    await page.getByLabel('Status').selectOption({ label: 'Deactivated users' });
    await table().getByRole('link', { name: `@${former.user.username}` }).waitFor();
    expect(await rowNames()).to.deep.equal([`@${former.user.username}`]);
  });

  it('filters the whole list by status without a search term', async () => {
    await page.getByLabel('Search users').fill('');
    await page.getByLabel('Status').selectOption({ label: 'Deactivated users' });
    await table().getByRole('link', { name: `@${former.user.username}` }).waitFor();
    expect(await rowNames()).not.to.include(`@${member.user.username}`);
    await page.getByLabel('Status').selectOption({ label: 'Activated users' });
    await table().getByRole('link', { name: `@${member.user.username}` }).waitFor();
    expect(await rowNames()).not.to.include(`@${former.user.username}`);
  });

  it('has no accessibility violation of serious or critical impact on the users list (axe-core)', async () => {
    expect(await seriousViolations(page)).to.deep.equal([]);
  });

  it('opens a user’s page from the list', async () => {
    await table().getByRole('link', { name: `@${member.user.username}` }).click();
    await page.getByRole('heading', { level: 1, name: `User Configuration: @${member.user.username}` }).waitFor();
    expect(new URL(page.url()).pathname).to.equal(`/admin_console/user_management/user/${member.user.id}`);
    expect(await page.locator('.details').textContent()).to.include(member.user.email).and.include('Member').and.include('Active');
  });

  it('has no accessibility violation of serious or critical impact on a user’s page (axe-core)', async () => {
    expect(await seriousViolations(page)).to.deep.equal([]);
  });

  it('resets a password: the old one no longer signs in, the new one does, and a password too short is refused with the server’s words', async () => {
    await openUser(member);
    await page.getByLabel('New Password').fill('abc');
    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.locator('#reset-password-error').waitFor();
    expect(await page.locator('#reset-password-error').textContent()).to.match(/at least|characters/i);
    await page.getByLabel('New Password').fill('a-brand-new-password');
    await page.getByRole('button', { name: 'Reset password' }).click();
    await page.locator('#reset-password-status').filter({ hasText: 'is reset' }).waitFor();
    await expectClientError(ts.client().login(member.user.username, PASSWORD), 401);
    member = await login(ts, member.user.username, 'a-brand-new-password');
  });

  it('emails the user a password reset link from Reset Password', async () => {
    await openUser(former);
    await page.getByRole('button', { name: 'Send reset email' }).click();
    await page.locator('#reset-password-email-status').filter({ hasText: 'was emailed' }).waitFor();
    expect((await inbox.mailTo(former.user.email)).text).to.match(/reset_password_complete\?token=[0-9a-f]{64}/);
  });

  it('makes a member a system admin and back with Manage Roles', async () => {
    await openUser(member);
    await page.getByRole('radio', { name: 'System Admin' }).check();
    await page.getByRole('button', { name: 'Save role' }).click();
    await page.locator('#manage-roles-status').filter({ hasText: 'is now a system admin' }).waitFor();
    expect((await admin.client.getUser(member.user.id)).roles.split(' ')).to.include('system_admin');
    await page.getByRole('radio', { name: 'Member' }).check();
    await page.getByRole('button', { name: 'Save role' }).click();
    await page.locator('#manage-roles-status').filter({ hasText: 'is now a member' }).waitFor();
    expect((await admin.client.getUser(member.user.id)).roles).to.equal('system_user');
  });

  it('removes a user’s MFA', async function () {
    this.timeout(40_000);
    const withMfa = await createUser(ts, admin.client);
    const { secret } = await withMfa.client.generateMfaSecret('me');
    await awayFromStepEdge(8);
    await withMfa.client.updateUserMfa(withMfa.user.id, true, await codeAt(secret, 0));
    await openUser(withMfa);
    expect(await page.locator('.details').textContent()).to.include('Multi-factor authenticationActive');
    await page.getByRole('button', { name: 'Remove MFA' }).click();
    await actionStatus().filter({ hasText: 'Multi-factor authentication is removed' }).waitFor();
    expect((await admin.client.getUser(withMfa.user.id)).mfa_active).to.equal(false);
    expect(await page.getByRole('button', { name: 'Remove MFA' }).count()).to.equal(0);
  });

  it('revokes every session of a user after a confirmation, and Cancel revokes nothing', async () => {
    const signedIn = await createUser(ts, admin.client);
    await openUser(signedIn);
    await page.getByRole('button', { name: 'Revoke Sessions' }).click();
    await confirmIn('Revoke Sessions', 'Cancel');
    expect((await signedIn.client.getMe()).id).to.equal(signedIn.user.id);
    await page.getByRole('button', { name: 'Revoke Sessions' }).click();
    await confirmIn('Revoke Sessions', 'Revoke Sessions');
    await actionStatus().filter({ hasText: 'is revoked' }).waitFor();
    await expectClientError(signedIn.client.getMe(), 401);
  });

  it('deactivates a user whose chat is open: their socket closes and their page goes to the login page at once', async function () {
    this.timeout(40_000);
    const bee = await createUser(ts, admin.client);
    await createTeamWith(admin.client, [bee.user.id]);
    const beeSockets: PageSocket[] = [];
    const beePage = await signedInChatPage(browser, ts, bee, pageErrors, { prepare: async (context) => void context.on('page', (p) => p.on('websocket', (ws) => beeSockets.push(ws))) });
    expect(beeSockets.length, 'the chat opened its socket').to.be.above(0);
    const socketClosed = new Promise<void>((resolve) => beeSockets[0].on('close', () => resolve()));

    await openUser(bee);
    await page.getByRole('button', { name: 'Deactivate' }).click();
    const dialog = page.getByRole('dialog', { name: `Deactivate @${bee.user.username}` });
    expect(await dialog.textContent()).to.include('signs them out of every device at once');
    expect(await seriousViolations(page)).to.deep.equal([]);
    await confirmIn(`Deactivate @${bee.user.username}`, 'Deactivate');
    await actionStatus().filter({ hasText: 'is deactivated' }).waitFor();
    await socketClosed;
    await beePage.waitForURL((url) => url.pathname === '/login', { timeout: 5_000 });
    await beePage.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectClientError(bee.client.getMe(), 401);
    expect((await admin.client.getUser(bee.user.id)).delete_at).to.be.above(0);
    await beePage.context().close();

    await page.getByRole('button', { name: 'Activate' }).click();
    await actionStatus().filter({ hasText: 'is active again' }).waitFor();
    expect((await admin.client.getUser(bee.user.id)).delete_at).to.equal(0);
    expect((await login(ts, bee.user.username)).user.id).to.equal(bee.user.id);
  });
});
