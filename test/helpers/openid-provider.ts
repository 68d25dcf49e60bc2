// A real OpenID Connect provider on loopback (the npm oidc-provider, its development login form
// included) for sign-in suites: clients registered with Parley's callback address, accounts the
// test adds, and hooks that make the provider misbehave on purpose — an ID token re-signed with
// other claims or by another key, a discovery document naming another issuer — so the suites can
// show Parley refuses them.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration } from 'oidc-provider';
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWK, type JWTPayload } from 'jose';

export interface ProviderAccount {
  /** The subject (and the login name typed in the provider's form). */
  sub: string;
  email?: string;
  given_name?: string;
  family_name?: string;
  name?: string;
  preferred_username?: string;
  nickname?: string;
}

export interface ProviderClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

/** How the next ID token is changed before it leaves the token endpoint. */
export interface IdTokenTampering {
  claims?: (claims: JWTPayload) => JWTPayload;
  /** Sign with a key the provider never published. */
  foreignKey?: boolean;
}

export class OpenIdProvider {
  readonly issuer: string;
  /** Where Parley's DiscoveryEndpoint points. */
  readonly discoveryEndpoint: string;
  /** When set, the discovery document is served through this (e.g. to name another issuer). */
  tamperDiscovery: ((document: Record<string, unknown>) => Record<string, unknown>) | undefined;
  /** When set, applied once to the next token response's ID token. */
  tamperNextIdToken: IdTokenTampering | undefined;
  /** The path of every request the provider answered, in order. */
  readonly requestedPaths: string[] = [];
  #server: Server;
  #accounts = new Map<string, ProviderAccount>();
  #signingKey: { jwk: JWK; key: CryptoKey };
  #foreignKey: CryptoKey;

  private constructor(server: Server, issuer: string, signingKey: { jwk: JWK; key: CryptoKey }, foreignKey: CryptoKey) {
    this.#server = server;
    this.issuer = issuer;
    this.discoveryEndpoint = `${issuer}/.well-known/openid-configuration`;
    this.#signingKey = signingKey;
    this.#foreignKey = foreignKey;
  }

