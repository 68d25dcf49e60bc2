// Jira Server / Data Center's OAuth 1.0a "three-legged" dance through an application link: a
// request token (signed with the consumer key alone), the user authorizing it in Jira, then the
// access token (signed with the request token and the verifier). Every request is signed RSA-SHA1
// with the instance's key (api.crypto.sign); the consumer secret and token secrets play no part
// in RSA-SHA1 (RFC 5849 §3.4.3).
import type { PluginAPI } from '@parley/plugin-api';
import type { ServerInstance } from '../instances/instance.ts';
import { instancePath } from '../instances/instance-path.ts';
import { formEncode, parseForm } from '../url-parts.ts';
import { JiraApiError, jiraApiError } from './jira-api-error.ts';
import { nonceAndTimestamp, oauth1Authorization, type OAuth1Parameters } from './oauth1.ts';

const SERVLET = '/plugins/servlet/oauth';

/** Where Jira sends the user back after authorizing, below /plugins/jira. */
export function oauth1CompletePath(instance: Pick<ServerInstance, 'id'>): string {
  return instancePath('/oauth1/complete.html', instance.id);
}

export interface OAuth1Token {
  token: string;
  token_secret: string;
}

/** The Authorization header of a request to the instance, signed with its key. */
export function signedAuthorization(api: PluginAPI, instance: ServerInstance, method: string, url: string, extra: Partial<OAuth1Parameters> = {}): Promise<string> {
  const parameters: OAuth1Parameters = { oauth_consumer_key: instance.consumer_key, oauth_signature_method: 'RSA-SHA1', ...nonceAndTimestamp(), ...extra };
  return oauth1Authorization(method, url, parameters, (base) => api.crypto.sign(instance.rsa_key_name, base, 'RSA-SHA1'));
}

/** A request token whose authorization returns the user to `callbackUrl`. */
export function requestToken(api: PluginAPI, instance: ServerInstance, callbackUrl: string): Promise<OAuth1Token> {
  return tokenCall(api, instance, 'request-token', { oauth_callback: callbackUrl }, 'start connecting your account');
}

/** The page in Jira where the user authorizes the request token. */
export function authorizeUrl(instance: ServerInstance, token: string): string {
  return `${instance.id}${SERVLET}/authorize?${formEncode({ oauth_token: token })}`;
}

/** The access token for an authorized request token. */
export function accessToken(api: PluginAPI, instance: ServerInstance, requestTokenValue: string, verifier: string): Promise<OAuth1Token> {
  return tokenCall(api, instance, 'access-token', { oauth_token: requestTokenValue, oauth_verifier: verifier }, 'finish connecting your account');
}

async function tokenCall(api: PluginAPI, instance: ServerInstance, endpoint: string, extra: Partial<OAuth1Parameters>, doing: string): Promise<OAuth1Token> {
  const url = `${instance.id}${SERVLET}/${endpoint}`;
  let response;
  try {
    response = await api.http.fetch(url, { method: 'POST', headers: { Authorization: await signedAuthorization(api, instance, 'POST', url, extra), 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
  } catch (err) {
    throw new JiraApiError(502, `Could not reach Jira to ${doing}: ${(err as Error).message}`);
  }
  if (response.status !== 200) throw jiraApiError(response.status, response.body, doing);
  const fields = Object.fromEntries(parseForm(response.body));
  if (!fields.oauth_token) throw new JiraApiError(502, `Jira answered without a token when asked to ${doing}.`);
  return { token: fields.oauth_token, token_secret: fields.oauth_token_secret ?? '' };
}
