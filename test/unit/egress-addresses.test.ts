// Every spelling of an internal address the egress rule must refuse, and public ones it must let through.
import { expect } from 'chai';
import { isIP } from 'node:net';
import { untrustedAllowList } from '../../core/src/egress/egress-policy.ts';
import { isInternalAddress } from '../../core/src/egress/internal-addresses.ts';
import { parseIp } from '../../core/src/egress/ip-address.ts';

const INTERNAL: Array<[string, string]> = [
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'this network'],
  ['10.0.0.1', 'private'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['100.127.255.255', 'carrier-grade NAT, last'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback, end of 127/8'],
  ['169.254.169.254', 'link-local: cloud metadata'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private, last of 172.16/12'],
  ['192.0.0.8', 'IETF protocol assignments'],
  ['192.0.2.1', 'documentation TEST-NET-1'],
  ['192.88.99.1', 'former 6to4 relay anycast'],
  ['192.168.1.1', 'private'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking, last'],
  ['198.51.100.7', 'documentation TEST-NET-2'],
  ['203.0.113.9', 'documentation TEST-NET-3'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast SSDP'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['::', 'IPv6 unspecified'],
  ['::1', 'IPv6 loopback'],
  ['0:0:0:0:0:0:0:1', 'IPv6 loopback, written out'],
  ['::7f00:1', 'IPv4-compatible loopback'],
  ['::127.0.0.1', 'IPv4-compatible loopback, dotted'],
  ['::8.8.8.8', 'IPv4-compatible (deprecated) even when public'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
  ['::FFFF:7F00:1', 'IPv4-mapped loopback, upper case'],
  ['0:0:0:0:0:ffff:7f00:1', 'IPv4-mapped loopback, written out'],
  ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata address'],
  ['::ffff:10.0.0.1', 'IPv4-mapped private'],
  ['::ffff:0:7f00:1', 'IPv4-translated loopback'],
  ['::ffff:0:127.0.0.1', 'IPv4-translated loopback, dotted'],
  ['::ffff:0:a9fe:a9fe', 'IPv4-translated metadata address'],
  ['64:ff9b::7f00:1', 'NAT64 of loopback'],
  ['64:ff9b::10.0.0.1', 'NAT64 of a private address'],
  ['64:ff9b::a9fe:a9fe', 'NAT64 of the metadata address'],
  ['64:ff9b:1::808:808', 'local-use NAT64'],
  ['2002:7f00:1::', '6to4 of loopback'],
  ['2002:a9fe:a9fe::1', '6to4 of the metadata address'],
  ['2002:c0a8:101::1', '6to4 of a private address'],
  ['2001::1', 'Teredo'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo client'],
  ['2001:2::1', 'benchmarking'],
  ['2001:10::1', 'ORCHID'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation (RFC 9637)'],
  ['100::1', 'discard-only'],
  ['5f00::1', 'SRv6 SIDs'],
  ['fc00::1', 'unique local'],
  ['fd12:3456:789a::1', 'unique local'],
  ['fe80::1', 'link-local'],
  ['fe80::1%eth0', 'link-local with a zone'],
  ['febf::1', 'link-local, last'],
  ['fec0::1', 'site-local (deprecated)'],
  ['ff02::1', 'multicast'],
  ['ff05::1:3', 'multicast'],
  ['4000::1', 'not global unicast (unassigned)'],
  ['example.com', 'not an address'],
  ['', 'empty'],
  ['127.1', 'short IPv4 form (not an address here)'],
  ['0127.0.0.1', 'octal-looking IPv4'],
  ['256.0.0.1', 'octet out of range'],
  ['1::2::3', 'two ::'],
  ['1:2:3:4:5:6:7:8:9', 'nine groups'],
];

const PUBLIC: Array<[string, string]> = [
  ['8.8.8.8', 'public IPv4'],
  ['1.1.1.1', 'public IPv4'],
  ['93.184.215.14', 'public IPv4'],
  ['100.128.0.1', 'just past carrier-grade NAT'],
  ['172.32.0.1', 'just past 172.16/12'],
  ['169.255.0.1', 'just past link-local'],
  ['192.0.1.1', 'between IETF and documentation blocks'],
  ['223.255.255.255', 'just below multicast'],
  ['2606:4700::1111', 'public IPv6'],
  ['2001:4860:4860::8888', 'public IPv6 in 2001::/16 but past 2001::/23'],
  ['2a00:1450:4001:80b::200e', 'public IPv6'],
  ['[2606:4700::1111]', 'public IPv6 in brackets'],
  ['::ffff:8.8.8.8', 'IPv4-mapped public'],
  ['::ffff:808:808', 'IPv4-mapped public, hex'],
  ['::ffff:0:808:808', 'IPv4-translated public'],
  ['64:ff9b::8.8.8.8', 'NAT64 of a public address (DNS64 answers)'],
  ['64:ff9b::808:808', 'NAT64 of a public address, hex'],
  ['2002:808:808::1', '6to4 of a public address'],
];

describe('egress address classifier', () => {
  for (const [address, why] of INTERNAL) {
    it(`refuses ${address || '(empty)'}: ${why}`, async () => {
      expect(isInternalAddress(address)).to.equal(true);
    });
  }
  for (const [address, why] of PUBLIC) {
    it(`allows ${address}: ${why}`, async () => {
      expect(isInternalAddress(address)).to.equal(false);
    });
  }

  it('reads every spelling of one address as the same 16 bytes', async () => {
    const spellings = ['127.0.0.1', '::ffff:127.0.0.1', '::ffff:7f00:1', '0:0:0:0:0:ffff:7f00:1', '0000:0000:0000:0000:0000:FFFF:7F00:0001', '[::ffff:7f00:1]'];
    const bytes = spellings.map((s) => Buffer.from(parseIp(s)!).toString('hex'));
    expect(new Set(bytes)).to.deep.equal(new Set(['00000000000000000000ffff7f000001']));
  });

  it("agrees with node:net on what is an address, except IPv4 with leading zeros", async () => {
    const texts = ['1.2.3.4', '::', '::1', '1::', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7::', '::2:3:4:5:6:7:8', '::ffff:1.2.3.4', '1:2:3:4:5:6:1.2.3.4', '1:2:3:4:5:6:7:1.2.3.4', ':1', '1:', ':::', '1.2.3', '1.2.3.4.5', '::1.2.3', '12345::', 'g::1', '1.2.3.4::'];
    for (const text of texts) expect(parseIp(text) !== undefined, text).to.equal(isIP(text) !== 0);
  });
});

describe('AllowedUntrustedInternalConnections', () => {
  const allows = (setting: string, host: string, address: string) => untrustedAllowList(setting)(host, parseIp(address)!);

  it('allows an address however it is written once its IPv4 form is listed', async () => {
    for (const spelling of ['127.0.0.1', '::ffff:7f00:1', '::ffff:0:7f00:1', '64:ff9b::7f00:1', '2002:7f00:1::']) {
      expect(allows('127.0.0.1', 'x', spelling), spelling).to.equal(true);
    }
    expect(allows('127.0.0.1', 'x', '127.0.0.2')).to.equal(false);
    expect(allows('127.0.0.1', 'x', '::1')).to.equal(false);
  });

  it('matches CIDRs of both families, host names without regard to case, and ignores extra spaces', async () => {
    const setting = '  10.0.0.0/8\tfd00::/8   Hooks.Internal ::1 ';
    expect(allows(setting, 'a', '10.200.3.4')).to.equal(true);
    expect(allows(setting, 'a', '::ffff:10.200.3.4')).to.equal(true);
    expect(allows(setting, 'a', '11.0.0.1')).to.equal(false);
    expect(allows(setting, 'a', 'fd12::1')).to.equal(true);
    expect(allows(setting, 'a', 'fc00::1')).to.equal(false);
    expect(allows(setting, 'a', '::1')).to.equal(true);
    expect(allows(setting, 'hooks.internal', '192.168.9.9')).to.equal(true);
    expect(allows('', 'hooks.internal', '192.168.9.9')).to.equal(false);
  });
});
