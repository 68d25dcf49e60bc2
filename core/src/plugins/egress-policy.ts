// Where a plugin's outbound HTTP may go: hosts its manifest declares (`example.com`,
// `example.com:8443`, `*.example.com`, or `*` for integrations that call URLs their users configure),
// and never to private, loopback, link-local or unique-local
// addresses unless ServiceSettings.AllowedUntrustedInternalConnections lists the host, the address
// or a CIDR holding it (Mattermost's whitespace-separated setting).
import { BlockList, isIP } from 'node:net';

const RESERVED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) RESERVED.addSubnet(net, prefix, 'ipv4');
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fe80::', 10],
  ['fc00::', 7],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const) RESERVED.addSubnet(net, prefix, 'ipv6');

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

/** True for addresses a server must not reach on a plugin's behalf by default. */
export function isReservedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return RESERVED.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return RESERVED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** Parses AllowedUntrustedInternalConnections into a matcher of (host, address). */
export function untrustedAllowList(setting: string): (host: string, address: string) => boolean {
  const entries = setting.split(/\s+/).filter(Boolean).map((e) => e.toLowerCase());
  const hosts = new Set<string>();
  const nets = new BlockList();
  for (const entry of entries) {
    const cidr = /^(.+)\/(\d{1,3})$/.exec(entry);
    if (cidr && isIP(cidr[1])) nets.addSubnet(cidr[1], Number(cidr[2]), isIP(cidr[1]) === 4 ? 'ipv4' : 'ipv6');
    else if (isIP(entry)) nets.addAddress(entry, isIP(entry) === 4 ? 'ipv4' : 'ipv6');
    else hosts.add(entry);
  }
  return (host, address) => {
    if (hosts.has(host.toLowerCase())) return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    const plain = mapped ? mapped[1] : address;
    const family = isIP(plain);
    return family !== 0 && nets.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  };
}
