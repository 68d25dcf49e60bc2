// OAuth 2.0 connections to external services for a plugin's users (api.oauth; GitHub's and Jira
// Cloud's "connect your account"), with the parts that are easy to get wrong done once, here:
//   - the `state` is random, kept by the server, bound to the plugin and to the user who started,
//     single-use and short-lived: a link started by one user cannot complete for another;
//   - PKCE (S256) on every authorization: the verifier never leaves the server;
//   - the redirect URI is always the plugin's own route under ServiceSettings.SiteURL;
//   - the code exchange and token refresh are made by the server, only to a token URL on the
//     plugin's `http_hosts`, under the egress rule, and answer the same token shape whatever the
//     provider sent (JSON or, as GitHub's default, a form).
import { createHash, randomBytes } from 'node:crypto';
import type { Manifest, OAuthToken } from '@parley/plugin-api';
import { AppError } from '../../errors/app-error.ts';
import type { ConfigService } from '../../config/config-service.ts';
import { hostDeclared } from '../../egress/egress-policy.ts';
import { outboundRequest, readBody } from '../../egress/outbound-http.ts';
import type { PluginOAuthStateRepository } from '../../store/plugin-oauth-state-repository.ts';

/** The provider a plugin connects to, as it describes it. */
export interface OAuthProvider {
  authorizeUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** How the client authenticates at the token URL: in the form body (default) or HTTP Basic. */
  clientAuth: 'body' | 'basic';
}

/** How long a user has to finish an authorization they started. */
const STATE_TTL_MS = 10 * 60_000;
/** Authorizations one plugin may have under way at once. */
const MAX_LIVE_STATES = 10_000;
const TOKEN_TIMEOUT_MS = 15_000;
const MAX_TOKEN_ANSWER = 64 * 1024;

export class PluginOAuth {
  #states: Pick<PluginOAuthStateRepository, 'insert' | 'take' | 'countLive'>;
  #config: ConfigService;

  constructor(states: Pick<PluginOAuthStateRepository, 'insert' | 'take' | 'countLive'>, config: ConfigService) {
    this.#states = states;
    this.#config = config;
  }

  /** Starts an authorization for `userId`: the URL to send the user to, with a new state and PKCE challenge. */
  async authorizeUrl(manifest: Manifest, userId: string, provider: OAuthProvider, redirectPath: string, params: Record<string, string>, data: Record<string, unknown>): Promise<{ url: string; state: string }> {
    const authorize = URL.parse(provider.authorizeUrl);
    if (!authorize || (authorize.protocol !== 'https:' && authorize.protocol !== 'http:')) throw invalid('provider.authorize_url must be an http or https URL');
    this.#tokenUrl(manifest, provider.tokenUrl);
    const now = Date.now();
    if ((await this.#states.countLive(manifest.id, now)) >= MAX_LIVE_STATES) {
      throw new AppError('plugin.oauth.too_many_states', 429, `Plugin ${manifest.id} has ${MAX_LIVE_STATES} authorizations under way; let some finish or expire.`);
    }
    const state = randomBytes(32).toString('base64url');
    const codeVerifier = randomBytes(48).toString('base64url');
    const redirectUri = this.#redirectUri(manifest.id, redirectPath);
    await this.#states.insert({ state, pluginId: manifest.id, userId, codeVerifier, redirectUri, tokenUrl: provider.tokenUrl, data, expireAt: now + STATE_TTL_MS }, now);
    const url = new URL(authorize);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('client_id', provider.clientId);
    url.searchParams.set('redirect_uri', redirectUri);
    url.searchParams.set('state', state);
    url.searchParams.set('code_challenge', createHash('sha256').update(codeVerifier).digest('base64url'));
    url.searchParams.set('code_challenge_method', 'S256');
    if (provider.scopes.length > 0) url.searchParams.set('scope', provider.scopes.join(' '));
    return { url: url.toString(), state };
  }

  /**
   * Completes the authorization the redirect came back for: the state must be this plugin's, started
   * by `userId` (the user of the request that came back), and not used or expired; then the code is
   * exchanged for a token.
   */
  async complete(manifest: Manifest, userId: string, query: Record<string, string>, provider: OAuthProvider): Promise<{ token: OAuthToken; data: Record<string, unknown> }> {
    const started = typeof query.state === 'string' && query.state !== '' ? await this.#states.take(manifest.id, query.state) : null;
    if (!started || started.expireAt <= Date.now()) {
      throw new AppError('plugin.oauth.invalid_state', 400, 'The authorization is unknown, was already used or has expired: start connecting again.');
    }
    if (started.userId !== userId) throw new AppError('plugin.oauth.state_mismatch', 403, 'The authorization was started by another user: start connecting again as yourself.');
    if (started.tokenUrl !== provider.tokenUrl) throw invalid('provider.token_url is not the one the authorization was started with');
    if (query.error) {
      throw new AppError('plugin.oauth.denied', 400, `The provider did not authorize the connection: ${(query.error_description || query.error).slice(0, 300)}.`);
    }
    if (!query.code) throw invalid('the redirect carries no code');
    const token = await this.#tokenRequest(manifest, provider, { grant_type: 'authorization_code', code: query.code, redirect_uri: started.redirectUri, code_verifier: started.codeVerifier });
    return { token, data: started.data };
  }

  /** A new token for a refresh token. */
  refresh(manifest: Manifest, provider: OAuthProvider, refreshToken: string): Promise<OAuthToken> {
    return this.#tokenRequest(manifest, provider, { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  #redirectUri(pluginId: string, redirectPath: string): string {
    const siteUrl = this.#config.get().ServiceSettings.SiteURL.replace(/\/+$/, '');
    if (!siteUrl) throw new AppError('plugin.oauth.site_url_missing', 400, 'OAuth needs ServiceSettings.SiteURL: the provider redirects users back to this server\'s address. Ask an administrator to set it.');
    return `${siteUrl}/plugins/${pluginId}${redirectPath}`;
  }

  /** The token URL, when it is https (or http) on a host the plugin's manifest declares. */
  #tokenUrl(manifest: Manifest, raw: string): URL {
    const url = URL.parse(raw);
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw invalid('provider.token_url must be an http or https URL');
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
    if (!hostDeclared(manifest.permissions.http_hosts, host, url.port || (url.protocol === 'https:' ? '443' : '80'))) {
      throw new AppError('plugin.http.host_not_allowed', 403, `Plugin ${manifest.id} may not reach ${host}: its manifest does not list it in permissions.http_hosts.`);
    }
    return url;
  }

