import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { blockedError, describeUrl, fileError, networkError } from './fetch-errors.js';
import { type AddressPolicy, describeRefusal } from './network-policy.js';
import type { RequestDeadline } from './request-deadline.js';
import type { ResolveHost } from './fetch.types.js';

export type FetchLocation = { kind: 'http'; url: URL } | { kind: 'file'; path: string };

/** file: URLs and anything that is not a URL are local paths; http(s) goes out; other schemes are refused. */
export function classifyLocation(raw: string): FetchLocation {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { kind: 'file', path: raw };
  }
  if (url.protocol === 'file:') return { kind: 'file', path: localPathOf(url) };
  return { kind: 'http', url: checkScheme(url) };
}

function localPathOf(url: URL): string {
  try {
    return fileURLToPath(url);
  } catch (error) {
    throw fileError(describeUrl(url), 'not a local file URL', error);
  }
}

export function checkScheme(url: URL): URL {
  if (url.protocol === 'http:' || url.protocol === 'https:') return url;
  throw blockedError(`a ${url.protocol} URL`, 'only http: and https: are fetched');
}

/** URL.hostname keeps IPv6 brackets; lookups and address checks want them off. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

export interface ResolvedTarget {
  host: string;
  addresses: string[];
}

export interface TargetPolicy {
  resolveHost: ResolveHost;
  /** The source's allowPrivateNetwork setting, compiled (network-policy.ts). */
  checkAddress: AddressPolicy;
}

/**
 * Resolves a hop's host once and refuses it when ANY address is refused by the
 * source's policy: a host answering with one public and one private address could
 * otherwise be steered to the private one. The addresses returned are the only ones
 * the socket may connect to (pinned-lookup.ts). Literal IPs (whatever notation the
 * URL used, the parser has normalised it) skip DNS.
 */
export async function resolveTarget(
  url: URL,
  policy: TargetPolicy,
  deadline: RequestDeadline,
): Promise<ResolvedTarget> {
  const host = bareHost(url);
  const addresses = isIP(host) ? [host] : await lookupAll(url, host, policy.resolveHost, deadline);
  for (const address of addresses) {
    const decision = policy.checkAddress(address);
    if (!decision.allowed) {
      throw blockedError(describeUrl(url), describeRefusal(host, address, decision), {
        host,
        address,
        reason: decision.reason,
      });
    }
  }
  return { host, addresses };
}

async function lookupAll(
  url: URL,
  host: string,
  resolveHost: ResolveHost,
  deadline: RequestDeadline,
): Promise<string[]> {
  let addresses: string[];
  try {
    addresses = await deadline.race(resolveHost(host));
  } catch (error) {
    if (deadline.timedOut) throw error;
    throw networkError(describeUrl(url), error);
  }
  if (addresses.length === 0) {
    throw networkError(describeUrl(url), Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' }));
  }
  return addresses;
}
