// Email verification (EmailSettings.RequireEmailVerification) through Client4 and a real SMTP inbox
// on loopback: sign-up mails a link and sign-in waits for it; the link verifies once; a resend never
// says whether the address has an account; an admin can vouch for an account; a new address takes
// effect only through the link mailed to it.
import { expect } from 'chai';
import type { UserProfile } from '@mattermost/types/users';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, login, PASSWORD, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { SmtpInbox } from '../helpers/smtp-inbox.ts';
import { clientFetch } from '../helpers/client-fetch.ts';

/** The user JSON as Mattermost's server sends it, with the field @mattermost/types leaves out. */
type WireUser = UserProfile & { email_verified: boolean };

const NOT_VERIFIED = 'api.user.login.not_verified.app_error';
const BAD_LINK = 'api.user.verify_email.bad_link.app_error';

describe('email verification', () => {
  let ts: TestServer;
  let inbox: SmtpInbox;
  let admin: LoggedIn;

  before(async () => {
    inbox = await SmtpInbox.start();
    ts = await startTestServer({
      config: {
        ServiceSettings: { SiteURL: 'https://chat.example.org' },
        TeamSettings: { EnableOpenServer: true },
        EmailSettings: inbox.emailSettings(),
      },
    });
    // The first account is made before verification is required: it signs in to run the server.
    admin = await createAdmin(ts);
    await admin.client.patchConfig({ EmailSettings: { RequireEmailVerification: true } } as never);
  });
  after(async () => {
    await ts?.close();
    await inbox?.close();
  });

  /** The token of the next verification link mailed to `email` (the mail is taken out of the inbox). */
  async function mailedToken(email: string): Promise<string> {
    const mail = await inbox.mailTo(email);
    inbox.mails.splice(inbox.mails.indexOf(mail), 1);
    const match = /https:\/\/chat\.example\.org\/do_verify_email\?token=([0-9a-f]{64})&email=([^\s"]+)/.exec(mail.text);
    expect(match, 'a verification link in the mail').to.not.equal(null);
    expect(decodeURIComponent(match![2])).to.equal(email);
    return match![1];
  }

  async function signUp(): Promise<WireUser> {
    const username = uniqueName();
    return (await ts.client().createUser({ username, email: `${username}@example.com`, password: PASSWORD } as UserProfile, '', '')) as WireUser;
  }

  it('mails a link at sign-up, refuses sign-in until it is used, and lets the link verify once', async () => {
    const user = await signUp();
    expect(user.email_verified).to.equal(false);
    const token = await mailedToken(user.email);
    await expectClientError(ts.client().login(user.username, PASSWORD), 401, NOT_VERIFIED);
    expect(await ts.client().verifyUserEmail(token)).to.deep.include({ status: 'OK' });
    const signedIn = await login(ts, user.username);
    expect((signedIn.user as WireUser).email_verified).to.equal(true);
    await expectClientError(ts.client().verifyUserEmail(token), 400, BAD_LINK);
    expect((await signedIn.client.getUserAudits(user.id)).map((a) => a.action + ' ' + a.extra_info)).to.include('/api/v4/users/email/verify Email Verified');
  });

  it('still refuses a wrong password before saying the address is unverified', async () => {
    const user = await signUp();
    await mailedToken(user.email);
    await expectClientError(ts.client().login(user.username, 'not-the-password'), 401, 'api.user.login.invalid_credentials_email_username');
  });

  it('resends a link on request, and answers an unknown address the same without mailing', async () => {
    const user = await signUp();
    await mailedToken(user.email);
    expect(await ts.client().sendVerificationEmail(user.email)).to.deep.include({ status: 'OK' });
    const token = await mailedToken(user.email);
    await ts.client().verifyUserEmail(token);
    expect(await ts.client().sendVerificationEmail('nobody-at-all@example.com')).to.deep.include({ status: 'OK' });
    // A verified account is not mailed again either.
    expect(await ts.client().sendVerificationEmail(user.email)).to.deep.include({ status: 'OK' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(inbox.mails.filter((m) => m.to.includes('nobody-at-all@example.com') || m.to.includes(user.email))).to.deep.equal([]);
  });

  it('refuses a link older than a day (24 hours), and malformed input', async () => {
    const user = await signUp();
    const token = await mailedToken(user.email);
    const kept = (await ts.store.invitationTokens.take(token))!;
    await ts.store.invitationTokens.insert([{ ...kept, createAt: Date.now() - 24 * 60 * 60 * 1000 - 60_000 }], 0);
    await expectClientError(ts.client().verifyUserEmail(token), 400, BAD_LINK);
    await expectClientError(ts.client().verifyUserEmail('f'.repeat(64)), 400, BAD_LINK);
    await expectClientError(ts.client().verifyUserEmail('short'), 400, 'api.context.invalid_param.app_error');
    await expectClientError(ts.client().sendVerificationEmail(''), 400, 'api.context.invalid_param.app_error');
    expect((await ts.store.users.findById(user.id))!.emailVerified).to.equal(false);
  });

  it('lets a system admin mark an account verified, and nobody else', async () => {
    const user = await signUp();
    await mailedToken(user.email);
    const verifyMember = (client: LoggedIn['client'], userId: string) => clientFetch<WireUser>(client, `${client.getUserRoute(userId)}/email/verify/member`, { method: 'post' });
    const other = await signUp();
    await mailedToken(other.email);
    await verifyMember(admin.client, other.id);
    const signedIn = await login(ts, other.username);
    await expectClientError(verifyMember(signedIn.client, user.id), 403, 'api.context.permissions.app_error');
    const answer = await verifyMember(admin.client, user.id);
    expect({ id: answer.id, email_verified: answer.email_verified }).to.deep.equal({ id: user.id, email_verified: true });
    expect((await login(ts, user.username)).user.id).to.equal(user.id);
    await expectClientError(verifyMember(admin.client, 'a'.repeat(26)), 404);
  });

  it('lets an admin create an account already verified', async () => {
    const username = uniqueName();
    const user = (await admin.client.createUser({ username, email: `${username}@example.com`, password: PASSWORD, email_verified: true } as unknown as UserProfile, '', '')) as WireUser;
    expect(user.email_verified).to.equal(true);
    expect((await login(ts, username)).user.id).to.equal(user.id);
  });

  it('keeps the old address until the link mailed to a new one is used, and tells the old address', async () => {
    const user = await signUp();
    await ts.client().verifyUserEmail(await mailedToken(user.email));
    const signedIn = await login(ts, user.username);
    const newEmail = `${uniqueName('moved')}@example.com`;
    const patched = await signedIn.client.patchMe({ email: newEmail });
    expect(patched.email).to.equal(user.email);
    const token = await mailedToken(newEmail);
    await ts.client().verifyUserEmail(token);
    const after = (await signedIn.client.getMe()) as WireUser;
    expect({ email: after.email, email_verified: after.email_verified }).to.deep.equal({ email: newEmail, email_verified: true });
    const notice = await inbox.mailTo(user.email);
    expect(notice.text).to.include(newEmail);
    inbox.mails.splice(inbox.mails.indexOf(notice), 1);
  });

  it('refuses a new address another account already has', async () => {
    const user = await signUp();
    await ts.client().verifyUserEmail(await mailedToken(user.email));
    const signedIn = await login(ts, user.username);
    await expectClientError(signedIn.client.patchMe({ email: admin.user.email }), 400, 'app.user.save.email_exists.app_error');
  });
});
