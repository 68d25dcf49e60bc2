// The OpenID Connect client of each sign-in provider, built by openid-client from the provider's
// discovery document and the settings block Mattermost names for it (OpenIdSettings,
// GitLabSettings, GoogleSettings, Office365Settings). Discovery is done once per settings and
// kept: a changed setting builds a new client; a failed discovery is not kept, so the next
// sign-in tries again.
import * as oidc from 'openid-client';
import type { Config } from '../config/config-schema.ts';
import { AppError } from '../errors/app-error.ts';
import { ssoDisplayName, type SsoService } from './sso-services.ts';

/** What the sign-in needs from a service's settings block, whichever block it is. */
export interface SsoProviderSettings {
  enabled: boolean;
  clientId: string;
  clientSecret: string;
  /** The issuer (or its discovery document's address) the client is built from. */
  discoveryEndpoint: string;
  /** Always asks for `openid`: the ID token is how the user is known. */
  scope: string;
}

/** How long a discovered provider is trusted before its document is read again (keys rotate). */
const DISCOVERY_TTL_MS = 60 * 60 * 1000;
/** How long the provider may take to answer one request. */
const PROVIDER_TIMEOUT_SECONDS = 10;
const WELL_KNOWN = '/.well-known/openid-configuration';

export function ssoProviderSettings(config: Readonly<Config>, service: SsoService): SsoProviderSettings {
  if (service === 'office365') {
    const s = config.Office365Settings;
    // Entra ID names the tenant in its issuer: without a directory id ("common") no issuer can be checked.
    const discovery = s.DiscoveryEndpoint || (s.DirectoryId ? `https://login.microsoftonline.com/${s.DirectoryId}/v2.0${WELL_KNOWN}` : '');
    return { enabled: s.Enable, clientId: s.Id, clientSecret: s.Secret, discoveryEndpoint: discovery, scope: withOpenId(s.Scope) };
  }
  const s = service === 'gitlab' ? config.GitLabSettings : service === 'google' ? config.GoogleSettings : config.OpenIdSettings;
  return { enabled: s.Enable, clientId: s.Id, clientSecret: s.Secret, discoveryEndpoint: s.DiscoveryEndpoint || defaultDiscovery(service, s.AuthEndpoint), scope: withOpenId(s.Scope) };
}

/** Where a provider publishes its document when the settings name none (Mattermost's GitLab and Google settings carry only endpoints). */
function defaultDiscovery(service: SsoService, authEndpoint: string): string {
  if (service === 'google') return `https://accounts.google.com${WELL_KNOWN}`;
  if (service === 'gitlab' && URL.canParse(authEndpoint)) return `${new URL(authEndpoint).origin}${WELL_KNOWN}`;
  return '';
}

/** Mattermost's scopes for GitLab ('') and Office 365 ('User.Read') are OAuth 2 scopes: OpenID Connect needs `openid` too. */
function withOpenId(scope: string): string {
  const scopes = scope.split(/\s+/).filter(Boolean);
  if (scopes.length === 0) return 'openid profile email';
  return scopes.includes('openid') ? scopes.join(' ') : ['openid', ...scopes].join(' ');
}

/**
 * The issuer whose discovery document `endpoint` is: the document of issuer X is at
 * X/.well-known/openid-configuration, and giving openid-client the issuer (not the document's
 * address) makes it check that the document names that same issuer.
 */
function issuerOf(endpoint: string): URL {
  const url = new URL(endpoint);
  if (url.pathname.endsWith(WELL_KNOWN) && url.search === '') url.pathname = url.pathname.slice(0, -WELL_KNOWN.length) || '/';
  return url;
}

interface CachedClient {
  key: string;
  at: number;
  client: Promise<oidc.Configuration>;
}

export class SsoProviders {
  #clients = new Map<SsoService, CachedClient>();

  /** The client of an enabled, configured service; 501 when it is off or not set up. */
  async client(config: Readonly<Config>, service: SsoService): Promise<{ client: oidc.Configuration; settings: SsoProviderSettings }> {
    const settings = ssoProviderSettings(config, service);
    if (!settings.enabled) {
      throw new AppError('api.user.authorize_oauth_user.unsupported.app_error', 501, `Sign-in with ${ssoDisplayName(service)} is not enabled on this server.`, { details: `service=${service}` });
    }
    if (!settings.clientId || !URL.canParse(settings.discoveryEndpoint)) {
      throw new AppError('api.user.get_authorization_code.endpoint.app_error', 501, `Sign-in with ${ssoDisplayName(service)} is not fully set up: an administrator must give its discovery endpoint and client id.`, { details: `service=${service}` });
    }
    const key = JSON.stringify([settings.discoveryEndpoint, settings.clientId, settings.clientSecret]);
    const cached = this.#clients.get(service);
    if (cached && cached.key === key && Date.now() - cached.at < DISCOVERY_TTL_MS) return { client: await cached.client, settings };
    const client = discover(settings);
    const entry = { key, at: Date.now(), client };
    this.#clients.set(service, entry);
    try {
      return { client: await client, settings };
    } catch (err) {
      if (this.#clients.get(service) === entry) this.#clients.delete(service);
      throw new AppError('api.user.get_authorization_code.endpoint.app_error', 502, `${ssoDisplayName(service)} could not be reached or its discovery document was refused; try again later or tell an administrator.`, {
        details: `service=${service} discovery=${settings.discoveryEndpoint}: ${(err as Error).message}`,
        cause: err,
      });
    }
  }
}

function discover(settings: SsoProviderSettings): Promise<oidc.Configuration> {
  const issuer = issuerOf(settings.discoveryEndpoint);
  // The administrator chose the provider's address; plain http is allowed only when they chose it
  // (a provider on the same host or private network), as Mattermost allows.
  const execute = [oidc.enableNonRepudiationChecks, ...(issuer.protocol === 'http:' ? [oidc.allowInsecureRequests] : [])];
  // enableNonRepudiationChecks: the ID token's signature is checked against the provider's JWKS
  // even though it comes straight from the token endpoint.
  return oidc.discovery(issuer, settings.clientId, settings.clientSecret || undefined, settings.clientSecret ? oidc.ClientSecretPost(settings.clientSecret) : oidc.None(), {
    execute,
    timeout: PROVIDER_TIMEOUT_SECONDS,
  });
}
