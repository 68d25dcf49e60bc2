// The JiraClient acting as one connected user on one instance: its REST root (the site itself on
// Server, Atlassian's gateway on Cloud) and the Authorization header of the user's credential —
// a bearer token (OAuth 2.0, personal access token) or an OAuth 1.0a RSA-SHA1 signature. An OAuth
// 2.0 token about to expire, or one Jira answers 401 to, is renewed with its refresh token; when
// Atlassian refuses that, the connection is dropped and the user told once to connect again.
import { withClusterLock, type PluginAPI } from '@parley/plugin-api';
import type { Credential } from '../connect/connection.ts';
import type { Connections } from '../connect/connections.ts';
import { publishConnectionChange } from '../connect/connection-events.ts';
import { sendReconnectNoticeOnce } from '../connect/reconnect-notice.ts';
import { InstanceStore } from '../instances/instance-store.ts';
import type { CloudOAuthInstance, Instance } from '../instances/instance.ts';
import { cloudOAuthProvider } from './atlassian-oauth.ts';
import { JiraClient, type Authorizer } from './jira-client.ts';
import { signedAuthorization } from './server-oauth1.ts';

/** Tokens expiring within this are renewed before use rather than after a 401. */
const REFRESH_MARGIN_MS = 60_000;

/** Where `/rest/api/2/...` is served for the instance. */
export function restRoot(instance: Instance): string {
  return instance.type === 'cloud-oauth' ? `${instance.api_url.replace(/\/+$/, '')}/ex/jira/${instance.cloud_id}` : instance.id;
}

/** The header a bearer credential (an OAuth 2.0 access token, a personal access token) sends. */
export function bearer(token: string): Authorizer {
  return () => Promise.resolve(`Bearer ${token}`);
}

/** A client acting as `userId` on `instance`, or null when they are not connected to it (any more). */
export async function userClient(api: PluginAPI, connections: Connections, instance: Instance, userId: string): Promise<JiraClient | null> {
  const credential = await connections.credential(instance, userId);
  if (!credential) return null;
  switch (credential.kind) {
    case 'pat':
      return new JiraClient(api, restRoot(instance), bearer(credential.token));
    case 'oauth1':
      if (instance.type !== 'server') return null;
      return new JiraClient(api, restRoot(instance), (method, url) => signedAuthorization(api, instance, method, url, { oauth_token: credential.token }));
    case 'oauth2': {
      if (instance.type !== 'cloud-oauth') return null;
      const session = new OAuth2Session(api, connections, instance, userId, credential);
      if (credential.expires_at > 0 && credential.expires_at - Date.now() < REFRESH_MARGIN_MS && !(await session.refresh())) return null;
      return new JiraClient(api, restRoot(instance), () => Promise.resolve(`Bearer ${session.accessToken}`), () => session.refresh());
    }
  }
}

/** One user's OAuth 2.0 credential while a client uses it: renewed in place, saved when renewed. */
class OAuth2Session {
  readonly #api: PluginAPI;
  readonly #connections: Connections;
  readonly #instance: CloudOAuthInstance;
  readonly #userId: string;
  #credential: Extract<Credential, { kind: 'oauth2' }>;

  constructor(api: PluginAPI, connections: Connections, instance: CloudOAuthInstance, userId: string, credential: Extract<Credential, { kind: 'oauth2' }>) {
    this.#api = api;
    this.#connections = connections;
    this.#instance = instance;
    this.#userId = userId;
    this.#credential = credential;
  }

  get accessToken(): string {
    return this.#credential.access_token;
  }

  /**
   * Renews the token; false when Atlassian refused (the connection is then dropped, the user told
   * once). Atlassian rotates refresh tokens, so renewals of one user are serialised by a cluster
   * lock, and a token another request renewed meanwhile is taken as it is rather than spent again.
   */
  async refresh(): Promise<boolean> {
    const spent = this.#credential.refresh_token;
    const renewed = await withClusterLock(this.#api.cluster, `jira-refresh-${this.#instance.key}-${this.#userId}`, async () => {
      const stored = await this.#connections.credential(this.#instance, this.#userId);
      if (stored?.kind !== 'oauth2') return false;
      if (stored.refresh_token !== spent) {
        this.#credential = stored;
        return true;
      }
      if (stored.refresh_token === '') return false;
      try {
        const token = await this.#api.oauth.refresh(await cloudOAuthProvider(this.#api, this.#instance), stored.refresh_token);
        this.#credential = { kind: 'oauth2', access_token: token.access_token, refresh_token: token.refresh_token ?? stored.refresh_token, expires_at: token.expires_at ?? 0 };
        await this.#connections.updateCredential(this.#instance, this.#userId, this.#credential);
        return true;
      } catch (err) {
        // Refused (invalid_grant: revoked, expired) ends the connection; Atlassian failing (a 5xx)
        // or out of reach does not.
        if ((err as { id?: string }).id !== 'plugin.oauth.token_failed' || /status 5\d\d/.test((err as Error).message)) throw err;
        return false;
      }
    }, { ttlMs: 30_000, waitMs: 20_000 });
    if (renewed) return true;
    if (await this.#connections.remove(this.#instance, this.#userId)) await publishConnectionChange(this.#api, new InstanceStore(this.#api), this.#connections, this.#userId, 'disconnect');
    await sendReconnectNoticeOnce(this.#api, this.#instance, this.#userId);
    return false;
  }
}
