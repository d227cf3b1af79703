import { BlockList, isIP } from 'node:net';
import type { CidrRange, PrivateNetworkAllowance } from '../../config/source-config.js';
import { bareAddress, isLinkLocalAddress, isPrivateAddress } from './blocked-address.js';

/** Why an address was refused: which rule, so the message can say which setting would open it. */
export type AddressRefusal =
  | { reason: 'not-an-address' }
  | { reason: 'non-public' }
  | { reason: 'link-local' }
  | { reason: 'not-listed'; listed: readonly string[] };

export type AddressDecision = { allowed: true } | ({ allowed: false } & AddressRefusal);

/** Decides one address for a source; built once per fetch, applied to every resolved address of every hop. */
export type AddressPolicy = (address: string) => AddressDecision;

const ALLOWED: AddressDecision = { allowed: true };

const compiled = new WeakMap<readonly CidrRange[], BlockList>();

/** The listed ranges as one BlockList, built once per list (the list comes from the loaded config). */
function listedRanges(ranges: readonly CidrRange[]): BlockList {
  let list = compiled.get(ranges);
  if (list === undefined) {
    list = new BlockList();
    for (const range of ranges) list.addSubnet(range.network, range.prefix, range.family);
    compiled.set(ranges, list);
  }
  return list;
}

/**
 * - `false`: only public addresses (`isNonPublic` decides, isPrivateAddress by default).
 * - `true`: also private and loopback ranges, never link-local / metadata (isLinkLocalAddress).
 * - a list: public addresses plus the addresses inside a listed range, link-local ones included
 *   only when a listed range covers them.
 * Anything that is not an IP address is refused whatever the setting.
 */
export function addressPolicy(
  allowance: PrivateNetworkAllowance,
  isNonPublic: (address: string) => boolean = isPrivateAddress,
): AddressPolicy {
  const listed = typeof allowance === 'boolean' ? undefined : listedRanges(allowance);
  const listedText = typeof allowance === 'boolean' ? [] : allowance.map((range) => range.text);
  return (address) => {
    const bare = bareAddress(address);
    const family = isIP(bare);
    if (family === 0) return { allowed: false, reason: 'not-an-address' };
    if (allowance === true) return isLinkLocalAddress(bare) ? { allowed: false, reason: 'link-local' } : ALLOWED;
    if (listed?.check(bare, family === 4 ? 'ipv4' : 'ipv6')) return ALLOWED;
    if (!isNonPublic(bare)) return ALLOWED;
    return listed === undefined
      ? { allowed: false, reason: 'non-public' }
      : { allowed: false, reason: 'not-listed', listed: listedText };
  };
}

/** The refusal as a sentence naming the address and the setting that would allow it. */
export function describeRefusal(host: string, address: string, refusal: AddressRefusal): string {
  return `${refusalReason(host, address, refusal)}; ${STATIC_HINT}`;
}

/** The same setting opens a `static:` reference: it takes the source's unless it sets its own (docs/interface.md). */
const STATIC_HINT = "a static: reference uses the source's allowPrivateNetwork unless it sets its own under static:";

function refusalReason(host: string, address: string, refusal: AddressRefusal): string {
  switch (refusal.reason) {
    case 'not-an-address':
      return `${host} resolves to ${address}, which is not an IP address`;
    case 'non-public':
      return `${host} resolves to the non-public address ${address}; allowPrivateNetwork: true (or a list of CIDRs covering ${address}) on the source would allow it`;
    case 'link-local':
      return `${host} resolves to the link-local / cloud metadata address ${address}, which allowPrivateNetwork: true does not open; list a CIDR covering it (allowPrivateNetwork: [${cidrOf(address)}]) to allow it`;
    case 'not-listed':
      return `${host} resolves to the non-public address ${address}, outside allowPrivateNetwork [${refusal.listed.join(', ')}]; add a CIDR covering ${address} to that list to allow it`;
  }
}

function cidrOf(address: string): string {
  const bare = bareAddress(address);
  return isIP(bare) === 4 ? `${bare}/32` : `"${bare}/128"`;
}
