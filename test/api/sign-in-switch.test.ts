// Switching an account's sign-in method (Mattermost's POST /users/login/switch) through Client4's
// switch* calls, against the real loopback OpenID provider, SAML IdP and LDAP directory the sign-in
// suites use: each switch links the account (never a new one), ends its sessions, and is refused
// with the owner's wrong password, someone else's account, or a replayed link.
import { expect } from 'chai';
import { Client4 } from '@mattermost/client';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { PASSWORD, createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { BrowserlessAgent, OpenIdProvider, type ProviderAccount } from '../helpers/openid-provider.ts';
import { SamlIdp } from '../helpers/saml-idp.ts';
import { SmtpInbox } from '../helpers/smtp-inbox.ts';
import { LdapDirectory, type DirectoryPerson } from '../helpers/ldap-directory.ts';

const SECRET = 'parley-client-secret';
const SP_ENTITY = 'https://parley.example.com/saml';
const SIGN_IN_CHANGED = '/login?extra=signin_change';
const NEW_PASSWORD = 'a-brand-new-password';

describe('switching the sign-in method', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let provider: OpenIdProvider;
  let idp: SamlIdp;
  let directory: LdapDirectory;
  let inbox: SmtpInbox;

  before(async () => {
    inbox = await SmtpInbox.start();
    ts = await startTestServer({ config: { ServiceSettings: { AllowedUntrustedInternalConnections: '127.0.0.1', EnableMultifactorAuthentication: true } } });
    admin = await createAdmin(ts);
    provider = await OpenIdProvider.start([{ client_id: 'parley', client_secret: SECRET, redirect_uris: [`${ts.url}/signup/openid/complete`] }]);
    idp = await SamlIdp.start();
    directory = await LdapDirectory.start();
    await admin.client.uploadIdpSamlCertificate(pemFile(idp.cert, 'idp.crt'));
    ts.config.patch({
      OpenIdSettings: { Enable: true, Id: 'parley', Secret: SECRET, DiscoveryEndpoint: provider.discoveryEndpoint },
      SamlSettings: idp.settings(SP_ENTITY),
      LdapSettings: directory.settings(),
      EmailSettings: inbox.emailSettings(),
    });
  });

  after(async () => {
    await provider?.close();
    await idp?.close();
    await directory?.close();
    await ts?.close();
    await inbox?.close();
  });

  function pemFile(pem: string, name: string): File {
    return new File([pem], name, { type: 'application/x-x509-ca-cert' });
  }

  function providerAccount(email: string): ProviderAccount {
    const account = { sub: `subject-${uniqueName('sw')}`, email, given_name: 'Ada', family_name: 'Lovelace' };
    provider.addAccount(account);
    return account;
  }

  function directoryPerson(): DirectoryPerson {
    const uid = uniqueName('swl');
    const person = { uid, password: `pw-${uid}`, mail: `${uid}@corp.example`, givenName: 'Grace', sn: 'Hopper' };
    directory.addPerson(person);
    return person;
  }

  function clientWith(token: string): Client4 {
    const client = ts.client();
    client.setToken(token);
    return client;
  }

  /** Whether the account's sessions are all gone: the session it had is refused. */
  async function expectSignedOut(client: Client4): Promise<void> {
    await expectClientError(client.getMe(), 401, 'api.context.session_expired.app_error');
  }

  /** Switches an email account to OpenID Connect as the web app does: the switch call and the provider in one browser. */
  async function switchToOpenId(user: LoggedIn, account: ProviderAccount, password = PASSWORD): Promise<{ agent: BrowserlessAgent; response: Response }> {
    const agent = new BrowserlessAgent();
    const response = await agent.request(`${ts.url}/api/v4/users/login/switch`, { method: 'POST', json: { current_service: 'email', new_service: 'openid', email: user.user.email, password } });
    return { agent, response };
  }

  describe('email to an OpenID Connect provider', () => {
    it('answers follow_link to the provider, whose answer links the account and ends its sessions', async () => {
      const user = await createUser(ts, admin.client);
      const account = providerAccount(user.user.email);
      const { agent, response } = await switchToOpenId(user, account);
      expect(response.status).to.equal(200);
      const { follow_link } = (await response.json()) as { follow_link: string };
      expect(follow_link.startsWith(`${provider.issuer}/`), follow_link).to.equal(true);
      expect(agent.cookies.has('MMOAUTH'), 'the switch is bound to the browser').to.equal(true);

      const landing = await agent.deliver(await agent.authorize(follow_link, account.sub, ts.url));
      expect(`${landing.pathname}${landing.search}`).to.equal(SIGN_IN_CHANGED);
      expect(agent.cookies.has('MMAUTHTOKEN'), 'a switch signs nobody in').to.equal(false);
      await expectSignedOut(user.client);

      const stored = await ts.store.users.findById(user.user.id);
      expect({ authService: stored?.authService, authData: stored?.authData, passwordHash: stored?.passwordHash }).to.deep.equal({ authService: 'openid', authData: account.sub, passwordHash: '' });
      await expectClientError(ts.client().login(user.user.username, PASSWORD), 400, 'api.user.login.use_auth_service.app_error');

      // Signing in with the provider now reaches the same account.
      const signIn = new BrowserlessAgent();
      await signIn.deliver(await signIn.authorize(`${ts.url}/oauth/openid/login`, account.sub));
      expect((await clientWith(signIn.cookies.get('MMAUTHTOKEN') ?? '').getMe()).id).to.equal(user.user.id);
    });

    it('is what Client4.switchEmailToOAuth receives', async () => {
      const user = await createUser(ts, admin.client);
      const answer = await ts.client().switchEmailToOAuth('openid', user.user.email, PASSWORD);
      expect(Object.keys(answer)).to.deep.equal(['follow_link']);
      expect(new URL(answer.follow_link).searchParams.get('redirect_uri')).to.equal(`${ts.url}/signup/openid/complete`);
    });

    it('refuses a wrong password or an unknown address and changes nothing', async () => {
      const user = await createUser(ts, admin.client);
      await expectClientError(ts.client().switchEmailToOAuth('openid', user.user.email, 'not-the-password'), 401, 'api.user.login.invalid_credentials_email_username');
      await expectClientError(ts.client().switchEmailToOAuth('openid', `nobody-${uniqueName()}@example.com`, PASSWORD), 401, 'api.user.login.invalid_credentials_email_username');
      expect((await ts.store.users.findById(user.user.id))?.authService).to.equal('');
      expect((await user.client.getMe()).id, 'the sessions are kept').to.equal(user.user.id);
    });

    it('refuses the provider’s answer in another browser than the one that switched', async () => {
      const user = await createUser(ts, admin.client);
      const account = providerAccount(user.user.email);
      const { agent, response } = await switchToOpenId(user, account);
      const { follow_link } = (await response.json()) as { follow_link: string };
      const callback = await agent.authorize(follow_link, account.sub, ts.url);
      const landing = await new BrowserlessAgent().deliver(callback);
      expect(landing.pathname).to.equal('/error');
      expect((await ts.store.users.findById(user.user.id))?.authService).to.equal('');
    });

    it('refuses to link a provider identity another account already signs in with', async () => {
      const taken = providerAccount(`taken-${uniqueName()}@corp.example.com`);
      const first = new BrowserlessAgent();
      await first.deliver(await first.authorize(`${ts.url}/oauth/openid/login`, taken.sub));
      const user = await createUser(ts, admin.client);
      const { agent, response } = await switchToOpenId(user, taken);
      const { follow_link } = (await response.json()) as { follow_link: string };
      const landing = await agent.deliver(await agent.authorize(follow_link, taken.sub, ts.url));
      expect(landing.pathname).to.equal('/error');
      expect(landing.searchParams.get('message')).to.match(/Another account already signs in with this OpenID Connect identity/);
      expect((await ts.store.users.findById(user.user.id))?.authService).to.equal('');
    });
  });

  describe('email to SAML', () => {
    it('answers a single-use follow_link whose IdP answer links the account and signs it in', async () => {
      const user = await createUser(ts, admin.client);
      const { follow_link } = await ts.client().switchEmailToOAuth('saml', user.user.email, PASSWORD);
      const link = new URL(follow_link);
      expect(`${link.origin}${link.pathname}`).to.equal(`${ts.url}/login/sso/saml`);
      expect(link.searchParams.get('action')).to.equal('email_to_sso');

      const begun = await fetch(follow_link, { redirect: 'manual' });
      expect(begun.status).to.equal(302);
      const request = await idp.receive(begun.headers.get('location') ?? '');
      const attributes = { objectId: `obj-${uniqueName()}`, mail: user.user.email, uid: user.user.username };
      const samlResponse = await idp.response(request, { audience: SP_ENTITY, nameId: user.user.email, attributes });
      const posted = await fetch(`${ts.url}/login/sso/saml`, { method: 'POST', redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ SAMLResponse: samlResponse }).toString() });
      expect(posted.status).to.equal(302);
      const token = /MMAUTHTOKEN=([^;]+)/.exec(posted.headers.getSetCookie().join('\n'))?.[1] ?? '';
      const me = await clientWith(token).getMe();
      expect({ id: me.id, auth_service: me.auth_service }).to.deep.equal({ id: user.user.id, auth_service: 'saml' });
      await expectSignedOut(user.client);

      // The link is used up.
      const again = await fetch(follow_link, { redirect: 'manual' });
      expect(new URL(again.headers.get('location') ?? '', ts.url).pathname).to.equal('/error');
    });

    it('refuses a made-up switch token', async () => {
      const res = await fetch(`${ts.url}/login/sso/saml?action=email_to_sso&email_token=forged`, { redirect: 'manual' });
      const landing = new URL(res.headers.get('location') ?? '', ts.url);
      expect(landing.pathname).to.equal('/error');
      expect(landing.searchParams.get('message')).to.match(/not valid any more/);
    });
  });

  describe('email to AD/LDAP and back', () => {
    it('links the account to the directory person whose credentials are given, then back to email with a new password', async () => {
      const user = await createUser(ts, admin.client);
      const person = directoryPerson();
      const answer = await ts.client().switchEmailToLdap(user.user.email, PASSWORD, person.uid, person.password);
      expect(answer).to.deep.equal({ follow_link: SIGN_IN_CHANGED });
      await expectSignedOut(user.client);
      const viaDirectory = ts.client();
      expect((await viaDirectory.login(person.uid, person.password)).id).to.equal(user.user.id);
      // Signing in brought the profile in line with the directory, its email address included.
      expect(await viaDirectory.getMe()).to.include({ auth_service: 'ldap', email: person.mail });

      const back = await ts.client().switchLdapToEmail(person.password, person.mail, NEW_PASSWORD);
      expect(back).to.deep.equal({ follow_link: SIGN_IN_CHANGED });
      await expectSignedOut(viaDirectory);
      const viaPassword = ts.client();
      const signedIn = await viaPassword.login(person.mail, NEW_PASSWORD);
      expect({ id: signedIn.id, auth_service: signedIn.auth_service }).to.deep.equal({ id: user.user.id, auth_service: '' });
    });

    it('tells the account’s address of each change of its sign-in method', async () => {
      const user = await createUser(ts, admin.client);
      const person = directoryPerson();
      await ts.client().switchEmailToLdap(user.user.email, PASSWORD, person.uid, person.password);
      const toDirectory = await inbox.mailTo(user.user.email);
      expect(toDirectory.text).to.include('Your sign-in method has changed').and.include('You now sign in to Parley with AD/LDAP');
      // Signing in through the directory gives the account the directory's address, which the next change is told at.
      await ts.client().login(person.uid, person.password);
      await ts.client().switchLdapToEmail(person.password, person.mail, NEW_PASSWORD);
      expect((await inbox.mailTo(person.mail)).text).to.include('You now sign in to Parley with email and password');
    });

    it('refuses wrong directory credentials and keeps the email account as it was', async () => {
      const user = await createUser(ts, admin.client);
      const person = directoryPerson();
      await expectClientError(ts.client().switchEmailToLdap(user.user.email, PASSWORD, person.uid, 'wrong'), 401, 'ent.ldap.do_login.invalid_password.app_error');
      await expectClientError(ts.client().switchEmailToLdap(user.user.email, 'wrong', person.uid, person.password), 401, 'api.user.login.invalid_credentials_email_username');
      expect((await ts.store.users.findById(user.user.id))?.authService).to.equal('');
      expect((await ts.client().login(user.user.username, PASSWORD)).id).to.equal(user.user.id);
    });

    it('refuses to leave AD/LDAP with a wrong directory password, or for an account that is not an AD/LDAP one', async () => {
      const person = directoryPerson();
      await ts.client().login(person.uid, person.password);
      await expectClientError(ts.client().switchLdapToEmail('wrong', person.mail, NEW_PASSWORD), 401, 'ent.ldap.do_login.invalid_password.app_error');
      const emailUser = await createUser(ts, admin.client);
      await expectClientError(ts.client().switchLdapToEmail(PASSWORD, emailUser.user.email, NEW_PASSWORD), 400, 'api.user.ldap_to_email.not_ldap_account.app_error');
    });

    it('refuses a new email password that breaks the password rules', async () => {
      const person = directoryPerson();
      await ts.client().login(person.uid, person.password);
      await expectClientError(ts.client().switchLdapToEmail(person.password, person.mail, 'abc'), 400);
      expect((await ts.client().login(person.uid, person.password)).auth_service).to.equal('ldap');
    });
  });

  describe('a provider account to email', () => {
    async function openIdUser(): Promise<{ client: Client4; account: ProviderAccount; email: string; id: string }> {
      const email = `${uniqueName('oi')}@corp.example.com`;
      const account = providerAccount(email);
      const agent = new BrowserlessAgent();
      await agent.deliver(await agent.authorize(`${ts.url}/oauth/openid/login`, account.sub));
      const client = clientWith(agent.cookies.get('MMAUTHTOKEN') ?? '');
      return { client, account, email, id: (await client.getMe()).id };
    }

    it('sets a password for the signed-in owner and ends the account’s sessions', async () => {
      const { client, email, id } = await openIdUser();
      expect(await client.switchOAuthToEmail('openid', email, NEW_PASSWORD)).to.deep.equal({ follow_link: SIGN_IN_CHANGED });
      await expectSignedOut(client);
      const signedIn = await ts.client().login(email, NEW_PASSWORD);
      expect({ id: signedIn.id, auth_service: signedIn.auth_service }).to.deep.equal({ id, auth_service: '' });
    });

    it('refuses anonymous callers and someone else’s account', async () => {
      const { client } = await openIdUser();
      const other = await openIdUser();
      await expectClientError(ts.client().switchOAuthToEmail('openid', other.email, NEW_PASSWORD), 401);
      await expectClientError(client.switchOAuthToEmail('openid', other.email, NEW_PASSWORD), 403, 'api.user.oauth_to_email.context.app_error');
      expect((await ts.store.users.findById(other.id))?.authService).to.equal('openid');
    });

    it('refuses while email accounts are turned off', async () => {
      const { client, email } = await openIdUser();
      ts.config.patch({ EmailSettings: { EnableSignUpWithEmail: false } });
      try {
        await expectClientError(client.switchOAuthToEmail('openid', email, NEW_PASSWORD), 403, 'api.user.auth_switch.not_available.email_signup_disabled.app_error');
      } finally {
        ts.config.patch({ EmailSettings: { EnableSignUpWithEmail: true } });
      }
    });
  });

  it('refuses a switch between methods Mattermost does not switch between, and a body that is not a switch request', async () => {
    const user = await createUser(ts, admin.client);
    const post = (body: string) => fetch(`${ts.url}/api/v4/users/login/switch`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    for (const body of [JSON.stringify({ current_service: 'ldap', new_service: 'openid', email: user.user.email }), '"not an object"']) {
      const res = await post(body);
      expect(res.status).to.equal(400);
      expect(((await res.json()) as { id: string }).id).to.equal('api.context.invalid_param.app_error');
    }
  });

  describe('with password sign-in turned off', () => {
    afterEach(() => ts.config.patch({ EmailSettings: { EnableSignInWithEmail: true, EnableSignInWithUsername: true } }));

    it('refuses people’s passwords with Mattermost’s id while system admins still sign in', async () => {
      const user = await createUser(ts, admin.client);
      ts.config.patch({ EmailSettings: { EnableSignInWithEmail: false, EnableSignInWithUsername: false } });
      const refused = await expectClientError(ts.client().login(user.user.username, PASSWORD), 401, 'api.user.login.invalid_credentials_sso');
      expect(refused.message).to.match(/turned off.*OpenID Connect/);
      await expectClientError(ts.client().login(user.user.email, PASSWORD), 401, 'api.user.login.invalid_credentials_sso');
      expect((await ts.client().login(admin.user.username, PASSWORD)).id).to.equal(admin.user.id);
      expect((await ts.client().login(admin.user.email, PASSWORD)).id).to.equal(admin.user.id);
    });

    it('still signs AD/LDAP people in with their directory credentials', async () => {
      const person = directoryPerson();
      ts.config.patch({ EmailSettings: { EnableSignInWithEmail: false, EnableSignInWithUsername: false } });
      expect((await ts.client().login(person.uid, person.password)).auth_service).to.equal('ldap');
    });

    it('reports the settings in /config/client for the login page', async () => {
      ts.config.patch({ EmailSettings: { EnableSignInWithEmail: false, EnableSignInWithUsername: true } });
      const config = await ts.client().getClientConfig();
      expect({ email: config.EnableSignInWithEmail, username: config.EnableSignInWithUsername }).to.deep.equal({ email: 'false', username: 'true' });
    });
  });
});