  /** Starts a provider on 127.0.0.1 (a free port) that knows `clients`. */
  static async start(clients: ProviderClient[]): Promise<OpenIdProvider> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const jwk = { ...(await exportJWK(privateKey)), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };
    const foreign = await generateKeyPair('RS256');
    const instance = new OpenIdProvider(server, issuer, { jwk, key: privateKey }, foreign.privateKey);
    const provider = new Provider(issuer, instance.#configuration(clients, jwk));
    provider.use(instance.#misbehaviour());
    server.on('request', provider.callback());
    return instance;
  }

  addAccount(account: ProviderAccount): void {
    this.#accounts.set(account.sub, account);
  }

  /** Stops listening and drops its connections (keep-alive ones included), so no socket outlives the suite. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.#server.close(() => resolve());
      this.#server.closeAllConnections();
    });
  }

  #configuration(clients: ProviderClient[], jwk: JWK): Configuration {
    return {
      clients: clients.map((c) => ({ ...c, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' })),
      jwks: { keys: [jwk] },
      cookies: { keys: ['openid-provider-test-cookie-key'] },
      pkce: { required: () => true },
      ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
      // The profile claims go in the ID token itself, as Keycloak, Entra ID and GitLab put them.
      conformIdTokenClaims: false,
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name', 'preferred_username', 'nickname'] },
      features: { devInteractions: { enabled: true } },
      findAccount: (_ctx, id) => {
        const account = this.#accounts.get(id);
        if (!account) return undefined;
        return { accountId: id, claims: () => ({ ...account, email_verified: true }) };
      },
      // First-party clients: the person is not asked to consent to the scopes.
      loadExistingGrant: async (ctx) => {
        const grantId = ctx.oidc.result?.consent?.grantId ?? ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
        if (grantId) return ctx.oidc.provider.Grant.find(grantId);
        const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
        grant.addOIDCScope('openid email profile');
        await grant.save();
        return grant;
      },
      // The provider warns once about the development form; the suites use it on purpose.
      renderError: (ctx, out) => {
        ctx.type = 'text/plain';
        ctx.body = `${out.error}: ${out.error_description ?? ''}`;
      },
    };
  }

  #misbehaviour() {
    return async (ctx: { path: string; method: string; body: unknown }, next: () => Promise<void>) => {
      this.requestedPaths.push(ctx.path);
      await next();
      if (ctx.path === '/.well-known/openid-configuration' && this.tamperDiscovery && ctx.body && typeof ctx.body === 'object') {
        ctx.body = this.tamperDiscovery(ctx.body as Record<string, unknown>);
      }
      const tampering = this.tamperNextIdToken;
      const body = ctx.body as { id_token?: string } | undefined;
      if (ctx.path === '/token' && ctx.method === 'POST' && tampering && body?.id_token) {
        this.tamperNextIdToken = undefined;
        const claims = (tampering.claims ?? ((c) => c))(decodeJwt(body.id_token));
        const key = tampering.foreignKey ? this.#foreignKey : this.#signingKey.key;
        ctx.body = { ...body, id_token: await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: this.#signingKey.jwk.kid }).sign(key) };
      }
    };
  }
}

/**
 * A browser without a page: follows redirects by hand, keeps cookies (every server here is on
 * 127.0.0.1, where cookies do not tell ports apart) and posts the provider's login form as a
 * person would.
 */
export class BrowserlessAgent {
  readonly cookies = new Map<string, string>();

  /** One request, redirects not followed; Set-Cookie kept. */
  async request(url: string, init: { method?: string; form?: Record<string, string>; json?: unknown } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (init.form) headers['content-type'] = 'application/x-www-form-urlencoded';
    // A JSON call as the web app makes it (X-Requested-With, as Client4 sends).
    if (init.json !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'x-requested-with': 'XMLHttpRequest' });
    const body = init.form ? new URLSearchParams(init.form).toString() : init.json !== undefined ? JSON.stringify(init.json) : undefined;
    const response = await fetch(url, { method: init.method ?? 'GET', headers, body, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) this.#keep(line);
    return response;
  }

  /**
   * Begins a sign-in at Parley (`loginUrl`: its /oauth/{service}/login), signs in at the provider
   * as `login`, and returns the provider's answer — the address of Parley's callback with the
   * code and state — without delivering it. `parley`: Parley's origin, when `loginUrl` is the
   * provider's own page (a switch's follow_link).
   */
  async authorize(loginUrl: string, login: string, parley = new URL(loginUrl).origin): Promise<string> {
    let response = await this.request(loginUrl);
    let location = redirectOf(response, loginUrl);
    for (let hops = 0; hops < 10; hops++) {
      if (location.startsWith(`${parley}/`)) return location;
      response = await this.request(location);
      if (response.status === 200) {
        const html = await response.text();
        const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
        if (!action) throw new Error(`the provider showed no login form at ${location}: ${html.slice(0, 300)}`);
        const submitUrl = new URL(action.replace(/&amp;/g, '&'), location).href;
        response = await this.request(submitUrl, { method: 'POST', form: { prompt: 'login', login, password: 'any' } });
        location = redirectOf(response, submitUrl);
      } else {
        location = redirectOf(response, location);
      }
    }
    throw new Error('the sign-in did not come back to Parley within 10 redirects');
  }

  /** Delivers the provider's answer to Parley; returns where Parley sends the browser next. */
  async deliver(callbackUrl: string): Promise<URL> {
    return new URL(redirectOf(await this.request(callbackUrl), callbackUrl));
  }

  #keep(line: string): void {
    const [pair, ...attributes] = line.split(';');
    const eq = pair.indexOf('=');
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    const expired = attributes.some((a) => /^\s*max-age=(0|-)/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]) < Date.now()));
    if (value === '' || expired) this.cookies.delete(name);
    else this.cookies.set(name, value);
  }
}

function redirectOf(response: Response, from: string): string {
  const location = response.headers.get('location');
  if (response.status < 300 || response.status >= 400 || !location) throw new Error(`expected a redirect from ${from}, got ${response.status}`);
  return new URL(location, from).href;
}
