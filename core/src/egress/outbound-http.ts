// The one way the server makes an outbound HTTP request: plugins' http.fetch (which also carries
// outgoing webhooks and slash-command callbacks), install_from_url, and the marketplace's catalogue
// and bundle downloads. For every hop of a request:
//   1. the scheme must be http or https, and http only where the caller's policy allows it;
//   2. the host is resolved and every address it resolves to must pass `addressAllowed` (one
//      refused address refuses the host, or DNS could mix a public answer with a private one);
//   3. the connection may only use the addresses checked (a pinned lookup), so DNS cannot swap them;
//   4. a redirect is followed only when the caller asks for it (downloads), at most a few times, and
//      the new location goes through 1-3 again; otherwise the caller gets the 3xx.
// Origins an administrator configured (the marketplace) skip 1's http rule and 2, and only they do.
import type { LookupAddress } from 'node:dns';
import { lookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { Readable } from 'node:stream';
import { AppError } from '../errors/app-error.ts';
import { addressAllowed, untrustedAllowList } from './egress-policy.ts';
import { parseIp } from './ip-address.ts';

export type EgressFailure =
  | 'scheme_not_allowed'
  | 'insecure_url'
  | 'private_address'
  | 'unresolvable_host'
  | 'too_many_redirects'
  | 'request_failed'
  | 'timeout'
  | 'response_too_large';

/** Refusals by policy are the caller's to fix (403); the far end failing is a bad gateway. */
const STATUS: Record<EgressFailure, number> = {
  scheme_not_allowed: 403,
  insecure_url: 403,
  private_address: 403,
  unresolvable_host: 502,
  too_many_redirects: 502,
  request_failed: 502,
  timeout: 504,
  response_too_large: 502,
};

/** A refused or failed outbound request: `reason` says what happened, the id is the caller's. */
export class EgressError extends AppError {
  readonly reason: EgressFailure;

  constructor(reason: EgressFailure, id: string, message: string) {
    super(id, STATUS[reason], message);
    this.reason = reason;
  }
}

export interface EgressPolicy {
  /** ServiceSettings.AllowedUntrustedInternalConnections: internal hosts, addresses and CIDRs that may be reached. */
  allowedInternal: string;
  /** Whether plain http:// may be used; otherwise only https. */
  allowHttp: boolean;
  /**
   * Origins (`http://market.lan:8066`) an administrator configured, reached on the scheme and
   * addresses the administrator chose without the checks. Only an exact origin is trusted: a redirect
   * or a link to another origin is checked like any URL.
   */
  trustedOrigins?: readonly string[];
}

export interface OutboundRequest {
  method?: string;
  headers?: Readonly<Record<string, string>>;
  body?: string;
  /** Deadline of the whole exchange: resolution, redirects and the body. */
  timeoutMs: number;
  maxResponseBytes: number;
  /** Redirects a GET or HEAD may follow; 0 (the default) hands the 3xx to the caller. */
  maxRedirects?: number;
  /** The error id of each failure, e.g. `(reason) => \`plugin.http.${reason}\``. */
  errorId: (reason: EgressFailure) => string;
}

export interface OutboundResponse {
  status: number;
  /** Lower-case names; a repeated header's values joined with `, `. */
  headers: Record<string, string>;
  /** The URL that answered, after redirects. */
  url: URL;
  /** Fails with an EgressError past maxResponseBytes or the deadline; destroy it when it is not read. */
  body: Readable;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

type Fail = (reason: EgressFailure, message: string) => EgressError;

/** Sends `request` to `target` under `policy`; resolves once the final response's headers are in. */
export async function outboundRequest(target: URL, request: OutboundRequest, policy: EgressPolicy): Promise<OutboundResponse> {
  const fail: Fail = (reason, message) => new EgressError(reason, request.errorId(reason), message);
  const method = (request.method ?? 'GET').toUpperCase();
  const maxRedirects = method === 'GET' || method === 'HEAD' ? (request.maxRedirects ?? 0) : 0;
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(fail('timeout', `The request to ${target.host} took longer than ${request.timeoutMs} ms.`)), request.timeoutMs);
  try {
    let url = target;
    for (let redirects = 0; ; redirects += 1) {
      // The caller's headers (credentials, say) go to the origin it named, never to one a redirect names.
      const headers = url.origin === target.origin ? request.headers : undefined;
      const body = redirects === 0 ? request.body : undefined;
      const res = await exchange(url, { method, headers, body }, policy, deadline.signal, fail);
      const location = res.headers.location;
      if (maxRedirects === 0 || !REDIRECT_STATUSES.has(res.statusCode ?? 0) || !location) {
        // A HEAD answer announces the length of a body it does not send.
        const maxBytes = method === 'HEAD' ? Infinity : request.maxResponseBytes;
        return toResponse(res, url, maxBytes, deadline.signal, () => clearTimeout(timer), fail);
      }
      res.destroy();
      if (redirects === maxRedirects) throw fail('too_many_redirects', `${target.host} redirected more than ${maxRedirects} times.`);
      const next = URL.parse(location, url);
      if (!next) throw fail('request_failed', `${url.host} redirected to an invalid URL.`);
      url = next;
    }
  } catch (err) {
    clearTimeout(timer);
    throw deadline.signal.aborted ? deadline.signal.reason : err;
  }
}

/** The whole body of a response (at most its maxResponseBytes). */
export async function readBody(response: OutboundResponse): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of response.body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

interface Hop {
  method: string;
  headers: Readonly<Record<string, string>> | undefined;
  body: string | undefined;
}

async function exchange(url: URL, hop: Hop, policy: EgressPolicy, signal: AbortSignal, fail: Fail): Promise<IncomingMessage> {
  const pinned = await checkedAddresses(url, policy, signal, fail);
  // Node asks for every address when it races IPv4 and IPv6; either way it only gets the checked ones.
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, pinned);
    else callback(null, pinned[0].address, pinned[0].family);
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request(url, { method: hop.method, headers: { ...hop.headers }, lookup, agent: false, signal }, resolve);
    req.on('error', (err) => reject(signal.aborted ? signal.reason : fail('request_failed', `The request to ${url.host} failed: ${err.message}.`)));
    req.end(hop.body);
  });
}

