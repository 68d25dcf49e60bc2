// The JiraClient acting as one connected user on one instance: its REST root (the site itself on
// Server, Atlassian's gateway on Cloud) and the Authorization header of the user's credential.
import type { PluginAPI } from '@parley/plugin-api';
import type { Credential } from '../connect/connection.ts';
import type { Connections } from '../connect/connections.ts';
import type { Instance } from '../instances/instance.ts';
import { JiraClient, type Authorizer } from './jira-client.ts';

/** Where `/rest/api/2/...` is served for the instance. */
export function restRoot(instance: Instance): string {
  return instance.type === 'cloud-oauth' ? `${instance.api_url.replace(/\/+$/, '')}/ex/jira/${instance.cloud_id}` : instance.id;
}

/** The header a bearer credential (an OAuth 2.0 access token, a personal access token) sends. */
export function bearer(token: string): Authorizer {
  return () => Promise.resolve(`Bearer ${token}`);
}

function authorizerFor(credential: Credential): Authorizer {
  switch (credential.kind) {
    case 'oauth2':
      return bearer(credential.access_token);
    case 'pat':
      return bearer(credential.token);
    case 'oauth1':
      throw new Error('OAuth 1.0a signing is not wired yet');
  }
}

/** A client acting as `userId` on `instance`, or null when they are not connected to it. */
export async function userClient(api: PluginAPI, connections: Connections, instance: Instance, userId: string): Promise<JiraClient | null> {
  const credential = await connections.credential(instance, userId);
  return credential ? new JiraClient(api, restRoot(instance), authorizerFor(credential)) : null;
}
