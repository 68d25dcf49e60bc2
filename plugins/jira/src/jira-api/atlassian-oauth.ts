// Jira Cloud's OAuth 2.0 (3LO) through api.oauth: Atlassian's authorization server (`auth_url`,
// https://auth.atlassian.com unless an admin pointed the instance elsewhere), the scopes
// Mattermost's plugin asks for plus offline_access (so there is a refresh token), and the
// accessible-resources call that tells which cloud id the user's token opens.
import type { OAuthProvider, PluginAPI } from '@parley/plugin-api';
import { TOKEN_KEY } from '../connect/connections.ts';
import type { CloudOAuthInstance } from '../instances/instance.ts';
import { instancePath } from '../instances/instance-path.ts';
import { JiraApiError, jiraApiError } from './jira-api-error.ts';

export const ATLASSIAN_AUTH_URL = 'https://auth.atlassian.com';
export const ATLASSIAN_API_URL = 'https://api.atlassian.com';
export const JIRA_CLOUD_SCOPES = ['read:jira-user', 'read:jira-work', 'write:jira-work', 'read:board-scope:jira-software', 'read:project:jira', 'read:sprint:jira-software', 'offline_access'];

/** Where Atlassian sends the user back, below /plugins/jira (the callback URL registered in Atlassian's console). */
export function oauth2CompletePath(instance: Pick<CloudOAuthInstance, 'id'>): string {
  return instancePath('/oauth2/complete.html', instance.id);
}

/** The client secret as stored: encrypted with the plugin's token key, bound to the instance. */
export function sealClientSecret(api: PluginAPI, instanceId: string, secret: string): Promise<string> {
  return api.crypto.encrypt(TOKEN_KEY, secret, { associatedData: `client_secret:${instanceId}` });
}

export async function cloudOAuthProvider(api: PluginAPI, instance: CloudOAuthInstance): Promise<OAuthProvider> {
  const auth = instance.auth_url.replace(/\/+$/, '');
  return {
    authorize_url: `${auth}/authorize`,
    token_url: `${auth}/oauth/token`,
    client_id: instance.client_id,
    client_secret: await api.crypto.decrypt(TOKEN_KEY, instance.client_secret, { associatedData: `client_secret:${instance.id}` }),
    scopes: JIRA_CLOUD_SCOPES,
  };
}

/** The authorize URL's extra parameters Atlassian wants (its API as the audience, a consent prompt). */
export const ATLASSIAN_AUTHORIZE_PARAMS = { audience: 'api.atlassian.com', prompt: 'consent' };

export interface AccessibleResource {
  id: string;
  url: string;
  name: string;
}

/** The Jira sites the access token opens (`/oauth/token/accessible-resources`). */
export async function accessibleResources(api: PluginAPI, instance: CloudOAuthInstance, accessToken: string): Promise<AccessibleResource[]> {
  const doing = 'list the sites your Atlassian account opens';
  let response;
  try {
    response = await api.http.fetch(`${instance.api_url.replace(/\/+$/, '')}/oauth/token/accessible-resources`, { headers: { Accept: 'application/json', Authorization: `Bearer ${accessToken}` } });
  } catch (err) {
    throw new JiraApiError(502, `Could not reach Atlassian to ${doing}: ${(err as Error).message}`);
  }
  if (response.status !== 200) throw jiraApiError(response.status, response.body, doing);
  try {
    const parsed = JSON.parse(response.body) as unknown;
    if (!Array.isArray(parsed)) throw new Error('not a list');
    return parsed.filter((item): item is AccessibleResource => typeof item?.id === 'string' && typeof item?.url === 'string').map((item) => ({ id: item.id, url: item.url, name: String(item.name ?? '') }));
  } catch {
    throw new JiraApiError(502, `Atlassian answered something other than a list of sites when asked to ${doing}.`);
  }
}
