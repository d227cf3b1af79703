import { lookup } from 'node:dns/promises';
import { AppException } from '../../common/app-exception.js';
import { isPrivateAddress } from './blocked-address.js';
import { BodyTooLargeError, readCappedBody } from './capped-body.js';
import { type SavedBody, writeCappedFile } from './capped-file.js';
import {
  describeUrl,
  httpStatusError,
  networkError,
  redirectError,
  timeoutError,
  tooLargeError,
} from './fetch-errors.js';
import { checkScheme, classifyLocation, resolveTarget } from './fetch-target.js';
import type { TargetPolicy } from './fetch-target.js';
import type {
  BodyReader,
  FetchRequest,
  FetchResult,
  NotModifiedResult,
  ResolveHost,
  SourceFetcherOptions,
} from './fetch.types.js';
import { discardBody, headerValue, isRedirect, responseHints, sendOnce } from './http-exchange.js';
import type { ResponseHints, StreamResponse } from './http-exchange.js';
import { HostLimiter, httpHost, sourceUserAgent } from './host-limiter.js';
import { fetchLocalFile } from './local-file-fetcher.js';
import { addressPolicy } from './network-policy.js';
import { RequestDeadline } from './request-deadline.js';
import { buildRequestHeaders } from './request-headers.js';

export type { SavedBody } from './capped-file.js';
export type {
  BodyReader,
  FetchRequest,
  FetchResult,
  FetchedBody,
  HostSlots,
  NotModifiedResult,
  ResolveHost,
  SourceFetcherOptions,
  TlsMaterial,
} from './fetch.types.js';

const DEFAULT_MAX_REDIRECTS = 3;
const DEFAULT_MAX_PER_HOST = 2;

const inMemory: BodyReader<Buffer> = async (stream, maxBytes, signal) => {
  const body = await readCappedBody(stream, maxBytes, signal);
  return { body, bytes: body.length };
};

const resolveWithDns: ResolveHost = async (host) =>
  (await lookup(host, { all: true, verbatim: true })).map((entry) => entry.address);

/** State shared by every hop of one http(s) fetch. */
interface HttpContext {
  req: FetchRequest;
  deadline: RequestDeadline;
  startedAt: number;
  policy: TargetPolicy;
}

/**
 * The one way the hub reads an operator's feed: over http(s) with an SSRF
 * guard, a whole-request deadline and a byte cap, or from a local file.
 */
export class SourceFetcher {
  private readonly maxRedirects: number;
  private readonly resolveHost: ResolveHost;
  private readonly isBlockedAddress: (address: string) => boolean;
  private readonly perHost: HostLimiter;

  constructor(private readonly options: SourceFetcherOptions) {
    this.perHost = new HostLimiter(options.maxPerHost ?? DEFAULT_MAX_PER_HOST);
    this.maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
    this.resolveHost = options.resolveHost ?? resolveWithDns;
    this.isBlockedAddress = options.isBlockedAddress ?? isPrivateAddress;
  }

  /** Waits for a slot on the URL's host first: the deadline and the latency start once it has one. */
  async fetch(req: FetchRequest): Promise<FetchResult> {
    return this.fetchWith(req, inMemory);
  }

  /**
   * The same fetch, with the body streamed into `file` (a fresh path) and hashed on the way
   * instead of held in memory: for large downloads (GTFS zips). On any failure no file is left.
   */
  async fetchToFile(req: FetchRequest, file: string): Promise<FetchResult<SavedBody>> {
    return this.fetchWith(req, async (stream, maxBytes, signal) => {
      const body = await writeCappedFile(stream, maxBytes, signal, file);
      return { body, bytes: body.bytes };
    });
  }

  private async fetchWith<B>(req: FetchRequest, read: BodyReader<B>): Promise<FetchResult<B>> {
    const host = httpHost(req.url);
    const once = (): Promise<FetchResult<B>> => this.fetchOnce(req, read);
    if (host === undefined) return once();
    const slots = this.options.hostSlots;
    if (slots === undefined) return this.perHost.run(host, once);
    // The process's own queue first (FIFO, no Redis traffic for requests that could not run anyway), then the fleet's.
    return this.perHost.run(host, async () => {
      const release = await slots.acquire(host, this.perHost.limit);
      try {
        return await once();
      } finally {
        await release();
      }
    });
  }

  private async fetchOnce<B>(req: FetchRequest, read: BodyReader<B>): Promise<FetchResult<B>> {
    const startedAt = performance.now();
    const deadline = new RequestDeadline(req.timeoutMs);
    // Only ever a path or origin+pathname: the raw URL may carry a key in its query.
    let target = 'the source';
    try {
      const location = classifyLocation(req.url);
      target = location.kind === 'file' ? location.path : describeUrl(location.url);
      if (location.kind === 'file') {
        return await fetchLocalFile(location.path, req, deadline, startedAt, read);
      }
      const policy = this.policyFor(req);
      return await this.fetchHttp(location.url, { req, deadline, startedAt, policy }, read);
    } catch (error) {
      throw toAppException(error, target, req, deadline);
    } finally {
      deadline.dispose();
    }
  }

