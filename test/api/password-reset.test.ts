// Password reset by email (Mattermost's POST /users/password/reset/send and /users/password/reset),
// through Client4 and a real SMTP inbox on loopback: the mailed link's token sets a new password once,
// within a day; unknown addresses get the same answer; provider accounts are refused.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, login, PASSWORD, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { SmtpInbox } from '../helpers/smtp-inbox.ts';

const NEW_PASSWORD = 'a-brand-new-passphrase';
const INVALID_LINK = 'api.user.reset_password.invalid_link.app_error';

describe('password reset by email', () => {
  let ts: TestServer;
  let inbox: SmtpInbox;
  let admin: LoggedIn;

  before(async () => {
    inbox = await SmtpInbox.start();
    ts = await startTestServer({
      config: {
        ServiceSettings: { SiteURL: 'https://chat.example.org' },
        EmailSettings: inbox.emailSettings(),
      },
    });
    admin = await createAdmin(ts);
  });
  after(async () => {
    await ts?.close();
    await inbox?.close();
  });

  /** Asks for a reset of `email` and returns the token of the mailed link. */
  async function mailedToken(email: string): Promise<string> {
    await ts.client().sendPasswordResetEmail(email);
    const mail = await inbox.mailTo(email);
    const match = /https:\/\/chat\.example\.org\/reset_password_complete\?token=([0-9a-f]{64})/.exec(mail.text);
    expect(match, 'a reset link in the mail').to.not.equal(null);
    inbox.mails.splice(inbox.mails.indexOf(mail), 1);
    return match![1];
  }

  it('mails a link whose token sets a new password once, and signs the account out everywhere', async () => {
    const someone = await createUser(ts, admin.client);
    const token = await mailedToken(someone.user.email);
    await ts.client().resetUserPassword(token, NEW_PASSWORD);
    await expectClientError(someone.client.getMe(), 401);
    await expectClientError(ts.client().login(someone.user.username, PASSWORD), 401, 'api.user.login.invalid_credentials_email_username');
    expect((await login(ts, someone.user.username, NEW_PASSWORD)).user.id).to.equal(someone.user.id);
    await expectClientError(ts.client().resetUserPassword(token, 'yet-another-passphrase'), 400, INVALID_LINK);
  });

  it('answers an unknown address as a known one, and mails nothing', async () => {
    const status = await ts.client().sendPasswordResetEmail('nobody-at-all@example.com');
    expect(status).to.deep.include({ status: 'OK' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(inbox.mails.filter((m) => m.to.includes('nobody-at-all@example.com'))).to.deep.equal([]);
  });

  it('refuses a link older than a day (24 hours)', async () => {
    const someone = await createUser(ts, admin.client);
    const token = await mailedToken(someone.user.email);
    const kept = (await ts.store.invitationTokens.take(token))!;
    await ts.store.invitationTokens.insert([{ ...kept, createAt: Date.now() - 24 * 60 * 60 * 1000 - 60_000 }], 0);
    await expectClientError(ts.client().resetUserPassword(token, NEW_PASSWORD), 400, 'api.user.reset_password.link_expired.app_error');
    expect((await login(ts, someone.user.username)).user.id).to.equal(someone.user.id);
  });

  it('keeps the token when the new password breaks the password rules', async () => {
    const someone = await createUser(ts, admin.client);
    const token = await mailedToken(someone.user.email);
    await expectClientError(ts.client().resetUserPassword(token, 'x'), 400);
    await ts.client().resetUserPassword(token, NEW_PASSWORD);
    expect((await login(ts, someone.user.username, NEW_PASSWORD)).user.id).to.equal(someone.user.id);
  });

  it('refuses accounts that sign in through a provider, when asked and when the link is used', async () => {
    const someone = await createUser(ts, admin.client);
    const token = await mailedToken(someone.user.email);
    await ts.store.users.update(someone.user.id, { authService: 'saml', authData: `saml-${someone.user.id}` });
    await expectClientError(ts.client().sendPasswordResetEmail(someone.user.email), 400, 'api.user.send_password_reset.sso.app_error');
    await expectClientError(ts.client().resetUserPassword(token, NEW_PASSWORD), 400, 'api.user.reset_password.sso.app_error');
  });

  it('refuses an unknown or malformed token and a body without an email, changing nothing', async () => {
    await expectClientError(ts.client().resetUserPassword('f'.repeat(64), NEW_PASSWORD), 400, INVALID_LINK);
    await expectClientError(ts.client().resetUserPassword('short', NEW_PASSWORD), 400, 'api.context.invalid_param.app_error');
    await expectClientError(ts.client().sendPasswordResetEmail(''), 400, 'api.context.invalid_param.app_error');
  });
});
