import { expect } from 'chai';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { LdapDirectory, type DirectoryPerson } from '../helpers/ldap-directory.ts';
import { awayFromStepEdge, codeAt } from '../helpers/totp.ts';

const INVALID_PASSWORD = 'ent.ldap.do_login.invalid_password.app_error';

describe('LDAP login', () => {
  let ts: TestServer;
  let directory: LdapDirectory;
  let admin: LoggedIn;

  /** A new person in the directory (uid unique to this run). */
  function person(fields: Partial<DirectoryPerson> = {}): DirectoryPerson {
    const uid = uniqueName('ld');
    const added = { uid, password: `pw-${uid}`, mail: `${uid}@corp.example`, givenName: 'Ada', sn: 'Lovelace', title: 'Engineer', ...fields };
    directory.addPerson(added);
    return added;
  }

  /** A new person the guest filter matches. */
  function guestPerson(fields: Partial<DirectoryPerson> = {}): DirectoryPerson {
    const added = person(fields);
    directory.updatePerson(added.uid, { employeeType: 'guest' });
    return added;
  }

  before(async () => {
    directory = await LdapDirectory.start();
    ts = await startTestServer({ config: { ServiceSettings: { EnableMultifactorAuthentication: true } } });
    admin = await createAdmin(ts);
    ts.config.patch({
      LdapSettings: { ...directory.settings(), MaximumLoginAttempts: 3, EnableAdminFilter: true, AdminFilter: '(title=Director)', GuestFilter: '(employeeType=guest)' },
      GuestAccountsSettings: { Enable: true },
    });
  });
  after(async () => {
    await ts.close();
    await directory.close();
  });

  it('creates the account with the directory profile on first login', async () => {
    const ada = person();
    const client = ts.client();
    const user = await client.login(ada.uid, ada.password);
    expect(user).to.include({ username: ada.uid, email: ada.mail, first_name: 'Ada', last_name: 'Lovelace', position: 'Engineer', auth_service: 'ldap' });
    expect(user.roles).to.equal('system_user');
    const me = await client.getMe();
    expect(me.id).to.equal(user.id);
    const stored = await ts.store.users.findById(user.id);
    expect(stored?.authData).to.equal(ada.uid);
  });

  it('updates the profile from the directory on a later login', async () => {
    const grace = person({ givenName: 'Grace', sn: 'Hopper' });
    const first = await ts.client().login(grace.uid, grace.password);
    directory.updatePerson(grace.uid, { givenName: 'Amazing Grace', title: 'Rear Admiral', mail: `new-${grace.mail}` });
    const second = await ts.client().login(grace.uid, grace.password);
    expect(second.id).to.equal(first.id);
    expect(second).to.include({ first_name: 'Amazing Grace', position: 'Rear Admiral', email: `new-${grace.mail}` });
  });

  it('refuses a wrong directory password and locks the account after MaximumLoginAttempts', async () => {
    const alan = person();
    await ts.client().login(alan.uid, alan.password);
    for (let i = 0; i < 3; i++) await expectClientError(ts.client().login(alan.uid, 'wrong-password'), 401, INVALID_PASSWORD);
    await expectClientError(ts.client().login(alan.uid, alan.password), 401, 'api.user.check_user_login_attempts.too_many_ldap.app_error');
  });

  it('refuses a wrong password of someone signing in for the first time and makes no account', async () => {
    const edsger = person();
    await expectClientError(ts.client().login(edsger.uid, 'nope'), 401, INVALID_PASSWORD);
    expect(await ts.store.users.findByAuth('ldap', edsger.uid)).to.equal(null);
  });

  it('refuses a directory person outside the user filter', async () => {
    const outsider = person();
    directory.updatePerson(outsider.uid, { objectClass: 'organizationalPerson' });
    await expectClientError(ts.client().login(outsider.uid, outsider.password, '', true), 401, 'ent.ldap.do_login.user_filtered.app_error');
    await expectClientError(ts.client().login(outsider.uid, outsider.password), 401, 'api.user.login.invalid_credentials_email_username');
  });

  it('answers an unknown login id as bad credentials, and as not registered with ldap_only', async () => {
    await expectClientError(ts.client().login('nobody-here', 'whatever'), 401, 'api.user.login.invalid_credentials_email_username');
    await expectClientError(ts.client().login('nobody-here', 'whatever', '', true), 401, 'ent.ldap.do_login.user_not_registered.app_error');
  });

  it('treats filter characters in the login id as text, not as a pattern', async () => {
    const ada = person();
    await expectClientError(ts.client().login('*', ada.password, '', true), 401, 'ent.ldap.do_login.user_not_registered.app_error');
    await expectClientError(ts.client().login(`${ada.uid.slice(0, 4)}*`, ada.password, '', true), 401, 'ent.ldap.do_login.user_not_registered.app_error');
    await expectClientError(ts.client().login(`${ada.uid})(uid=*`, ada.password, '', true), 401, 'ent.ldap.do_login.user_not_registered.app_error');
  });

  it('cuts directory names longer than Mattermost allows instead of failing the sign-in', async () => {
    const long = person({ givenName: 'G'.repeat(100) });
    const user = await ts.client().login(long.uid, long.password);
    expect(user.first_name).to.equal('G'.repeat(64));
  });

  it('makes people matched by the admin filter system admins, and takes it back when they no longer match', async () => {
    const boss = person({ title: 'Director' });
    const user = await ts.client().login(boss.uid, boss.password);
    expect(user.roles.split(' ')).to.include('system_admin');
    directory.updatePerson(boss.uid, { title: 'Engineer' });
    const again = await ts.client().login(boss.uid, boss.password);
    expect(again.roles).to.equal('system_user');
  });

  it('signs in someone the guest filter matches as a guest, and promotes them back when it no longer does', async () => {
    const temp = guestPerson();
    const asGuest = await ts.client().login(temp.uid, temp.password);
    expect(asGuest.roles).to.equal('system_guest');
    directory.updatePerson(temp.uid, { employeeType: 'staff' });
    const promoted = await ts.client().login(temp.uid, temp.password);
    expect({ id: promoted.id, roles: promoted.roles }).to.deep.equal({ id: asGuest.id, roles: 'system_user' });
    directory.updatePerson(temp.uid, { employeeType: 'guest' });
    expect((await ts.client().login(temp.uid, temp.password)).roles).to.equal('system_guest');
  });

  it('never makes a guest a system admin, even when the admin filter matches too', async () => {
    const both = guestPerson({ title: 'Director' });
    expect((await ts.client().login(both.uid, both.password)).roles).to.equal('system_guest');
  });

  it('refuses someone the guest filter matches while guest accounts are off, and makes no account', async () => {
    const temp = guestPerson();
    ts.config.patch({ GuestAccountsSettings: { Enable: false } });
    try {
      await expectClientError(ts.client().login(temp.uid, temp.password), 401, 'api.user.login.guest_accounts.disabled.error');
      expect(await ts.store.users.findByAuth('ldap', temp.uid)).to.equal(null);
    } finally {
      ts.config.patch({ GuestAccountsSettings: { Enable: true } });
    }
  });

  it('lets a directory guest sign in while guests may not use email accounts', async () => {
    const temp = guestPerson();
    ts.config.patch({ GuestAccountsSettings: { AllowEmailAccounts: false } });
    try {
      expect((await ts.client().login(temp.uid, temp.password)).roles).to.equal('system_guest');
    } finally {
      ts.config.patch({ GuestAccountsSettings: { AllowEmailAccounts: true } });
    }
  });

  it('refuses a password login to an email account through the directory and leaves it alone', async () => {
    const local = await createUser(ts, admin.client);
    directory.addPerson({ uid: local.user.username, password: 'dir-pass', mail: `${local.user.username}@corp.example` });
    await expectClientError(ts.client().login(local.user.username, 'dir-pass'), 401, 'api.user.login.invalid_credentials_email_username');
  });

  it('asks for the MFA code after the directory password when MFA is on for an LDAP account', async () => {
    const ada = person();
    const client = ts.client();
    await client.login(ada.uid, ada.password);
    const { secret } = await client.generateMfaSecret('me');
    await awayFromStepEdge();
    const me = await client.getMe();
    await client.updateUserMfa(me.id, true, await codeAt(secret, -1));
    await expectClientError(ts.client().login(ada.uid, ada.password), 401, 'mfa.validate_token.authenticate.app_error');
    await expectClientError(ts.client().login(ada.uid, 'wrong', await codeAt(secret, 0)), 401, INVALID_PASSWORD);
    const user = await ts.client().login(ada.uid, ada.password, await codeAt(secret, 0));
    expect(user.id).to.equal(me.id);
  });

  it('reports the LDAP settings in the client config and masks the bind password', async () => {
    const config = await admin.client.getClientConfig();
    expect(config).to.include({ EnableLdap: 'true', LdapFirstNameAttributeSet: 'true', LdapNicknameAttributeSet: 'false' });
    const full = await admin.client.getConfig();
    const ldap = (full as unknown as { LdapSettings: Record<string, unknown> }).LdapSettings;
    expect(ldap.BindPassword).to.equal('********************************');
    expect(ldap.LdapServer).to.equal('127.0.0.1');
  });
});
