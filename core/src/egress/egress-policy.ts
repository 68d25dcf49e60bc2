// Where outbound HTTP may go. A plugin reaches only the hosts its manifest declares (`example.com`,
// `example.com:8443`, `*.example.com`, or `*` for integrations that call URLs their users configure);
// and no outbound call reaches a private, loopback, link-local or otherwise internal address unless
// ServiceSettings.AllowedUntrustedInternalConnections lists the host, the address or a CIDR holding it
// (Mattermost's whitespace-separated setting).
import { isIP } from 'node:net';
import { carriedIpv4, isInternalIp } from './internal-addresses.ts';
import { inPrefix, parseIp, parsePrefix, type IpBytes, type IpPrefix } from './ip-address.ts';

/** True when `host:port` matches one of the manifest's `http_hosts` (an entry without a port allows any port; `*` any host). */
export function hostDeclared(declared: readonly string[] | undefined, host: string, port: string): boolean {
  const name = host.toLowerCase();
  for (const raw of declared ?? []) {
    if (raw.trim() === '*') return true;
    const entry = parseHostEntry(raw.toLowerCase().trim());
    if (entry.port !== undefined && entry.port !== port) continue;
    const { pattern } = entry;
    if (pattern.startsWith('*.') ? name.endsWith(pattern.slice(1)) && name.length > pattern.length - 1 : name === pattern) return true;
  }
  return false;
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`, or a bare IPv6 address (which cannot carry a port). */
function parseHostEntry(entry: string): { pattern: string; port?: string } {
  if (isIP(entry)) return { pattern: entry };
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return { pattern: bracketed[1], port: bracketed[2] };
  const withPort = /^(.*):(\d+)$/.exec(entry);
  return withPort ? { pattern: withPort[1], port: withPort[2] } : { pattern: entry };
}

/**
 * The one decision on a resolved address: may a request for `host` connect to `address`? Public
 * addresses may; an internal one only when AllowedUntrustedInternalConnections (parsed by
 * `untrustedAllowList`) names the host or holds the address, in any of its spellings.
 */
export function addressAllowed(host: string, address: IpBytes, allowList: (host: string, address: IpBytes) => boolean): boolean {
  return !isInternalIp(address) || allowList(host, address);
}

/** Parses AllowedUntrustedInternalConnections into a matcher of (host, address). */
export function untrustedAllowList(setting: string): (host: string, address: IpBytes) => boolean {
  const hosts = new Set<string>();
  const blocks: IpPrefix[] = [];
  for (const entry of setting.split(/\s+/).filter(Boolean).map((e) => e.toLowerCase())) {
    const single = parseIp(entry);
    const block = single ? { base: single, bits: 128 } : parsePrefix(entry);
    if (block) blocks.push(block);
    else hosts.add(entry);
  }
  return (host, address) => {
    if (hosts.has(host.toLowerCase())) return true;
    // Allowing 127.0.0.1 allows it however it is written (`::ffff:7f00:1`, `64:ff9b::7f00:1`).
    const v4 = carriedIpv4(address);
    return blocks.some((block) => inPrefix(address, block) || (v4 !== undefined && inPrefix(v4, block)));
  };
}
