import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';

/** Express's compiled HUB_TRUST_PROXY setting ("trust proxy fn"). */
export type TrustProxy = (address: string, hop: number) => boolean;

/** The "trust proxy fn" of the Express app behind Nest, when there is one. */
export function trustProxyOf(expressApp: unknown): TrustProxy | undefined {
  if (typeof expressApp !== 'function' || !('get' in expressApp) || typeof expressApp.get !== 'function') {
    return undefined;
  }
  const fn: unknown = (expressApp.get as (name: string) => unknown)('trust proxy fn');
  return typeof fn === 'function' ? (fn as TrustProxy) : undefined;
}

/**
 * The client address exactly as Express computes req.ip (proxy-addr with the same trust
 * function), for requests handled outside Express: the socket.io handshake, the fast read path.
 */
export function clientAddress(req: IncomingMessage, trust: TrustProxy | undefined): string {
  if (trust === undefined) return req.socket.remoteAddress ?? 'unknown';
  return proxyaddr(req, trust);
}
