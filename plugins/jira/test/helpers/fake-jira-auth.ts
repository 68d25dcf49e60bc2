// The sign-in side of the fake Jira: Atlassian's OAuth 2.0 (3LO) authorization server — `/authorize`,
// `/oauth/token` (authorization_code with PKCE S256, refresh_token with rotation) and
// `/oauth/token/accessible-resources` — and Jira Server's OAuth 1.0a servlet — `request-token`,
// `authorize`, `access-token` — whose every request must carry a valid RSA-SHA1 signature by a
// registered consumer (checked here with node:crypto, with a base string built independently of
// the plugin's), plus an authenticator accepting OAuth 1.0a-signed REST calls. The browser's
// "signed-in" Jira user is `signedIn`.
import { createHash, randomBytes, verify } from 'node:crypto';
import type { FakeJira, FakeJiraUser, FakeRequest, FakeResponse } from './fake-jira.ts';

interface AuthorizationCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  accountId: string;
}

interface RequestToken {
  consumerKey: string;
  callback: string;
  verifier?: string;
  accountId?: string;
}

export class FakeJiraAuth {
  /** The Jira user signed in to the browser that visits an authorize page. */
  signedIn: FakeJiraUser | undefined;
  /** What `/oauth/token` answers as expires_in for new access tokens (seconds). */
  accessTokenLifetimeS = 3600;
  /** The site `accessible-resources` lists (Cloud's `https://<name>.atlassian.net`). */
  cloudSiteUrl: string;
  readonly clients = new Map<string, string>();
  readonly refreshTokens = new Map<string, string>();
  /** Every token grant made, by grant type, for assertions. */
  readonly grants: Array<{ grant_type: string; accountId: string }> = [];
  readonly consumers = new Map<string, string>();
  readonly oauth1AccessTokens = new Map<string, { consumerKey: string; accountId: string }>();
  readonly #codes = new Map<string, AuthorizationCode>();
  readonly #requestTokens = new Map<string, RequestToken>();
  readonly #nonces = new Set<string>();
  readonly #fake: FakeJira;

  constructor(fake: FakeJira) {
    this.#fake = fake;
    this.cloudSiteUrl = fake.url;
  }

  /** An OAuth 2.0 app, as registered in Atlassian's developer console. */
  registerClient(clientId: string, secret: string): void {
    this.clients.set(clientId, secret);
  }

  /** An application link's incoming authentication: the consumer key and its RSA public key (PEM). */
  registerConsumer(consumerKey: string, publicKeyPem: string): void {
    this.consumers.set(consumerKey, publicKeyPem);
  }

  /** Revokes every access token of the user (a 401 from then on), leaving refresh tokens. */
  revokeAccessTokens(user: FakeJiraUser): void {
    for (const [token, accountId] of this.#fake.bearerTokens) if (accountId === user.accountId) this.#fake.bearerTokens.delete(token);
  }

  /** Revokes every refresh token of the user (refreshing answers invalid_grant). */
  revokeRefreshTokens(user: FakeJiraUser): void {
    for (const [token, accountId] of this.refreshTokens) if (accountId === user.accountId) this.refreshTokens.delete(token);
  }

  /** The user of an OAuth 1.0a-signed request, when its signature, consumer and token are valid. */
  oauth1User(request: Pick<FakeRequest, 'method' | 'headers' | 'body'>, url: string): FakeJiraUser | undefined {
    // Only requests naming an access token are REST calls (the servlet's own are checked by its routes).
    const access = this.oauth1AccessTokens.get(oauthParameters(request.headers.authorization ?? '').oauth_token ?? '');
    if (!access) return undefined;
    const oauth = this.#verifiedOAuth1(request, url);
    return oauth && access.consumerKey === oauth.oauth_consumer_key ? this.#fake.users.get(access.accountId) : undefined;
  }

  #issueTokens(accountId: string, grantType: string): Record<string, unknown> {
    const access = this.#fake.issueBearerToken(this.#fake.users.get(accountId)!);
    const refresh = randomBytes(24).toString('base64url');
    this.refreshTokens.set(refresh, accountId);
    this.grants.push({ grant_type: grantType, accountId });
    return { access_token: access, refresh_token: refresh, token_type: 'Bearer', expires_in: this.accessTokenLifetimeS, scope: 'read:jira-user read:jira-work write:jira-work offline_access' };
  }

