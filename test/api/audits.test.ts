// The audit trail (Mattermost's Audits) through Client4: sign-ins, failed sign-ins, password changes,
// revoked sessions and tokens each leave one row with the path, ip and session; a user reads their
// own (an admin anyone's), and only admins read the whole server's.
import { expect } from 'chai';
import type { Audit } from '@mattermost/types/audits';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, PASSWORD, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

describe('audits', () => {
  let ts: TestServer;
  let admin: LoggedIn;

  before(async () => {
    ts = await startTestServer({ config: { ServiceSettings: { EnableUserAccessTokens: true } } });
    admin = await createAdmin(ts);
  });
  after(async () => {
    await ts?.close();
  });

  const summary = (audits: Audit[]) => audits.map((a) => `${a.action} ${a.extra_info}`);

  it('records sign-ins, a failed one, a password change and sign-out for the account, newest first', async () => {
    const someone = await createUser(ts, admin.client);
    await expectClientError(ts.client().login(someone.user.username, 'not-the-password'), 401);
    await someone.client.updateUserPassword(someone.user.id, PASSWORD, 'a-new-passphrase-here');
    const mine = await someone.client.getUserAudits(someone.user.id);
    expect(summary(mine)).to.deep.equal([
      `/api/v4/users/${someone.user.id}/password completed`,
      `/api/v4/users/login failure - login_id=${someone.user.username}`,
      '/api/v4/users/login success',
    ]);
    const [passwordChange, , signIn] = mine;
    const sessions = await someone.client.getSessions(someone.user.id);
    expect(sessions.map((s) => s.id)).to.include(signIn.session_id);
    expect(passwordChange.session_id).to.equal(signIn.session_id);
    expect(signIn.ip_address).to.match(/127\.0\.0\.1/);
    expect(mine.every((a) => a.user_id === someone.user.id && a.id.length === 26 && a.create_at > 0)).to.equal(true);
    await someone.client.logout();
    expect(summary(await admin.client.getUserAudits(someone.user.id))[0]).to.equal('/api/v4/users/logout ');
  });

  it('records revoked sessions and access tokens', async () => {
    const someone = await createUser(ts, admin.client);
    const token = await admin.client.createUserAccessToken(someone.user.id, 'for the audit');
    await admin.client.revokeUserAccessToken(token.id);
    const [session] = await admin.client.getSessions(someone.user.id);
    await admin.client.revokeSession(someone.user.id, session.id);
    await admin.client.revokeAllSessionsForUser(someone.user.id);
    const trail = summary(await admin.client.getUserAudits(admin.user.id, 0, 4));
    expect(trail).to.deep.equal([
      `/api/v4/users/${someone.user.id}/sessions/revoke/all user_id=${someone.user.id}`,
      `/api/v4/users/${someone.user.id}/sessions/revoke session_id=${session.id}`,
      `/api/v4/users/tokens/revoke success - token_id=${token.id}`,
      `/api/v4/users/${someone.user.id}/tokens success - token_id=${token.id}`,
    ]);
  });

  it('pages the whole server for admins only, and another user\'s trail for admins only', async () => {
    const someone = await createUser(ts, admin.client);
    const other = await createUser(ts, admin.client);
    const firstPage = await admin.client.getAudits(0, 2);
    const secondPage = await admin.client.getAudits(1, 2);
    expect(firstPage).to.have.length(2);
    expect(secondPage).to.have.length(2);
    expect(firstPage[0].create_at).to.be.at.least(secondPage[0].create_at);
    expect(summary(firstPage)).to.include('/api/v4/users/login success');
    await expectClientError(someone.client.getAudits(), 403, 'api.context.permissions.app_error');
    await expectClientError(someone.client.getUserAudits(other.user.id), 403, 'api.context.permissions.app_error');
    await expectClientError(someone.client.getUserAudits('not-an-id'), 400, 'api.context.invalid_param.app_error');
    await expectClientError(ts.client().getAudits(), 401);
  });
});
