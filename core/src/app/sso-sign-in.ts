// Sign-in through an OpenID Connect provider, Mattermost's flow: /oauth/{service}/login sends the
// browser to the provider with a state, a nonce and a PKCE challenge kept on the server; the
// provider sends it back to /signup/{service}/complete, where the state is taken (once, and only
// by the browser that began), the code exchanged with the verifier, and the ID token verified by
// openid-client (signature against the provider's keys, iss, aud, exp, nonce). The account is
// found or created by ExternalAccounts.
import { createHash, randomBytes } from 'node:crypto';
import type { SendMail } from './mail-sender.ts';
import * as oidc from 'openid-client';
import type { ConfigService } from '../config/config-service.ts';
import type { Logger } from '../logger.ts';
import type { Store } from '../store/store.ts';
import type { User } from '../store/entities/user.ts';
import type { SessionService } from './session-service.ts';
import { ExternalAccounts } from './external-accounts.ts';
import type { Session } from '../store/entities/session.ts';
import { AppError } from '../errors/app-error.ts';
import type { HookContext } from './plugin-hooks.ts';
import type { UserService } from './user-service.ts';
import { SsoProviders } from './sso-providers.ts';
import { isSsoService, ssoDisplayName, type SsoService } from './sso-services.ts';
import { ssoProfile } from './sso-profile.ts';

export interface SsoSignInDeps {
  sendMail: SendMail;
  store: Store;
  config: ConfigService;
  logger: Logger;
  users: UserService;
  sessions: SessionService;
}

/** How long a sign-in may stay at the provider (Mattermost's OAuth cookie lives 30 minutes). */
export const SSO_LOGIN_TTL_MS = 30 * 60 * 1000;
/** Longest redirect_to kept with a sign-in. */
const REDIRECT_MAX = 2048;

export interface SsoBegun {
  /** The provider's authorization endpoint with the request's parameters. */
  authorizationUrl: string;
  /** To keep in the browser (the MMOAUTH cookie): the sign-in completes only where it began. */
  browserSecret: string;
}

/** The provider's answer ended a switch of an email account to it: nobody is signed in. */
export interface SsoSwitched {
  switchedUser: User;
}

export interface SsoCompleted {
  user: User;
  session: Session;
  token: string;
  /** Where the browser asked to go once signed in ('' for the home page). */
  redirectTo: string;
}

export class SsoSignIn {
  #deps: SsoSignInDeps;
  #providers = new SsoProviders();
  #accounts: ExternalAccounts;

  constructor(deps: SsoSignInDeps) {
    this.#deps = deps;
    this.#accounts = new ExternalAccounts(deps);
  }

  /**
   * Starts a sign-in: the address of the provider's login page, with state, nonce and PKCE (S256).
   * `signUp`: begun from a sign-up link (/oauth/{service}/signup), refused at once while account
   * creation is off, as Mattermost's signupWithOAuth. `switchUserId`: the sign-in switches that
   * email account to the provider (SignInSwitch checked its password) instead of signing in.
   */
  async begin(serviceName: string, input: { redirectUri: string; redirectTo: string; signUp?: boolean; switchUserId?: string }): Promise<SsoBegun> {
    const service = knownService(serviceName);
    if (input.signUp && !this.#deps.config.get().TeamSettings.EnableUserCreation) {
      throw new AppError('api.oauth.singup_with_oauth.disabled.app_error', 400, 'User sign-up is disabled on this server: ask an administrator to create your account.');
    }
    const { client, settings } = await this.#providers.client(this.#deps.config.get(), service);
    if (input.redirectTo.length > REDIRECT_MAX) throw AppError.invalidParam('redirect_to', `must be at most ${REDIRECT_MAX} characters`);
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const browserSecret = randomBytes(32).toString('base64url');
    const now = Date.now();
    await this.#deps.store.ssoLoginStates.insert(
      { state, service, browserHash: sha256(browserSecret), codeVerifier, nonce, redirectTo: input.redirectTo, expireAt: now + SSO_LOGIN_TTL_MS, switchUserId: input.switchUserId ?? null },
      now,
    );
    const url = oidc.buildAuthorizationUrl(client, {
      redirect_uri: input.redirectUri,
      scope: settings.scope,
      state,
      nonce,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { authorizationUrl: url.href, browserSecret };
  }

  /**
   * Finishes a sign-in from the provider's answer (`query`: the callback's query string) and
   * starts a session, or ends a switch to the provider begun with `switchUserId`. `redirectUri` is
   * the address the provider was given in begin().
   */
  async complete(serviceName: string, input: { query: URLSearchParams; redirectUri: string; browserSecret: string | undefined }, ctx: HookContext = {}): Promise<SsoCompleted | SsoSwitched> {
    const service = knownService(serviceName);
    const config = this.#deps.config.get();
    const { client } = await this.#providers.client(config, service);
    const stateParam = input.query.get('state') ?? '';
    const pending = stateParam ? await this.#deps.store.ssoLoginStates.take(stateParam) : null;
    if (!pending || pending.service !== service || pending.expireAt <= Date.now() || !input.browserSecret || sha256(input.browserSecret) !== pending.browserHash) {
      throw new AppError('api.user.authorize_oauth_user.invalid_state.app_error', 400, 'This sign-in link is not valid any more (it was used, has expired, or was started in another browser). Start again from the login page.', {
        details: `service=${service} state_found=${pending !== null}`,
      });
    }
    // The answer is read as arriving at the address the provider was given, so the redirect_uri
    // sent with the code is the one the code was issued for.
    const callback = new URL(input.redirectUri);
    callback.search = input.query.toString();
    let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
    try {
      tokens = await oidc.authorizationCodeGrant(client, callback, {
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        pkceCodeVerifier: pending.codeVerifier,
        idTokenExpected: true,
      });
    } catch (err) {
      throw new AppError('api.user.authorize_oauth_user.token_failed.app_error', 401, `The sign-in with ${ssoDisplayName(service)} could not be verified, so it was refused. Start again from the login page; if it fails again, tell an administrator.`, {
        details: `service=${service}: ${(err as Error).message}`,
        cause: err,
      });
    }
    const claims = tokens.claims()!;
    const needsUserInfo = typeof claims.email !== 'string' && client.serverMetadata().userinfo_endpoint !== undefined;
    const userInfo = needsUserInfo ? await oidc.fetchUserInfo(client, tokens.access_token, claims.sub).catch(() => ({})) : {};
    const profile = ssoProfile(service, { ...userInfo, ...claims });
    if (pending.switchUserId) {
      const switchedUser = await this.#accounts.switchTo(pending.switchUserId, { service, ...profile });
      this.#deps.logger.info('switched an account to a provider', { user_id: switchedUser.id, auth_service: service });
      return { switchedUser };
    }
    const user = await this.#accounts.account({ service, ...profile }, ctx);
    const started = await this.#deps.users.startSession(user, '', ctx);
    this.#deps.logger.info('signed in with a provider', { user_id: user.id, auth_service: service });
    return { ...started, redirectTo: pending.redirectTo };
  }
}

/** The address a provider sends the browser back to (Mattermost's: always /signup/{service}/complete). */
export function ssoCallbackUri(siteBase: string, service: string): string {
  return `${siteBase}/signup/${encodeURIComponent(service)}/complete`;
}

function knownService(name: string): SsoService {
  if (!isSsoService(name)) {
    throw new AppError('api.user.authorize_oauth_user.unsupported.app_error', 501, `"${name}" is not a sign-in provider this server knows (gitlab, google, office365 or openid).`, { details: `service=${name}` });
  }
  return name;
}

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}