  authorize(request: FakeRequest): FakeResponse {
    const q = request.query;
    if (!this.signedIn) return { status: 401, body: '<p>Sign in to Atlassian first</p>' };
    if (q.get('response_type') !== 'code' || !this.clients.has(q.get('client_id') ?? '')) return { status: 400, body: '<p>Unknown client or response type</p>' };
    if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return { status: 400, body: '<p>PKCE (S256) is required</p>' };
    if (q.get('audience') !== 'api.atlassian.com' || !(q.get('scope') ?? '').split(' ').includes('offline_access')) return { status: 400, body: '<p>Wrong audience or scope</p>' };
    const code = randomBytes(16).toString('hex');
    this.#codes.set(code, { clientId: q.get('client_id')!, redirectUri: q.get('redirect_uri') ?? '', challenge: q.get('code_challenge')!, accountId: this.signedIn.accountId });
    const back = new URL(q.get('redirect_uri') ?? '');
    back.searchParams.set('code', code);
    back.searchParams.set('state', q.get('state') ?? '');
    return { status: 302, headers: { Location: back.toString() } };
  }

  token(request: FakeRequest): FakeResponse {
    const form = new URLSearchParams(request.body);
    const refused = (error: string, status = 400): FakeResponse => ({ status, body: { error, error_description: `${error} (fake Atlassian)` } });
    if (this.clients.get(form.get('client_id') ?? '') !== form.get('client_secret')) return refused('access_denied', 401);
    if (form.get('grant_type') === 'authorization_code') {
      const grant = this.#codes.get(form.get('code') ?? '');
      this.#codes.delete(form.get('code') ?? '');
      if (!grant || grant.clientId !== form.get('client_id') || grant.redirectUri !== form.get('redirect_uri')) return refused('invalid_grant', 403);
      const challenge = createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url');
      if (challenge !== grant.challenge) return refused('invalid_grant', 403);
      return { status: 200, body: this.#issueTokens(grant.accountId, 'authorization_code') };
    }
    if (form.get('grant_type') === 'refresh_token') {
      const accountId = this.refreshTokens.get(form.get('refresh_token') ?? '');
      if (!accountId) return refused('invalid_grant', 403);
      this.refreshTokens.delete(form.get('refresh_token')!);
      return { status: 200, body: this.#issueTokens(accountId, 'refresh_token') };
    }
    return refused('unsupported_grant_type');
  }

  requestToken(request: FakeRequest, url: string): FakeResponse {
    const oauth = this.#verifiedOAuth1(request, url);
    if (!oauth || oauth.oauth_token || !oauth.oauth_callback) return { status: 401, body: 'oauth_problem=signature_invalid' };
    const token = randomBytes(12).toString('hex');
    this.#requestTokens.set(token, { consumerKey: oauth.oauth_consumer_key!, callback: oauth.oauth_callback });
    return { status: 200, body: `oauth_token=${token}&oauth_token_secret=${randomBytes(12).toString('hex')}&oauth_callback_confirmed=true` };
  }

  authorizeRequestToken(request: FakeRequest): FakeResponse {
    const pending = this.#requestTokens.get(request.query.get('oauth_token') ?? '');
    if (!this.signedIn) return { status: 401, body: '<p>Log in to Jira first</p>' };
    if (!pending) return { status: 400, body: '<p>Unknown request token</p>' };
    pending.verifier = randomBytes(6).toString('hex');
    pending.accountId = this.signedIn.accountId;
    const back = new URL(pending.callback);
    back.searchParams.set('oauth_token', request.query.get('oauth_token')!);
    back.searchParams.set('oauth_verifier', pending.verifier);
    return { status: 302, headers: { Location: back.toString() } };
  }

  accessToken(request: FakeRequest, url: string): FakeResponse {
    const oauth = this.#verifiedOAuth1(request, url);
    const pending = oauth ? this.#requestTokens.get(oauth.oauth_token ?? '') : undefined;
    if (!oauth || !pending || pending.consumerKey !== oauth.oauth_consumer_key || !pending.verifier || pending.verifier !== oauth.oauth_verifier) return { status: 401, body: 'oauth_problem=token_rejected' };
    this.#requestTokens.delete(oauth.oauth_token!);
    const token = randomBytes(12).toString('hex');
    this.oauth1AccessTokens.set(token, { consumerKey: pending.consumerKey, accountId: pending.accountId! });
    return { status: 200, body: `oauth_token=${token}&oauth_token_secret=${randomBytes(12).toString('hex')}&oauth_expires_in=157680000` };
  }

  /** The oauth_* parameters of a request signed RSA-SHA1 by a registered consumer, fresh and never replayed; else undefined. */
  #verifiedOAuth1(request: Pick<FakeRequest, 'method' | 'headers' | 'body'>, url: string): Record<string, string> | undefined {
    const header = request.headers.authorization ?? '';
    if (!/^OAuth\s/i.test(header)) return undefined;
    const oauth = oauthParameters(header);
    const publicKey = this.consumers.get(oauth.oauth_consumer_key ?? '');
    if (!publicKey || oauth.oauth_signature_method !== 'RSA-SHA1' || !oauth.oauth_signature || !oauth.oauth_nonce) return undefined;
    if (Math.abs(Date.now() / 1000 - Number(oauth.oauth_timestamp)) > 300 || this.#nonces.has(oauth.oauth_nonce)) return undefined;
    const parsed = new URL(url);
    const params: Array<[string, string]> = [...parsed.searchParams];
    if ((request.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded')) params.push(...new URLSearchParams(request.body));
    for (const [name, value] of Object.entries(oauth)) if (name !== 'oauth_signature' && name !== 'realm') params.push([name, value]);
    const enc = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    const normalized = params.map(([n, v]) => [enc(n), enc(v)]).sort((a, b) => (a[0]! === b[0]! ? (a[1]! < b[1]! ? -1 : 1) : a[0]! < b[0]! ? -1 : 1)).map(([n, v]) => `${n}=${v}`).join('&');
    const base = [request.method.toUpperCase(), enc(`${parsed.protocol}//${parsed.host}${parsed.pathname}`), enc(normalized)].join('&');
    if (!verify('RSA-SHA1', Buffer.from(base), publicKey, Buffer.from(oauth.oauth_signature, 'base64'))) return undefined;
    this.#nonces.add(oauth.oauth_nonce);
    return oauth;
  }
}

function oauthParameters(header: string): Record<string, string> {
  const oauth: Record<string, string> = {};
  for (const [, name, value] of header.matchAll(/([a-z_]+)="([^"]*)"/gi)) oauth[decodeURIComponent(name!)] = decodeURIComponent(value!);
  return oauth;
}

/** Adds Atlassian's 3LO endpoints and Jira Server's OAuth 1.0a servlet to the fake; answers their state. */
export function installAuthRoutes(fake: FakeJira): FakeJiraAuth {
  const auth = new FakeJiraAuth(fake);
  const servlet = (request: FakeRequest) => `${fake.url}${request.path}${request.query.size > 0 ? `?${request.query}` : ''}`;
  fake.route('GET', /^\/authorize$/, (request) => auth.authorize(request), { anonymous: true });
  fake.route('POST', /^\/oauth\/token$/, (request) => auth.token(request), { anonymous: true });
  fake.route('GET', /^\/oauth\/token\/accessible-resources$/, () => ({
    status: 200,
    body: [{ id: fake.cloudId, url: auth.cloudSiteUrl, name: 'parley-test', scopes: ['read:jira-user', 'read:jira-work', 'write:jira-work'], avatarUrl: `${fake.url}/avatar.png` }],
  }));
  fake.route('POST', /^\/plugins\/servlet\/oauth\/request-token$/, (request) => auth.requestToken(request, servlet(request)), { anonymous: true });
  fake.route('GET', /^\/plugins\/servlet\/oauth\/authorize$/, (request) => auth.authorizeRequestToken(request), { anonymous: true });
  fake.route('POST', /^\/plugins\/servlet\/oauth\/access-token$/, (request) => auth.accessToken(request, servlet(request)), { anonymous: true });
  fake.authenticateWith((request, url) => auth.oauth1User(request, url));
  return auth;
}