  private policyFor(req: FetchRequest): TargetPolicy {
    return {
      resolveHost: this.resolveHost,
      checkAddress: addressPolicy(req.allowPrivateNetwork, this.isBlockedAddress),
    };
  }

  /**
   * Follows redirects by hand so that every hop is resolved, guarded and pinned afresh. A POST
   * stays a POST with its body through 307 / 308 only; 301, 302 and 303 make it a GET without one
   * (as browsers do). The client certificate goes only to the configured origin.
   */
  private async fetchHttp<B>(first: URL, ctx: HttpContext, read: BodyReader<B>): Promise<FetchResult<B>> {
    let url = first;
    let method = ctx.req.method ?? 'GET';
    for (let hop = 0; ; hop += 1) {
      const target = await resolveTarget(url, ctx.policy, ctx.deadline);
      const sameOrigin = url.origin === first.origin;
      const withBody = method === 'POST' && ctx.req.body !== undefined;
      const headers = this.headersFor(url, first, ctx.req, withBody);
      const response = await sendOnce(url, target, headers, ctx.deadline, {
        method,
        ...(withBody ? { body: ctx.req.body } : {}),
        ...(sameOrigin && ctx.req.tls !== undefined ? { tls: ctx.req.tls } : {}),
      });
      if (!isRedirect(response.status)) return toResult(response, url, ctx, read);
      discardBody(response);
      if (response.status !== 307 && response.status !== 308) method = 'GET';
      url = nextHop(response, url, hop, this.maxRedirects);
    }
  }

  /** A source's headers (often API keys) only go to the origin it was configured with. */
  private headersFor(url: URL, first: URL, req: FetchRequest, withBody: boolean): Record<string, string> {
    const headers = buildRequestHeaders({
      userAgent: sourceUserAgent(this.options.userAgent, req.sourceId),
      callerHeaders: url.origin === first.origin ? req.headers : undefined,
      etag: req.etag,
      lastModified: req.lastModified,
    });
    if (withBody) headers['Content-Type'] = req.contentType ?? 'application/octet-stream';
    return headers;
  }
}

function nextHop(response: StreamResponse, url: URL, hop: number, maxRedirects: number): URL {
  if (hop >= maxRedirects) {
    throw redirectError(describeUrl(url), response.status, `more than ${maxRedirects} redirects`);
  }
  const location = headerValue(response, 'location');
  const next = location === undefined ? undefined : parseRelative(location, url);
  if (!next) {
    throw redirectError(describeUrl(url), response.status, 'a redirect without a usable Location');
  }
  return checkScheme(next);
}

function parseRelative(location: string, base: URL): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

async function toResult<B>(
  response: StreamResponse,
  url: URL,
  ctx: HttpContext,
  read: BodyReader<B>,
): Promise<FetchResult<B>> {
  const hints = responseHints(response);
  if (response.status === 304) {
    discardBody(response);
    return notModifiedResult(hints, ctx);
  }
  if (response.status < 200 || response.status > 299) {
    discardBody(response);
    throw httpStatusError(describeUrl(url), response.status, hints.retryAfterMs);
  }
  if (Number(headerValue(response, 'content-length')) > ctx.req.maxBytes) {
    discardBody(response);
    throw tooLargeError(describeUrl(url), ctx.req.maxBytes);
  }
  const { body, bytes } = await read(response.data, ctx.req.maxBytes, ctx.deadline.signal);
  const contentType = headerValue(response, 'content-type');
  return {
    ...hints,
    ...(contentType === undefined ? {} : { contentType }),
    notModified: false,
    status: response.status,
    body,
    bytes,
    latencyMs: Math.round(performance.now() - ctx.startedAt),
  };
}

/** A 304 may omit the validators; the ones the request carried are then still current. */
function notModifiedResult(hints: ResponseHints, ctx: HttpContext): NotModifiedResult {
  const etag = hints.etag ?? ctx.req.etag;
  const lastModified = hints.lastModified ?? ctx.req.lastModified;
  return {
    ...hints,
    ...(etag === undefined ? {} : { etag }),
    ...(lastModified === undefined ? {} : { lastModified }),
    notModified: true,
    status: 304,
    latencyMs: Math.round(performance.now() - ctx.startedAt),
  };
}

/** The deadline wins over whatever error the abort surfaced as (CanceledError, ECONNRESET...). */
function toAppException(error: unknown, target: string, req: FetchRequest, deadline: RequestDeadline): AppException {
  if (error instanceof AppException) return error;
  if (deadline.timedOut) return timeoutError(target, req.timeoutMs);
  if (error instanceof BodyTooLargeError) return tooLargeError(target, req.maxBytes);
  return networkError(target, error);
}
