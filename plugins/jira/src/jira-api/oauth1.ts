// OAuth 1.0a request signing (RFC 5849) with RSA-SHA1, as Jira Server / Data Center's application
// links want it: the signature base string of the method, the base URL and every parameter (query,
// form body and oauth_*), signed with the RSA key whose public half Jira has (api.crypto.sign, so
// the private key never enters the plugin), sent as an `Authorization: OAuth ...` header.
// Pure functions besides the signer passed in, so they are tested against RFC 5849's examples.
import { parseForm, parseUrl } from '../url-parts.ts';

/** The oauth_* parameters of one request, before signing. */
export interface OAuth1Parameters {
  oauth_consumer_key: string;
  oauth_nonce: string;
  oauth_signature_method: 'RSA-SHA1';
  oauth_timestamp: string;
  oauth_version?: '1.0';
  /** The request or access token, once there is one. */
  oauth_token?: string;
  /** The redirect URI, when asking for a request token. */
  oauth_callback?: string;
  /** The verifier Jira gave back with the authorized request token, when asking for an access token. */
  oauth_verifier?: string;
}

/** Signs a signature base string; answers the base64 signature. */
export type OAuth1Signer = (baseString: string) => Promise<string>;

/** RFC 5849 §3.6: every byte percent-encoded except the unreserved characters `A-Z a-z 0-9 - . _ ~`. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** RFC 5849 §3.4.1.2: scheme and host lower-case, the default port left out, no query or fragment. */
export function baseStringUri(url: string): string {
  const parsed = parseUrl(url);
  const defaultPort = (parsed.protocol === 'http:' && parsed.port === '80') || (parsed.protocol === 'https:' && parsed.port === '443');
  const host = parsed.port === '' || defaultPort ? parsed.hostname : `${parsed.hostname}:${parsed.port}`;
  return `${parsed.protocol}//${host}${parsed.pathname}`;
}

/**
 * RFC 5849 §3.4.1.3.2: the parameters (name, value pairs, repeats kept) encoded, sorted by name
 * then value, joined as `name=value` with `&`.
 */
export function normalizeParameters(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([nameA, valueA], [nameB, valueB]) => (nameA < nameB ? -1 : nameA > nameB ? 1 : valueA < valueB ? -1 : valueA > valueB ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/**
 * RFC 5849 §3.4.1: `METHOD&base-URI&parameters`, each part percent-encoded. The parameters are the
 * URL's query, a form-encoded body's fields (`formBody`, only for `application/x-www-form-urlencoded`)
 * and the oauth_* parameters except the signature and the realm.
 */
export function signatureBaseString(method: string, url: string, oauth: Record<string, string>, formBody = ''): string {
  const pairs: Array<[string, string]> = [];
  pairs.push(...parseForm(parseUrl(url).search), ...parseForm(formBody));
  for (const [name, value] of Object.entries(oauth)) if (name !== 'oauth_signature' && name !== 'realm') pairs.push([name, value]);
  return [method.toUpperCase(), percentEncode(baseStringUri(url)), percentEncode(normalizeParameters(pairs))].join('&');
}

/** The `Authorization` header of a request signed with `parameters` (RFC 5849 §3.5.1). */
export async function oauth1Authorization(method: string, url: string, parameters: OAuth1Parameters, sign: OAuth1Signer, formBody = ''): Promise<string> {
  const oauth: Record<string, string> = { oauth_version: '1.0', ...definedOnly(parameters) };
  const signature = await sign(signatureBaseString(method, url, oauth, formBody));
  const fields = Object.entries({ ...oauth, oauth_signature: signature }).map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`);
  return `OAuth ${fields.join(', ')}`;
}

/** A fresh nonce and timestamp for one request (a nonce is never reused: crypto.randomUUID). */
export function nonceAndTimestamp(now = Date.now()): Pick<OAuth1Parameters, 'oauth_nonce' | 'oauth_timestamp'> {
  return { oauth_nonce: crypto.randomUUID().replace(/-/g, ''), oauth_timestamp: String(Math.floor(now / 1000)) };
}

function definedOnly(parameters: OAuth1Parameters): Record<string, string> {
  return Object.fromEntries(Object.entries(parameters).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}
