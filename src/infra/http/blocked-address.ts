import { BlockList, isIP } from 'node:net';

/** IPv4 ranges that are not the public internet (RFC 6890 special-purpose registry, trimmed). */
const PRIVATE_IPV4: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8], // "this network"; 0.0.0.0 reaches the local host on Linux
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // CGNAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. cloud metadata 169.254.169.254
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, incl. broadcast 255.255.255.255
];

const PRIVATE_IPV6: ReadonlyArray<readonly [string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['::', 96], // deprecated IPv4-compatible addresses
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard-only
  ['2001:db8::', 32],
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // deprecated site-local
  ['ff00::', 8], // multicast
];

/** The v4 address as the two hex groups an IPv6 address embeds it as. */
function ipv4AsHexGroups(ipv4: string): string {
  const [a, b, c, d] = ipv4.split('.').map(Number);
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

/**
 * Link-local and cloud metadata endpoints: refused even where a source allows the
 * private network with `true`; only a CIDR listed for the source opens them.
 */
const LINK_LOCAL_IPV4: ReadonlyArray<readonly [string, number]> = [
  ['169.254.0.0', 16], // link-local; AWS, GCP, Azure, Oracle metadata at 169.254.169.254
  ['100.100.100.200', 32], // Alibaba Cloud metadata (inside CGNAT, which `true` otherwise opens)
];

const LINK_LOCAL_IPV6: ReadonlyArray<readonly [string, number]> = [
  ['fe80::', 10], // link-local
  ['fd00:ec2::254', 128], // AWS metadata over IPv6
];

/**
 * Node's BlockList already applies IPv4 rules to IPv4-mapped IPv6 (::ffff:a.b.c.d).
 * NAT64 (64:ff9b::/96) and 6to4 (2002::/16) embed an IPv4 address too, so each
 * IPv4 range is mirrored into both prefixes.
 */
function buildBlockList(
  ipv4: ReadonlyArray<readonly [string, number]>,
  ipv6: ReadonlyArray<readonly [string, number]>,
): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of ipv4) {
    list.addSubnet(net, prefix, 'ipv4');
    list.addSubnet(`64:ff9b::${ipv4AsHexGroups(net)}`, 96 + prefix, 'ipv6');
    list.addSubnet(`2002:${ipv4AsHexGroups(net)}::`, 16 + prefix, 'ipv6');
  }
  for (const [net, prefix] of ipv6) {
    list.addSubnet(net, prefix, 'ipv6');
  }
  return list;
}

const PRIVATE_ADDRESSES = buildBlockList(PRIVATE_IPV4, PRIVATE_IPV6);
const LINK_LOCAL_ADDRESSES = buildBlockList(LINK_LOCAL_IPV4, LINK_LOCAL_IPV6);

/** Strips URL brackets ("[::1]") and a zone id ("fe80::1%eth0"), which BlockList rejects. */
export function bareAddress(address: string): string {
  const unbracketed = address.replace(/^\[(.*)\]$/, '$1');
  const zone = unbracketed.indexOf('%');
  return zone === -1 ? unbracketed : unbracketed.slice(0, zone);
}

function inList(list: BlockList, address: string): boolean {
  const bare = bareAddress(address);
  const family = isIP(bare);
  if (family === 0) return true;
  return list.check(bare, family === 4 ? 'ipv4' : 'ipv6');
}

/** True for any address the hub must not reach unless a source allows the private network. Non-IPs count as private. */
export function isPrivateAddress(address: string): boolean {
  return inList(PRIVATE_ADDRESSES, address);
}

/** True for link-local and cloud metadata addresses (every notation of them), which `allowPrivateNetwork: true` keeps refused. Non-IPs count too. */
export function isLinkLocalAddress(address: string): boolean {
  return inList(LINK_LOCAL_ADDRESSES, address);
}
