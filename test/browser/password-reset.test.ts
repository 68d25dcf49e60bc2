// "Forgot your password?" from the web client's login page, in Debian's chromium: the email form has
// the server mail a link (read from a real SMTP inbox on loopback), the link's page sets a new
// password, and the login page signs in with it.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, type LoggedIn } from '../helpers/fixtures.ts';
import { createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser, openPage, submitLogin } from '../helpers/browser.ts';
import { SmtpInbox } from '../helpers/smtp-inbox.ts';

describe('password reset from the login page (browser)', () => {
  let ts: TestServer;
  let inbox: SmtpInbox;
  let admin: LoggedIn;
  let browser: Browser;

  before(async () => {
    inbox = await SmtpInbox.start();
    ts = await startTestServer({ config: { EmailSettings: inbox.emailSettings() } });
    admin = await createAdmin(ts);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await ts?.close();
    await inbox?.close();
  });

  it('mails a link from the forgot-password form, sets the new password on the link’s page, and signs in with it', async () => {
    const someone = await createUser(ts, admin.client);
    await createTeamWith(admin.client, [someone.user.id]);

    const pageErrors: string[] = [];
    const page = await openPage(browser, ts, '/login', pageErrors);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByLabel('Email address of your account').fill(someone.user.email);
    await page.getByRole('button', { name: 'Reset my password' }).click();
    await page.getByRole('status').filter({ hasText: 'on its way' }).waitFor();

    const mail = await inbox.mailTo(someone.user.email);
    const token = /reset_password_complete\?token=([0-9a-f]{64})/.exec(mail.text)?.[1];
    expect(token, 'a reset link in the mail').to.be.a('string');
    await page.goto(`/reset_password_complete?token=${token}`);
    await page.getByLabel('New password').fill('a-fresh-browser-passphrase');
    await page.getByRole('button', { name: 'Change my password' }).click();
    await page.getByRole('status').filter({ hasText: 'Your password is changed' }).waitFor();

    await page.getByRole('link', { name: 'Sign in' }).click();
    await submitLogin(page, someone.user.username, 'a-fresh-browser-passphrase');
    await page.getByRole('navigation', { name: 'Teams' }).waitFor();
    expect(pageErrors).to.deep.equal([]);
    await page.context().close();
  });
});