/** Steps 1 and 2 of the rule: the addresses `url` may be reached at. */
async function checkedAddresses(url: URL, policy: EgressPolicy, signal: AbortSignal, fail: Fail): Promise<LookupAddress[]> {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail('scheme_not_allowed', `Only http and https URLs may be fetched, not ${url.protocol}.`);
  const trusted = policy.trustedOrigins?.includes(url.origin) === true;
  if (url.protocol === 'http:' && !policy.allowHttp && !trusted) throw fail('insecure_url', `${url.origin} is plain http, and only https is allowed here.`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  const addresses = await resolve(host, signal, fail);
  if (trusted) return addresses;
  const allowList = untrustedAllowList(policy.allowedInternal);
  for (const { address } of addresses) {
    const bytes = parseIp(address);
    if (bytes && addressAllowed(host, bytes, allowList)) continue;
    const what = host === address ? `${host} is an internal address` : `${host} resolves to the internal address ${address}`;
    throw fail('private_address', `${what}; an administrator can allow it in ServiceSettings.AllowedUntrustedInternalConnections.`);
  }
  return addresses;
}

async function resolve(host: string, signal: AbortSignal, fail: Fail): Promise<LookupAddress[]> {
  const family = isIP(host);
  if (family !== 0) return [{ address: host, family }];
  let addresses: LookupAddress[];
  try {
    addresses = await abortable(lookup(host, { all: true, order: 'verbatim' }), signal);
  } catch {
    if (signal.aborted) throw signal.reason;
    throw fail('unresolvable_host', `The host ${host} could not be resolved.`);
  }
  if (addresses.length === 0) throw fail('unresolvable_host', `The host ${host} has no address.`);
  return addresses;
}

/** `work`, or the signal's reason as soon as it aborts (a DNS lookup cannot be cancelled). */
function abortable<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function toResponse(res: IncomingMessage, url: URL, maxBytes: number, signal: AbortSignal, done: () => void, fail: Fail): OutboundResponse {
  const tooLarge = () => fail('response_too_large', `The response from ${url.host} is larger than ${maxBytes} bytes.`);
  // Errors surface where the body is read; until then nobody listens.
  res.on('error', () => undefined);
  if (Number(res.headers['content-length'] ?? 0) > maxBytes) {
    res.destroy();
    done();
    throw tooLarge();
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const body = Readable.from(limited(res, url, maxBytes, signal, tooLarge, fail), { objectMode: false });
  body.once('close', () => {
    done();
    res.destroy();
  });
  return { status: res.statusCode ?? 0, headers, url, body };
}

async function* limited(res: IncomingMessage, url: URL, maxBytes: number, signal: AbortSignal, tooLarge: () => EgressError, fail: Fail): AsyncGenerator<Buffer> {
  let size = 0;
  try {
    for await (const chunk of res as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge();
      yield chunk;
    }
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    if (err instanceof EgressError) throw err;
    throw fail('request_failed', `The response from ${url.host} was interrupted: ${(err as Error).message}.`);
  }
}
