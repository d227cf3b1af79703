import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

export type PinnedLookup = (hostname: string, options: { all?: boolean }, callback: LookupCallback) => void;

/**
 * A `lookup` that only ever answers with the addresses the guard already
 * checked, so a DNS answer that changes between check and connect (DNS
 * rebinding) cannot steer the socket elsewhere.
 */
export function pinnedLookup(expectedHost: string, addresses: readonly string[]): PinnedLookup {
  const entries: LookupAddress[] = addresses.map((address) => ({ address, family: isIP(address) }));
  return (hostname, options, callback) => {
    if (hostname !== expectedHost || entries.length === 0) {
      const error: NodeJS.ErrnoException = new Error(`unexpected lookup for ${hostname}`);
      error.code = 'ENOTFOUND';
      callback(error, []);
      return;
    }
    if (options.all) callback(null, entries);
    else callback(null, entries[0].address, entries[0].family);
  };
}