  async #tokenRequest(manifest: Manifest, provider: OAuthProvider, grant: Record<string, string>): Promise<OAuthToken> {
    const url = this.#tokenUrl(manifest, provider.tokenUrl);
    const form = new URLSearchParams(grant);
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' };
    if (provider.clientAuth === 'basic') {
      headers.Authorization = `Basic ${Buffer.from(`${encodeURIComponent(provider.clientId)}:${encodeURIComponent(provider.clientSecret)}`).toString('base64')}`;
    } else {
      form.set('client_id', provider.clientId);
      if (provider.clientSecret !== '') form.set('client_secret', provider.clientSecret);
    }
    const response = await outboundRequest(
      url,
      { method: 'POST', headers, body: form.toString(), timeoutMs: TOKEN_TIMEOUT_MS, maxResponseBytes: MAX_TOKEN_ANSWER, errorId: (reason) => `plugin.http.${reason}` },
      { allowedInternal: this.#config.get().ServiceSettings.AllowedUntrustedInternalConnections, allowHttp: true },
    );
    const text = (await readBody(response)).toString('utf8');
    const answer = parseTokenAnswer(text, response.headers['content-type'] ?? '');
    if (response.status !== 200 || typeof answer.error === 'string' || typeof answer.access_token !== 'string' || answer.access_token === '') {
      const why = typeof answer.error === 'string' ? `${answer.error}${typeof answer.error_description === 'string' ? `: ${answer.error_description}` : ''}` : `status ${response.status}`;
      throw new AppError('plugin.oauth.token_failed', 502, `The provider refused the token request (${why.slice(0, 300)}).`);
    }
    const expiresIn = Number(answer.expires_in);
    return {
      access_token: answer.access_token,
      token_type: typeof answer.token_type === 'string' ? answer.token_type : 'bearer',
      ...(typeof answer.refresh_token === 'string' && answer.refresh_token !== '' ? { refresh_token: answer.refresh_token } : {}),
      ...(Number.isFinite(expiresIn) && expiresIn > 0 ? { expires_at: Date.now() + expiresIn * 1000 } : {}),
      ...(typeof answer.scope === 'string' ? { scope: answer.scope } : {}),
    };
  }
}

/** JSON, or a form (GitHub answers one unless asked for JSON). */
function parseTokenAnswer(text: string, contentType: string): Record<string, unknown> {
  if (!contentType.includes('json')) {
    const form = Object.fromEntries(new URLSearchParams(text));
    if ('access_token' in form || 'error' in form) return form;
  }
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function invalid(why: string): AppError {
  return new AppError('plugin.api.invalid_arguments', 400, `Invalid arguments for oauth: ${why}.`);
}
