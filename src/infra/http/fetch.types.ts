import type { Readable } from 'node:stream';
import type { PrivateNetworkAllowance } from '../../config/source-config.js';

/** What a source poll asks the fetcher for. */
export interface FetchRequest {
  /** http(s) URL, or a local file path (absolute, relative to cwd, or file:// URL). */
  url: string;
  /** Whole-request deadline, including DNS, redirects and body streaming. */
  timeoutMs: number;
  /** Cap on the (decompressed) response body. */
  maxBytes: number;
  headers?: Record<string, string>;
  /** false: public only; true: also private and loopback, never link-local / metadata; a CIDR list: public plus those. */
  allowPrivateNetwork: PrivateNetworkAllowance;
  /** From the previous successful fetch; sent as If-None-Match. */
  etag?: string;
  /** From the previous successful fetch; sent as If-Modified-Since. */
  lastModified?: string;
  /** Named in the User-Agent, so the operator can tell which source calls. */
  sourceId?: string;
  /** `GET` (default) or `POST`; a POST sends `body` with `contentType`. */
  method?: 'GET' | 'POST';
  body?: Buffer;
  contentType?: string;
  /** Client certificate (mTLS) and the CAs to trust instead of the system's, PEM; https only. */
  tls?: TlsMaterial;
}

/** PEM bytes of a client certificate, its key and optionally the CAs the server's certificate must chain to. */
export interface TlsMaterial {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
}

/** Freshness hints shared by both result variants. */
export interface FetchHints {
  etag?: string;
  lastModified?: string;
  /** Whole milliseconds. */
  latencyMs: number;
  retryAfterMs?: number;
  maxAgeMs?: number;
  /** The response's `Date` header minus the hub's clock (whole seconds), when it sent one. */
  dateHeaderSkewMs?: number;
}

export interface NotModifiedResult extends FetchHints {
  notModified: true;
  status: 304;
}

/** A body in memory (`fetch`) or saved to a file (`fetchToFile`). */
export interface FetchedBody<B = Buffer> extends FetchHints {
  notModified: false;
  status: number;
  body: B;
  bytes: number;
  contentType?: string;
}

export type FetchResult<B = Buffer> = NotModifiedResult | FetchedBody<B>;

/** Consumes a response body under the byte cap and the deadline's signal. */
export type BodyReader<B> = (
  stream: Readable,
  maxBytes: number,
  signal: AbortSignal,
) => Promise<{ body: B; bytes: number }>;

export type ResolveHost = (host: string) => Promise<string[]>;

export interface SourceFetcherOptions {
  userAgent: string;
  /** Requests at once to one upstream host (default 2); the others wait before their deadline starts. */
  maxPerHost?: number;
  /** Makes maxPerHost hold across processes (every worker of the fleet); without it, per process. */
  hostSlots?: HostSlots;
  /** Redirect hops followed before giving up (default 3). */
  maxRedirects?: number;
  /** DNS resolution; defaults to every address from dns.promises.lookup. */
  resolveHost?: ResolveHost;
  /**
   * What counts as non-public when a request allows no private network (false) or only
   * listed CIDRs. Defaults to isPrivateAddress; a deployment (or a test) can narrow it.
   * Link-local / metadata refusals under `true` do not depend on it.
   */
  isBlockedAddress?: (address: string) => boolean;
}

/** Slots on a host shared by every process; acquire resolves once one is held, with its release. */
export interface HostSlots {
  acquire(host: string, limit: number): Promise<() => Promise<void>>;
}
