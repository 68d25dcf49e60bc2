// A Jira site the plugin talks to. Several can be installed at once (`/jira instance install`), each
// identified by its base URL, as Mattermost's plugin does, so `/jira connect <url>` and webhook URLs
// name them the same way. Jira Cloud sites connect users through OAuth 2.0 (3LO) and are called
// through Atlassian's API gateway; Jira Server / Data Center through OAuth 1.0a (RSA-SHA1, an
// application link) or a personal access token each user gives.
import { parseUrl } from '../url-parts.ts';

export type InstanceType = 'cloud-oauth' | 'server';

export interface InstanceCommon {
  /** The site's base URL, normalised (scheme and host lower-case, no trailing slash): its identity. */
  id: string;
  type: InstanceType;
  /** A short name admins and users may type instead of the URL; empty when none. */
  alias: string;
  /** A 26-character id, stable for the instance's life: the KV keys of its data use it, not the URL. */
  key: string;
  installed_at: number;
  installed_by: string;
  /** Receives the webhooks and subscriptions whose URL names no instance (Mattermost's "v2 legacy"). */
  is_v2_legacy: boolean;
}

export interface CloudOAuthInstance extends InstanceCommon {
  type: 'cloud-oauth';
  /** The OAuth 2.0 (3LO) app registered in Atlassian's developer console for this site. */
  client_id: string;
  /** Encrypted (api.crypto) with the plugin's token key. */
  client_secret: string;
  /** The site's cloud id (from `accessible-resources`), known after the first user connects. */
  cloud_id: string;
  /** Atlassian's authorization server and API gateway: `https://auth.atlassian.com`, `https://api.atlassian.com`. */
  auth_url: string;
  api_url: string;
}

export interface ServerInstance extends InstanceCommon {
  type: 'server';
  /** How users connect: OAuth 1.0a through an application link, or a personal access token each user gives. */
  auth: 'oauth1' | 'pat';
  /** OAuth 1.0a: the application link's consumer key; the RSA key (api.crypto, `rsa-2048`) signs requests. */
  consumer_key: string;
  rsa_key_name: string;
}

export type Instance = CloudOAuthInstance | ServerInstance;

/** The URL as the instance id: scheme and host lower-cased, default port, path without trailing slashes. */
export function normalizeInstanceUrl(raw: string): string {
  const text = raw.trim();
  const url = parseUrl(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  const defaultPort = url.port === '' || (url.protocol === 'http:' && url.port === '80') || (url.protocol === 'https:' && url.port === '443');
  return `${url.protocol}//${url.hostname}${defaultPort ? '' : `:${url.port}`}${url.pathname.replace(/\/+$/, '')}`;
}
