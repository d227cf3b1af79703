import { BlockList, isIP } from 'node:net';

/** One range from a source's `allowPrivateNetwork` list, checked once when sources.yaml is read. */
export interface CidrRange {
  /** As written in sources.yaml (a bare address is read as /32 or /128 and written so). */
  text: string;
  network: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/**
 * `false`: public addresses only. `true`: also private and loopback ranges, but never
 * link-local / cloud metadata. A list: public addresses plus exactly the listed ranges.
 */
export type PrivateNetworkAllowance = boolean | readonly CidrRange[];

/** "10.0.0.0/8", "fd00::/8" or a bare address; the reason why not otherwise. */
export function parseCidr(raw: string): CidrRange | { error: string } {
  const text = raw.trim();
  const slash = text.indexOf('/');
  const network = slash === -1 ? text : text.slice(0, slash);
  const family = network.includes('%') ? 0 : isIP(network);
  if (family === 0) {
    return { error: `not a CIDR: "${raw}" (use an IPv4 or IPv6 range such as 10.0.0.0/8 or "fd00::/8")` };
  }
  const maxPrefix = family === 4 ? 32 : 128;
  const prefixText = slash === -1 ? String(maxPrefix) : text.slice(slash + 1);
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix <= maxPrefix)) {
    return { error: `not a CIDR: "${raw}" (the prefix length after "/" must be 0-${maxPrefix} for IPv${family})` };
  }
  const range: CidrRange = { text: `${network}/${prefix}`, network, prefix, family: family === 4 ? 'ipv4' : 'ipv6' };
  return acceptedByBlockList(range) ? range : { error: `not a CIDR: "${raw}"` };
}

/** The fetcher compiles the list into a node:net BlockList; anything it would throw on is refused here, at load. */
function acceptedByBlockList(range: CidrRange): boolean {
  try {
    new BlockList().addSubnet(range.network, range.prefix, range.family);
    return true;
  } catch {
    return false;
  }
}
