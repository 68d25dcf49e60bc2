// Signing in with directory credentials from the web client's login page, in Debian's chromium: the
// login field names the directory's field (LdapSettings.LoginFieldName) and the usual form signs in.
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { createTeamWith } from '../helpers/chat-fixtures.ts';
import { launchBrowser } from '../helpers/browser.ts';
import { LdapDirectory } from '../helpers/ldap-directory.ts';

describe('AD/LDAP sign-in from the login page (browser)', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let directory: LdapDirectory;
  let browser: Browser;

  before(async () => {
    directory = await LdapDirectory.start();
    ts = await startTestServer();
    admin = await createAdmin(ts);
    ts.config.patch({ LdapSettings: { ...directory.settings(), LoginFieldName: 'Corp ID' } });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await ts?.close();
    await directory?.close();
  });

  it('labels the login field with the directory’s field name and signs in with directory credentials', async () => {
    const uid = uniqueName('web');
    directory.addPerson({ uid, password: 'directory-pass', mail: `${uid}@corp.example` });
    // A first sign-in makes the account; a team gives the chat somewhere to open.
    const user = await ts.client().login(uid, 'directory-pass');
    await createTeamWith(admin.client, [user.id]);

    const context = await browser.newContext({ baseURL: ts.url });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    page.setDefaultTimeout(10_000);
    await page.goto('/login');
    await page.getByLabel('Username, email or Corp ID').fill(uid);
    await page.getByLabel('Password').fill('directory-pass');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Teams' }).waitFor();
    expect(pageErrors).to.deep.equal([]);
    await context.close();
  });
});
