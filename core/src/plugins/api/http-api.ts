// http.fetch: outbound HTTP performed by the core for a plugin, only to the hosts its manifest
// declares, never to internal addresses unless an administrator allows them. The addresses checked
// are the only ones connected to (the resolution is pinned), so DNS cannot swap them afterwards.
// Redirects are never followed: the plugin gets the 3xx and must fetch the new location itself,
// through the same checks.
import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import http from 'node:http';
import https from 'node:https';
import { AppError } from '../../app/app-error.ts';
import { hostDeclared, isReservedAddress, untrustedAllowList } from '../egress-policy.ts';
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

export function httpApi({ config }: ApiDeps, limits: FetchLimits = DEFAULT_FETCH_LIMITS): ApiGroup {
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
      const addresses = await checkedAddresses(host, config.get().ServiceSettings.AllowedUntrustedInternalConnections);
      return send(url, addresses, { method: verb, headers, body, timeoutMs: Math.min(timeout, limits.maxTimeoutMs), maxResponseBytes: limits.maxResponseBytes });
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

/** Resolves the host and returns its addresses once every one of them passed the checks. */
async function checkedAddresses(host: string, allowSetting: string): Promise<Array<{ address: string; family: number }>> {
  let addresses: Array<{ address: string; family: number }>;
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await lookup(host, { all: true, verbatim: true });
    } catch {
      throw new AppError('plugin.http.unresolvable_host', 502, `The host ${host} could not be resolved.`);
    }
  }
  const allowed = untrustedAllowList(allowSetting);
  // Every address must pass, or a host could mix a public and a private answer.
  for (const { address } of addresses) {
    if (isReservedAddress(address) && !allowed(host, address)) {
      throw new AppError(
        'plugin.http.private_address',
        403,
        `${host} resolves to the internal address ${address}; an administrator can allow it in ServiceSettings.AllowedUntrustedInternalConnections.`,
      );
    }
  }
  if (addresses.length === 0) throw new AppError('plugin.http.unresolvable_host', 502, `The host ${host} has no address.`);
  return addresses;
}

interface Outgoing {
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
  timeoutMs: number;
  maxResponseBytes: number;
}

function send(url: URL, pinned: Array<{ address: string; family: number }>, out: Outgoing): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  // The connection may only use the addresses checked above (Node tries each in turn when asked for all).
  const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, pinned);
    else callback(null, pinned[0].address, pinned[0].family);
  };
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const fail = (id: string, status: number, message: string) => {
      req.destroy();
      reject(new AppError(id, status, message));
    };
    const timer = setTimeout(() => fail('plugin.http.timeout', 504, `The request to ${url.host} took longer than ${out.timeoutMs} ms.`), out.timeoutMs);
    const req = transport.request(url, { method: out.method, headers: out.headers, lookup: pinnedLookup, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > out.maxResponseBytes) {
          clearTimeout(timer);
          fail('plugin.http.response_too_large', 502, `The response from ${url.host} is larger than ${out.maxResponseBytes} bytes.`);
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(timer);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', () => undefined);
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(new AppError('plugin.http.request_failed', 502, `The request to ${url.host} failed: ${err.message}.`));
    });
    req.end(out.body);
  });
}
