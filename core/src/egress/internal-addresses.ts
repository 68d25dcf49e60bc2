// Which addresses the server does not reach on anyone's behalf by default: every address that is not
// globally reachable (IANA's special-purpose registries), whatever its spelling. An IPv6 address that
// carries an IPv4 address (mapped, translated, NAT64, 6to4) is judged by the IPv4 address it reaches.
import { inPrefix, mappedIpv4, parseIp, prefix, type IpBytes, type IpPrefix } from './ip-address.ts';

const INTERNAL_IPV4: readonly IpPrefix[] = [
  '0.0.0.0/8', // "this network", including the unspecified 0.0.0.0
  '10.0.0.0/8', // private
  '100.64.0.0/10', // shared address space (carrier-grade NAT)
  '127.0.0.0/8', // loopback
  '169.254.0.0/16', // link-local, where cloud metadata services answer
  '172.16.0.0/12', // private
  '192.0.0.0/24', // IETF protocol assignments
  '192.0.2.0/24', // documentation
  '192.88.99.0/24', // former 6to4 relay anycast
  '192.168.0.0/16', // private
  '198.18.0.0/15', // benchmarking
  '198.51.100.0/24', // documentation
  '203.0.113.0/24', // documentation
  '224.0.0.0/4', // multicast
  '240.0.0.0/4', // reserved, and the broadcast address
].map(prefix);

/** IPv6 blocks that stand for an IPv4 address, and where in the 16 bytes that address sits. */
const IPV4_CARRIERS: ReadonlyArray<{ block: IpPrefix; at: number }> = [
  { block: prefix('::ffff:0:0/96'), at: 12 }, // IPv4-mapped (also how IPv4 is held here)
  { block: prefix('::ffff:0:0:0/96'), at: 12 }, // IPv4-translated (SIIT)
  { block: prefix('64:ff9b::/96'), at: 12 }, // NAT64 well-known prefix: DNS64 answers for public IPv4 sites
  { block: prefix('2002::/16'), at: 2 }, // 6to4: the IPv4 address of the tunnel's end
];

/** Only global unicast is reachable; everything outside it is refused (the comments name what that covers). */
const GLOBAL_UNICAST = prefix('2000::/3');
// Outside 2000::/3, hence refused: ::/128 unspecified, ::1 loopback, ::/96 deprecated IPv4-compatible
// (`::7f00:1`), 64:ff9b:1::/48 local-use NAT64, 100::/64 discard-only, 5f00::/16 SRv6, fc00::/7 unique
// local, fe80::/10 link-local, fec0::/10 site-local, ff00::/8 multicast.

/** Not globally reachable although inside 2000::/3. */
const INTERNAL_GLOBAL_IPV6: readonly IpPrefix[] = [
  '2001::/23', // IETF protocol assignments: Teredo 2001::/32 (its IPv4 end is hidden), benchmarking, ORCHID
  '2001:db8::/32', // documentation
  '3fff::/20', // documentation
].map(prefix);

/** True when `address` (an IP address as text) is not a public destination, or is not an address at all. */
export function isInternalAddress(address: string): boolean {
  const bytes = parseIp(address);
  return bytes === undefined || isInternalIp(bytes);
}

export function isInternalIp(bytes: IpBytes): boolean {
  const v4 = carriedIpv4(bytes);
  if (v4) return INTERNAL_IPV4.some((block) => inPrefix(v4, block));
  if (!inPrefix(bytes, GLOBAL_UNICAST)) return true;
  return INTERNAL_GLOBAL_IPV6.some((block) => inPrefix(bytes, block));
}

/** The IPv4 address (mapped form) an address reaches, when it carries one. */
export function carriedIpv4(bytes: IpBytes): IpBytes | undefined {
  const carrier = IPV4_CARRIERS.find(({ block }) => inPrefix(bytes, block));
  return carrier && mappedIpv4(bytes.subarray(carrier.at, carrier.at + 4));
}
