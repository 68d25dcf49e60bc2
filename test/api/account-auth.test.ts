// POST /users/login/type and PUT /users/{id}/auth through Client4: the login type tells nobody who
// has an account; a system admin points an account at a sign-in provider, which clears its password.
import { expect } from 'chai';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, PASSWORD, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';

describe('account sign-in type and provider', () => {
  let ts: TestServer;
  let admin: LoggedIn;

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
  });
  after(async () => {
    await ts?.close();
  });

  describe('POST /users/login/type', () => {
    it('answers the same for a known, a deactivated and an unknown login id', async () => {
      const someone = await createUser(ts, admin.client);
      const gone = await createUser(ts, admin.client);
      await admin.client.updateUserActive(gone.user.id, false);
      const answers = await Promise.all([someone.user.username, someone.user.email, gone.user.username, 'nobody-here-at-all'].map((id) => ts.client().getUserLoginType(id)));
      for (const answer of answers) expect(answer).to.deep.equal({ auth_service: '', is_deactivated: false });
    });

    it('refuses a body without a login id', async () => {
      await expectClientError(ts.client().getUserLoginType(''), 400, 'api.context.invalid_param.app_error');
    });
  });

  describe('PUT /users/{id}/auth', () => {
    it('moves an account to a provider and clears its password', async () => {
      const someone = await createUser(ts, admin.client);
      const answer = await admin.client.updateUserAuth(someone.user.id, { auth_service: 'saml', auth_data: `saml-${someone.user.id}` });
      expect(answer).to.deep.equal({ auth_service: 'saml', auth_data: `saml-${someone.user.id}` });
      const stored = (await ts.store.users.findById(someone.user.id))!;
      expect({ authService: stored.authService, authData: stored.authData, passwordHash: stored.passwordHash }).to.deep.equal({ authService: 'saml', authData: `saml-${someone.user.id}`, passwordHash: '' });
      await expectClientError(ts.client().login(someone.user.username, PASSWORD), 400, 'api.user.login.use_auth_service.app_error');
      expect((await admin.client.getUser(someone.user.id)).auth_service).to.equal('saml');
    });

    it('is for system admins only', async () => {
      const someone = await createUser(ts, admin.client);
      await expectClientError(someone.client.updateUserAuth(someone.user.id, { auth_service: 'ldap', auth_data: 'uid=someone' }), 403, 'api.context.permissions.app_error');
      expect((await ts.store.users.findById(someone.user.id))!.authService).to.equal('');
    });

    it('refuses a missing or unknown service, missing auth data, an identifier in use and an unknown user', async () => {
      const someone = await createUser(ts, admin.client);
      const other = await createUser(ts, admin.client);
      await expectClientError(admin.client.updateUserAuth(someone.user.id, { auth_service: '', auth_data: 'x' }), 400, 'api.user.update_user_auth.invalid_request');
      await expectClientError(admin.client.updateUserAuth(someone.user.id, { auth_service: 'ldap', auth_data: '' }), 400, 'api.user.update_user_auth.invalid_request');
      await expectClientError(admin.client.updateUserAuth(someone.user.id, { auth_service: 'myspace', auth_data: 'x' }), 400, 'api.user.update_user_auth.invalid_request');
      await admin.client.updateUserAuth(other.user.id, { auth_service: 'ldap', auth_data: 'uid=shared' });
      await expectClientError(admin.client.updateUserAuth(someone.user.id, { auth_service: 'ldap', auth_data: 'uid=shared' }), 400, 'app.user.update_auth_data.taken.app_error');
      await expectClientError(admin.client.updateUserAuth('a'.repeat(26), { auth_service: 'ldap', auth_data: 'uid=ghost' }), 404);
      expect((await ts.store.users.findById(someone.user.id))!.authService).to.equal('');
    });
  });
});
