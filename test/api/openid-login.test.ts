// Sign-in with OpenID Connect (Mattermost's /oauth/{service}/login and /signup/{service}/complete)
// against a real provider on loopback: the account made on first sign-in and found again by its
// subject, and every way the answer can be forged or replayed refused with a readable error page.
import { expect } from 'chai';
import { Client4 } from '@mattermost/client';
import type { UserProfile } from '@mattermost/types/users';
import { startTestServer, type TestServer } from '../helpers/test-server.ts';
import { createAdmin, createUser, uniqueName, type LoggedIn } from '../helpers/fixtures.ts';
import { expectClientError } from '../helpers/expect-error.ts';
import { BrowserlessAgent, OpenIdProvider, type ProviderAccount } from '../helpers/openid-provider.ts';

const SECRET = 'parley-client-secret';
const MASK = '********************************';

describe('OpenID Connect sign-in', () => {
  let ts: TestServer;
  let admin: LoggedIn;
  let provider: OpenIdProvider;

  before(async () => {
    ts = await startTestServer();
    admin = await createAdmin(ts);
    const redirect_uris = [`${ts.url}/signup/openid/complete`];
    provider = await OpenIdProvider.start([
      { client_id: 'parley', client_secret: SECRET, redirect_uris },
      { client_id: 'parley-other-issuer', client_secret: SECRET, redirect_uris },
    ]);
    ts.config.patch({ OpenIdSettings: openIdSettings('parley') });
  });

  after(async () => {
    await provider?.close();
    await ts?.close();
  });

  function openIdSettings(clientId: string): Record<string, unknown> {
    return { Enable: true, Id: clientId, Secret: SECRET, DiscoveryEndpoint: provider.discoveryEndpoint, ButtonText: 'Company SSO', ButtonColor: '#1f6feb' };
  }

  function newAccount(overrides: Partial<ProviderAccount> = {}): ProviderAccount {
    const name = uniqueName('sso');
    const account = { sub: `subject-${name}`, email: `${name}@corp.example.com`, given_name: 'Ada', family_name: 'Lovelace', preferred_username: name, ...overrides };
    provider.addAccount(account);
    return account;
  }

  const loginUrl = (query = '') => `${ts.url}/oauth/openid/login${query}`;

  /** Signs in as `account` all the way; returns the agent (holding the session cookies) and where Parley sent it. */
  async function signIn(account: ProviderAccount, query = ''): Promise<{ agent: BrowserlessAgent; landing: URL }> {
    const agent = new BrowserlessAgent();
    const callback = await agent.authorize(loginUrl(query), account.sub);
    return { agent, landing: await agent.deliver(callback) };
  }

  function clientOf(agent: BrowserlessAgent): Client4 {
    const client = ts.client();
    client.setToken(agent.cookies.get('MMAUTHTOKEN') ?? '');
    return client;
  }

  /** The message of Parley's error page the browser was sent to. */
  function errorMessage(landing: URL): string {
    expect(landing.pathname, `expected the error page, got ${landing.href}`).to.equal('/error');
    return landing.searchParams.get('message') ?? '';
  }

  async function expectNoAccount(account: ProviderAccount): Promise<void> {
    expect(await ts.store.users.findByAuth('openid', account.sub)).to.equal(null);
  }

  it('creates the account on first sign-in, signs the browser in and goes to redirect_to', async () => {
    const account = newAccount();
    const { agent, landing } = await signIn(account, '?redirect_to=%2Fsome-team%2Fchannels%2Ftown-square');
    expect(landing.href).to.equal(`${ts.url}/some-team/channels/town-square`);
    expect(agent.cookies.has('MMAUTHTOKEN')).to.equal(true);
    expect(agent.cookies.has('MMOAUTH'), 'the sign-in cookie is cleared').to.equal(false);
    const me = await clientOf(agent).getMe();
    expect({ username: me.username, email: me.email, first_name: me.first_name, last_name: me.last_name, auth_service: me.auth_service, roles: me.roles }).to.deep.equal({
      username: account.preferred_username,
      email: account.email,
      first_name: 'Ada',
      last_name: 'Lovelace',
      auth_service: 'openid',
      roles: 'system_user',
    });
    expect((await ts.store.users.findByAuth('openid', account.sub))?.id).to.equal(me.id);
  });

  it('signs the same account in again on a later sign-in, taking the names the provider now gives', async () => {
    const account = newAccount();
    const first = await signIn(account);
    const firstMe = await clientOf(first.agent).getMe();
    account.given_name = 'Augusta';
    const second = await signIn(account);
    expect(second.landing.href).to.equal(`${ts.url}/`);
    const secondMe = await clientOf(second.agent).getMe();
    expect({ id: secondMe.id, first_name: secondMe.first_name }).to.deep.equal({ id: firstMe.id, first_name: 'Augusta' });
    const sameEmail = (await admin.client.getProfiles(0, 200)).filter((u) => u.email === account.email);
    expect(sameEmail).to.have.length(1);
  });

  it('creates the account through Mattermost’s sign-up link (/oauth/{service}/signup) too', async () => {
    const account = newAccount();
    const agent = new BrowserlessAgent();
    const landing = await agent.deliver(await agent.authorize(`${ts.url}/oauth/openid/signup`, account.sub));
    expect(landing.pathname).to.equal('/');
    expect((await clientOf(agent).getMe()).email).to.equal(account.email);
  });

  it('picks a free username when the provider’s preferred one is taken', async () => {
    const taken = await createUser(ts, admin.client);
    const account = newAccount({ preferred_username: taken.user.username });
    const { agent } = await signIn(account);
    const me = await clientOf(agent).getMe();
    expect(me.username).to.equal(`${taken.user.username}1`);
  });

  it('refuses a callback delivered to a browser that did not begin the sign-in (state bound to the browser)', async () => {
    const account = newAccount();
    const victim = new BrowserlessAgent();
    const callback = await victim.authorize(loginUrl(), account.sub);
    const attacker = new BrowserlessAgent();
    const landing = await attacker.deliver(callback);
    expect(errorMessage(landing)).to.match(/not valid any more/);
    expect(attacker.cookies.has('MMAUTHTOKEN')).to.equal(false);
    await expectNoAccount(account);
  });

  it('refuses a state that does not match any sign-in, and a state used twice', async () => {
    const account = newAccount();
    const agent = new BrowserlessAgent();
    const callback = new URL(await agent.authorize(loginUrl(), account.sub));
    const forged = new URL(callback);
    forged.searchParams.set('state', 'not-a-state-parley-issued');
    expect(errorMessage(await agent.deliver(forged.href))).to.match(/not valid any more/);
    await expectNoAccount(account);

    // A fresh sign-in succeeds once; replaying its callback is refused.
    const replayer = new BrowserlessAgent();
    const good = await replayer.authorize(loginUrl(), account.sub);
    expect((await replayer.deliver(good)).pathname).to.equal('/');
    replayer.cookies.delete('MMAUTHTOKEN');
    expect(errorMessage(await replayer.deliver(good))).to.match(/not valid any more/);
  });

  it('refuses an authorization code redeemed with another sign-in’s PKCE verifier (code injection)', async () => {
    const account = newAccount();
    const victim = new BrowserlessAgent();
    const stolen = new URL(await victim.authorize(loginUrl(), account.sub));
    // The attacker begins a sign-in of their own (its state and verifier), then slips in the victim's code.
    const attacker = new BrowserlessAgent();
    const begun = await attacker.request(loginUrl());
    const attackerState = new URL(begun.headers.get('location')!).searchParams.get('state')!;
    const injected = new URL(stolen);
    injected.searchParams.set('state', attackerState);
    const message = errorMessage(await attacker.deliver(injected.href));
    expect(message).to.match(/could not be verified/);
    expect(attacker.cookies.has('MMAUTHTOKEN')).to.equal(false);
    await expectNoAccount(account);
  });

  it('sends S256 PKCE, a nonce and the configured scope to the provider', async () => {
    const begun = await new BrowserlessAgent().request(loginUrl());
    expect(begun.status).to.equal(302);
    const authorize = new URL(begun.headers.get('location')!);
    expect(authorize.origin).to.equal(provider.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).to.equal('S256');
    expect(authorize.searchParams.get('code_challenge')).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(authorize.searchParams.get('nonce')).to.have.length.greaterThan(20);
    expect(authorize.searchParams.get('scope')).to.equal('profile openid email');
    expect(authorize.searchParams.get('redirect_uri')).to.equal(`${ts.url}/signup/openid/complete`);
  });

  it('accepts an ID token the provider re-signed with its own key and unchanged claims (the tampering below changes only what it names)', async () => {
    const account = newAccount();
    const agent = new BrowserlessAgent();
    const callback = await agent.authorize(loginUrl(), account.sub);
    provider.tamperNextIdToken = { claims: (c) => c };
    expect((await agent.deliver(callback)).pathname).to.equal('/');
    expect(provider.tamperNextIdToken, 'the re-signing ran').to.equal(undefined);
  });

  for (const [what, tampering] of [
    ['whose nonce is not the sign-in’s', { claims: (c: Record<string, unknown>) => ({ ...c, nonce: 'a-replayed-nonce' }) }],
    ['issued for another audience', { claims: (c: Record<string, unknown>) => ({ ...c, aud: 'someone-else' }) }],
    ['from another issuer', { claims: (c: Record<string, unknown>) => ({ ...c, iss: 'http://127.0.0.1:9/elsewhere' }) }],
    ['that has expired', { claims: (c: Record<string, unknown>) => ({ ...c, iat: Math.floor(Date.now() / 1000) - 7200, exp: Math.floor(Date.now() / 1000) - 3600 }) }],
    ['not signed by the provider’s keys', { foreignKey: true }],
  ] as const) {
    it(`refuses an ID token ${what}`, async () => {
      const account = newAccount();
      const agent = new BrowserlessAgent();
      const callback = await agent.authorize(loginUrl(), account.sub);
      provider.tamperNextIdToken = tampering;
      try {
        expect(errorMessage(await agent.deliver(callback))).to.match(/could not be verified/);
      } finally {
        provider.tamperNextIdToken = undefined;
      }
      expect(agent.cookies.has('MMAUTHTOKEN')).to.equal(false);
      await expectNoAccount(account);
    });
  }

  it('refuses a provider whose discovery document names another issuer', async () => {
    ts.config.patch({ OpenIdSettings: openIdSettings('parley-other-issuer') });
    provider.tamperDiscovery = (document) => ({ ...document, issuer: 'http://127.0.0.1:9/impostor' });
    try {
      const begun = await new BrowserlessAgent().request(loginUrl());
      expect(errorMessage(new URL(begun.headers.get('location')!, ts.url))).to.match(/could not be reached or its discovery document was refused/);
    } finally {
      provider.tamperDiscovery = undefined;
      ts.config.patch({ OpenIdSettings: openIdSettings('parley') });
    }
  });

  it('refuses to sign in with a provider that is not enabled, or one it does not know', async () => {
    const gitlab = await new BrowserlessAgent().request(`${ts.url}/oauth/gitlab/login`);
    expect(errorMessage(new URL(gitlab.headers.get('location')!, ts.url))).to.equal('Sign-in with GitLab is not enabled on this server.');
    const unknown = await new BrowserlessAgent().request(`${ts.url}/oauth/myspace/login`);
    expect(errorMessage(new URL(unknown.headers.get('location')!, ts.url))).to.match(/not a sign-in provider this server knows/);
  });

  it('refuses the answer of a sign-in begun before the provider was disabled', async () => {
    const account = newAccount();
    const agent = new BrowserlessAgent();
    const callback = await agent.authorize(loginUrl(), account.sub);
    ts.config.patch({ OpenIdSettings: { Enable: false } });
    try {
      expect(errorMessage(await agent.deliver(callback))).to.equal('Sign-in with OpenID Connect is not enabled on this server.');
    } finally {
      ts.config.patch({ OpenIdSettings: { Enable: true } });
    }
    await expectNoAccount(account);
  });

  it('refuses to take over an email-and-password account that has the same address (already_attached)', async () => {
    const existing = await createUser(ts, admin.client);
    const account = newAccount({ email: existing.user.email });
    const { agent, landing } = await signIn(account);
    expect(errorMessage(landing)).to.equal(`An account with the email address ${existing.user.email} already exists and signs in with email and password. Sign in with email and password instead.`);
    expect(agent.cookies.has('MMAUTHTOKEN')).to.equal(false);
    await expectNoAccount(account);
    const unchanged = await admin.client.getUser(existing.user.id);
    expect(unchanged.auth_service).to.equal('');
    await existing.client.getMe(); // the owner's own password sign-in still works
  });

  it('refuses to create an account (and the sign-up link) while account creation is disabled, yet signs existing accounts in', async () => {
    const known = newAccount();
    await signIn(known);
    ts.config.patch({ TeamSettings: { EnableUserCreation: false } });
    try {
      const stranger = newAccount();
      expect(errorMessage((await signIn(stranger)).landing)).to.match(/^Account creation is disabled on this server/);
      // Mattermost's sign-up link refuses before the provider is even asked.
      const signUpLink = await new BrowserlessAgent().request(`${ts.url}/oauth/openid/signup`);
      expect(errorMessage(new URL(signUpLink.headers.get('location')!, ts.url))).to.match(/^User sign-up is disabled on this server/);
      await expectNoAccount(stranger);
      expect((await signIn(known)).landing.pathname).to.equal('/');
    } finally {
      ts.config.patch({ TeamSettings: { EnableUserCreation: true } });
    }
  });

  it('refuses an account the provider gives no email address for, asking its userinfo endpoint first', async () => {
    const account = newAccount({ email: undefined });
    const asked = provider.requestedPaths.length;
    const { agent, landing } = await signIn(account);
    expect(errorMessage(landing)).to.match(/did not give an email address/);
    expect(provider.requestedPaths.slice(asked), 'the userinfo endpoint was asked').to.include('/me');
    expect(agent.cookies.has('MMAUTHTOKEN')).to.equal(false);
    await expectNoAccount(account);
  });

  it('refuses a deactivated account, and signs it in again once reactivated', async () => {
    const account = newAccount();
    const { agent } = await signIn(account);
    const me = await clientOf(agent).getMe();
    await admin.client.updateUserActive(me.id, false);
    expect(errorMessage((await signIn(account)).landing)).to.match(/deactivated/);
    await admin.client.updateUserActive(me.id, true);
    expect((await signIn(account)).landing.pathname).to.equal('/');
  });

  it('makes one account when the same person’s first two sign-ins finish at once', async () => {
    const account = newAccount();
    const agents = [new BrowserlessAgent(), new BrowserlessAgent()];
    const callbacks = await Promise.all(agents.map((agent) => agent.authorize(loginUrl(), account.sub)));
    const landings = await Promise.all(agents.map((agent, i) => agent.deliver(callbacks[i])));
    expect(landings.map((l) => l.pathname)).to.deep.equal(['/', '/']);
    const ids = await Promise.all(agents.map(async (agent) => (await clientOf(agent).getMe()).id));
    expect(ids[0]).to.equal(ids[1]);
  });

  it('shows the provider’s refusal (access_denied) and a missing code on the error page', async () => {
    const agent = new BrowserlessAgent();
    const denied = await agent.deliver(`${ts.url}/signup/openid/complete?error=access_denied&state=x`);
    expect({ path: denied.pathname, type: denied.searchParams.get('type'), service: denied.searchParams.get('service') }).to.deep.equal({ path: '/error', type: 'oauth_access_denied', service: 'OpenID Connect' });
    const missing = await agent.deliver(`${ts.url}/oauth/openid/complete?state=x`);
    expect(missing.searchParams.get('type')).to.equal('oauth_missing_code');
  });

  it('refuses a redirect_to that leaves the site', async () => {
    for (const target of ['https://evil.example/', '//evil.example/x', 'javascript:alert(1)']) {
      const begun = await new BrowserlessAgent().request(loginUrl(`?redirect_to=${encodeURIComponent(target)}`));
      expect(errorMessage(new URL(begun.headers.get('location')!, ts.url))).to.match(/must be a page of this site/);
    }
  });

  it('refuses password login and password changes for an account that signs in with OpenID', async () => {
    const account = newAccount();
    const { agent } = await signIn(account);
    await expectClientError(ts.client().login(account.email!, 'any-password-at-all'), 400, 'api.user.login.use_auth_service.app_error');
    const client = clientOf(agent);
    const me = await client.getMe();
    await expectClientError(client.updateUserPassword(me.id, '', 'a-new-password-123'), 400, 'api.user.update_password.oauth.app_error');
  });

  it('reports the providers in /config/client and masks their secrets in /config', async () => {
    const limited = (await ts.client().getClientConfig()) as unknown as Record<string, string>;
    expect({
      openid: limited.EnableSignUpWithOpenId,
      text: limited.OpenIdButtonText,
      color: limited.OpenIdButtonColor,
      gitlab: limited.EnableSignUpWithGitLab,
      google: limited.EnableSignUpWithGoogle,
      office365: limited.EnableSignUpWithOffice365,
    }).to.deep.equal({ openid: 'true', text: 'Company SSO', color: '#1f6feb', gitlab: 'false', google: 'false', office365: 'false' });
    const config = (await admin.client.getConfig()) as unknown as { OpenIdSettings: { Secret: string; Id: string } };
    expect({ secret: config.OpenIdSettings.Secret, id: config.OpenIdSettings.Id }).to.deep.equal({ secret: MASK, id: 'parley' });
    // Saving the masked value back keeps the stored secret: sign-in still works.
    await admin.client.patchConfig({ OpenIdSettings: { Secret: MASK, ButtonText: 'Company SSO' } } as never);
    expect((await signIn(newAccount())).landing.pathname).to.equal('/');
  });

  it('refuses an admin’s config with a discovery endpoint that is not an http(s) URL', async () => {
    await expectClientError(admin.client.patchConfig({ OpenIdSettings: { DiscoveryEndpoint: 'file:///etc/passwd' } } as never), 400);
    const unchanged = (await admin.client.getConfig()) as unknown as { OpenIdSettings: { DiscoveryEndpoint: string } };
    expect(unchanged.OpenIdSettings.DiscoveryEndpoint).to.equal(provider.discoveryEndpoint);
  });

  it('does not let a signed-in user see another user’s subject (auth_data is never sent)', async () => {
    const account = newAccount();
    const { agent } = await signIn(account);
    const me = await clientOf(agent).getMe();
    const seenByAdmin = (await admin.client.getUser(me.id)) as UserProfile & { auth_data?: string };
    expect(seenByAdmin.auth_data ?? '').to.equal('');
  });
});
