// IP addresses as their 16 bytes, IPv4 held in its IPv4-mapped form (::ffff:a.b.c.d): every spelling
// of an address (`::ffff:127.0.0.1`, `::ffff:7f00:1`, `0:0:0:0:0:ffff:7f00:1`) becomes the same bytes,
// so the egress rules compare bytes and never text.

/** 16 bytes; IPv4 addresses are IPv4-mapped (`::ffff:a.b.c.d`). */
export type IpBytes = Uint8Array;

/** An address block: the first `bits` bits of `base`. */
export interface IpPrefix {
  base: IpBytes;
  bits: number;
}

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;
const MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/**
 * The bytes of an IPv4 or IPv6 address (brackets and an IPv6 zone such as `%eth0` ignored), or
 * undefined when `text` is not one. IPv4 must be four decimal octets without leading zeros, which
 * some resolvers read as octal: such text is not an address here, so it is resolved and the answer checked.
 */
export function parseIp(text: string): IpBytes | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1').replace(/%[^%]*$/, '');
  const v4 = parseIpv4(bare);
  return v4 ? mappedIpv4(v4) : parseIpv6(bare);
}

/** `a.b.c.d` or `v6` followed by `/bits` (an IPv4 block counts its bits among the last 32). */
export function parsePrefix(text: string): IpPrefix | undefined {
  const match = /^(.+)\/(\d{1,3})$/.exec(text);
  if (!match) return undefined;
  const base = parseIp(match[1]);
  const bits = Number(match[2]) + (parseIpv4(match[1]) ? 96 : 0);
  return base && bits <= 128 ? { base, bits } : undefined;
}

/** A prefix from its text form, for tables written in code (throws on a typo). */
export function prefix(text: string): IpPrefix {
  const parsed = parsePrefix(text);
  if (!parsed) throw new Error(`not an address block: ${text}`);
  return parsed;
}

export function inPrefix(address: IpBytes, { base, bits }: IpPrefix): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
    if ((address[bit / 8] & mask) !== (base[bit / 8] & mask)) return false;
  }
  return true;
}

export function mappedIpv4(octets: ArrayLike<number>): IpBytes {
  return Uint8Array.from([...MAPPED_PREFIX, ...Array.from(octets)]);
}

function parseIpv4(text: string): number[] | undefined {
  const match = DOTTED_QUAD.exec(text);
  if (!match) return undefined;
  const parts = match.slice(1);
  if (parts.some((part) => part.length > 1 && part.startsWith('0'))) return undefined;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

function parseIpv6(text: string): IpBytes | undefined {
  if (!text.includes(':')) return undefined;
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  let words: number[] | undefined;
  if (halves.length === 1) {
    words = toWords(groups(halves[0]), true);
    if (words?.length !== 8) return undefined;
  } else {
    const head = toWords(groups(halves[0]), false);
    const tail = toWords(groups(halves[1]), true);
    // `::` stands for at least one group of zeros.
    if (!head || !tail || head.length + tail.length > 7) return undefined;
    words = [...head, ...Array<number>(8 - head.length - tail.length).fill(0), ...tail];
  }
  return Uint8Array.from(words.flatMap((word) => [word >> 8, word & 0xff]));
}

/** 16-bit words of IPv6 groups; the address's last group may be a dotted IPv4 address (two words). */
function toWords(groups: string[], endsAddress: boolean): number[] | undefined {
  const words: number[] = [];
  for (const [index, group] of groups.entries()) {
    const v4 = endsAddress && index === groups.length - 1 ? parseIpv4(group) : undefined;
    if (v4) words.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    else if (HEX_GROUP.test(group)) words.push(parseInt(group, 16));
    else return undefined;
  }
  return words;
}
