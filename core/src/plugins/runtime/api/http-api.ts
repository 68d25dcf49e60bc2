// http.fetch: outbound HTTP performed by the core for a plugin, only to the hosts its manifest
// declares and under the server's egress rule (core/src/egress/outbound-http.ts: internal addresses
// refused unless an administrator allows them, the checked addresses pinned). Redirects are never
// followed: the plugin gets the 3xx and must fetch the new location itself, through the same checks.
import { AppError } from '../../../errors/app-error.ts';
import { hostDeclared } from '../../../egress/egress-policy.ts';
import { outboundRequest, readBody } from '../../../egress/outbound-http.ts';
import type { ApiDeps, ApiGroup } from './api-group.ts';
import { invalidArguments, isPlainObject } from './arguments.ts';

export interface FetchLimits {
  maxTimeoutMs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
}

export const DEFAULT_FETCH_LIMITS: FetchLimits = { maxTimeoutMs: 30_000, maxRequestBytes: 1024 * 1024, maxResponseBytes: 4 * 1024 * 1024 };

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,256}$/;
/** Headers the core sets itself. */
const CONTROLLED_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'te', 'trailer', 'proxy-authorization', 'proxy-connection']);

export function httpApi({ config }: ApiDeps, limits: FetchLimits = DEFAULT_FETCH_LIMITS): ApiGroup<'http'> {
  return {
    async fetch(call) {
      const method = call.args.method;
      const url = parseUrl(call.args.string(0, 'url', { min: 1, max: 8192 }), method);
      const request = call.args.object(1, 'request', { optional: true });
      const verb = typeof request.method === 'string' ? request.method.toUpperCase() : request.method === undefined ? 'GET' : '';
      if (!METHODS.has(verb)) throw invalidArguments(method, `request.method must be one of ${[...METHODS].join(', ')}`);
      const headers = requestHeaders(request.headers, method);
      const body = request.body === undefined ? undefined : request.body;
      if (body !== undefined && (typeof body !== 'string' || Buffer.byteLength(body) > limits.maxRequestBytes)) {
        throw invalidArguments(method, `request.body must be a string of at most ${limits.maxRequestBytes} bytes`);
      }
      const timeout = request.timeoutMs === undefined ? limits.maxTimeoutMs : request.timeoutMs;
      if (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1) throw invalidArguments(method, 'request.timeoutMs must be a positive integer');

      const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
      const port = url.port || (url.protocol === 'https:' ? '443' : '80');
      if (!hostDeclared(call.manifest.permissions.http_hosts, host, port)) {
        throw new AppError('plugin.http.host_not_allowed', 403, `Plugin ${call.manifest.id} may not reach ${host}:${port}: its manifest does not list it in permissions.http_hosts.`);
      }
      const response = await outboundRequest(
        url,
        { method: verb, headers, body, timeoutMs: Math.min(timeout, limits.maxTimeoutMs), maxResponseBytes: limits.maxResponseBytes, errorId: (reason) => `plugin.http.${reason}` },
        { allowedInternal: config.get().ServiceSettings.AllowedUntrustedInternalConnections, allowHttp: true },
      );
      return { status: response.status, headers: response.headers, body: (await readBody(response)).toString('utf8') };
    },
  };
}

function parseUrl(raw: string, method: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalidArguments(method, 'url must be an absolute URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('plugin.http.scheme_not_allowed', 403, `Only http and https URLs may be fetched, not ${url.protocol}.`);
  return url;
}

function requestHeaders(value: unknown, method: string): Record<string, string> {
  if (value === undefined) return {};
  if (!isPlainObject(value) || Object.keys(value).length > 100) throw invalidArguments(method, 'request.headers must be an object of at most 100 headers');
  const headers: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (!HEADER_NAME.test(name) || typeof v !== 'string' || /[\r\n\0]/.test(v) || v.length > 8192) throw invalidArguments(method, `request.headers.${name} is not a valid header`);
    if (!CONTROLLED_HEADERS.has(name.toLowerCase())) headers[name] = v;
  }
  return headers;
}
