import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import axios from 'axios';
import type { AxiosResponse } from 'axios';
import { parseMaxAge, parseRetryAfter } from './cache-headers.js';
import { pinnedLookup } from './pinned-lookup.js';
import type { ResolvedTarget } from './fetch-target.js';
import type { RequestDeadline } from './request-deadline.js';
import type { TlsMaterial } from './fetch.types.js';

export type StreamResponse = AxiosResponse<Readable>;

/**
 * One GET, one hop: redirects come back as responses so the caller can guard
 * each hop. A fresh non-keep-alive agent per hop carries the pinned lookup;
 * Node's global agent keeps sockets alive, and a pooled socket opened for a
 * source that allows the private network must never serve one that does not.
 */
export function sendOnce(
  url: URL,
  target: ResolvedTarget,
  headers: Record<string, string>,
  deadline: RequestDeadline,
  request: { method?: 'GET' | 'POST'; body?: Buffer; tls?: TlsMaterial } = {},
): Promise<StreamResponse> {
  const agentOptions = { keepAlive: false, lookup: pinnedLookup(target.host, target.addresses) };
  const tls = request.tls === undefined ? {} : { cert: request.tls.cert, key: request.tls.key, ca: request.tls.ca };
  const agent =
    url.protocol === 'https:'
      ? { httpsAgent: new https.Agent({ ...agentOptions, ...tls }) }
      : { httpAgent: new http.Agent(agentOptions) };
  return axios.request<Readable>({
    url: url.href,
    method: request.method ?? 'GET',
    ...(request.body === undefined ? {} : { data: request.body }),
    headers,
    adapter: 'http',
    responseType: 'stream',
    decompress: true,
    maxRedirects: 0,
    // Environment proxies (HTTP_PROXY...) would connect somewhere the guard never checked.
    proxy: false,
    // The cap is enforced by readCappedBody so that it maps onto FETCH_TOO_LARGE.
    maxContentLength: -1,
    validateStatus: () => true,
    signal: deadline.signal,
    ...agent,
  });
}

export function headerValue(response: StreamResponse, name: string): string | undefined {
  const value: unknown = response.headers[name.toLowerCase()];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.map(String).join(', ');
  return undefined;
}

export interface ResponseHints {
  etag?: string;
  lastModified?: string;
  retryAfterMs?: number;
  maxAgeMs?: number;
  /** The response's `Date` minus the hub's clock when it arrived (whole seconds; negative: the operator's clock is behind). */
  dateHeaderSkewMs?: number;
}

/** Validators and scheduling hints, with absent ones left out rather than set to undefined. */
export function responseHints(response: StreamResponse, receivedAtMs: number = Date.now()): ResponseHints {
  const hints: ResponseHints = {
    dateHeaderSkewMs: dateHeaderSkewMs(headerValue(response, 'date'), receivedAtMs),
    etag: headerValue(response, 'etag'),
    lastModified: headerValue(response, 'last-modified'),
    retryAfterMs: parseRetryAfter(headerValue(response, 'retry-after'), headerValue(response, 'date')),
    maxAgeMs: parseMaxAge(headerValue(response, 'cache-control')),
  };
  for (const key of Object.keys(hints) as Array<keyof ResponseHints>) {
    if (hints[key] === undefined) delete hints[key];
  }
  return hints;
}

/**
 * The `Date` header (RFC 9110 IMF-fixdate, second precision) against the hub's clock, rounded to
 * whole seconds (the header cannot say more). Absent or unparseable: undefined.
 */
export function dateHeaderSkewMs(date: string | undefined, receivedAtMs: number): number | undefined {
  if (date === undefined) return undefined;
  const serverMs = Date.parse(date);
  if (!Number.isFinite(serverMs)) return undefined;
  return Math.round((serverMs - receivedAtMs) / 1000) * 1000;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number): boolean {
  return REDIRECT_STATUSES.has(status);
}

/** Frees the socket of a response whose body is not wanted. */
export function discardBody(response: StreamResponse): void {
  response.data.destroy();
}
