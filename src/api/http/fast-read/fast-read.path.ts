import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import compressible from 'compressible';
import type { AppConfig } from '../../../config/app-config.js';
import type { HttpAccessLog } from '../../../ops/logging/http-access-log.js';
import type { MetricsService } from '../../../ops/metrics/metrics.service.js';
import { requestIdFor } from '../../../ops/logging/request-context.middleware.js';
import { accessRuleFor, apiKeyFrom, KEY_IN_QUERY_PATHS } from '../../access/access-policy.js';
import type { ApiKeyService } from '../../access/api-key.service.js';
import { clientAddress, type TrustProxy } from '../../access/client-address.js';
import type { QuotaCounter } from '../../access/quota-counter.js';
import type { RateLimitDecision } from '../../access/rate-limit.port.js';
import { attachCountedAccess, ipSubject, keySubject } from '../../access/upstream-decision.js';
import { matchesIfNoneMatch } from '../../../common/http/cached-response.js';
import { allowedOrigin, CORS_EXPOSED_HEADERS } from '../cors.middleware.js';
import { answerKey, type CachedAnswer, type ResponseCache } from '../response-cache.js';
import { readVaryFields } from '../vary.middleware.js';
import { COMPRESSION_THRESHOLD, ContentCodingChooser, encodeBody } from './content-coding.js';

export interface FastReadDeps {
  config: AppConfig;
  cache: ResponseCache;
  keys: ApiKeyService;
  quota: QuotaCounter;
  accessLog: HttpAccessLog;
  metrics: MetricsService;
  securityHeaders: Array<[string, string]>;
  trustProxy: TrustProxy | undefined;
}

type Pass = () => void;

/**
 * Serves a GET whose answer this process already holds (ResponseCache) without going through
 * Express and Nest, with everything the full pipeline does for it: the same access rule and
 * rate-limit count (one Redis round trip, which also reads the change cursor that decides
 * whether the held answer is still current), the same headers (helmet's, CORS, Vary, RateLimit-*,
 * X-Request-Id, ETag, Cache-Control), If-None-Match -> 304, the same content coding, the same
 * access-log line and metrics. Anything else (no held answer, an unknown or uncached key, a
 * refused count, a moved cursor) is passed on to Express; a request it counted carries that
 * count along, so the guard does not count it again.
 */
export class FastReadPath {
  private readonly codings = new ContentCodingChooser();
  private readonly vary: string;

  constructor(private readonly deps: FastReadDeps) {
    const fields = readVaryFields(deps.config.requireApiKey);
    if (deps.config.access.corsOrigins !== '*') fields.unshift('Origin');
    this.vary = fields.join(', ');
  }

  handle(req: IncomingMessage, res: ServerResponse, pass: Pass): void {
    if (req.method !== 'GET' || req.url === undefined) return pass();
    const entry = this.deps.cache.peek(answerKey(req.url, req.headers.accept));
    if (entry === undefined) return pass();
    const subject = this.subjectOf(req);
    if (subject === undefined) return pass();
    const started = performance.now();
    void this.deps.quota.count(subject.name, subject.perMinute).then((decision) => {
      if (decision === undefined) return pass();
      attachCountedAccess(req, subject.name, decision);
      if (!decision.allowed || decision.changeCursor !== entry.version || entry.until <= Date.now()) return pass();
      this.serve(req, res, entry, decision, started);
    });
  }

  /** The guard's rule for this request, when it can be applied without a lookup. */
  private subjectOf(req: IncomingMessage): { name: string; perMinute: number } | undefined {
    const path = pathOf(req.url ?? '/');
    if (accessRuleFor(path) !== 'read' || KEY_IN_QUERY_PATHS.has(path)) return undefined;
    const key = apiKeyFrom(req.headers, undefined, path);
    const { config } = this.deps;
    if (key === undefined) {
      if (config.requireApiKey) return undefined;
      return { name: ipSubject(clientAddress(req, this.deps.trustProxy)), perMinute: config.access.anonymousPerMinute };
    }
    const verdict = this.deps.keys.cachedVerdict(key);
    if (verdict.record === undefined) return undefined; // not cached, unknown or revoked: the guard decides
    return { name: keySubject(verdict.record.id), perMinute: verdict.record.perMinute };
  }

  private serve(
    req: IncomingMessage,
    res: ServerResponse,
    entry: CachedAnswer,
    decision: RateLimitDecision,
    started: number,
  ): void {
    const requestId = requestIdFor(req.headers['x-request-id']);
    const headers: OutgoingHttpHeaders = {};
    for (const [name, value] of this.deps.securityHeaders) headers[name] = value;
    const origin = allowedOrigin(this.deps.config.access.corsOrigins, req.headers.origin);
    if (origin !== undefined) {
      headers['Access-Control-Allow-Origin'] = origin;
      headers['Access-Control-Expose-Headers'] = CORS_EXPOSED_HEADERS;
    }
    headers['RateLimit-Limit'] = decision.limit;
    headers['RateLimit-Remaining'] = decision.remaining;
    headers['RateLimit-Reset'] = decision.resetS;
    headers['RateLimit-Policy'] = `${decision.limit};w=60`;
    headers['X-Request-Id'] = requestId;
    headers.ETag = entry.prepared.etag;
    headers['Cache-Control'] = `public, max-age=${entry.prepared.maxAgeS}`;
    let status = 200;
    let body: Buffer | undefined;
    if (matchesIfNoneMatch(req.headers['if-none-match'], entry.prepared.etag)) {
      status = 304;
      headers.Vary = this.vary;
    } else {
      const contentType = `${entry.prepared.contentType}; charset=utf-8`;
      headers['Content-Type'] = contentType;
      body = entry.bytes;
      if (compressible(contentType) === true) {
        headers.Vary = `${this.vary}, Accept-Encoding`;
        const coding = body.length < COMPRESSION_THRESHOLD ? 'identity' : this.codings.choose(req.headers['accept-encoding']);
        if (coding !== 'identity') {
          body = this.encoded(entry, coding);
          headers['Content-Encoding'] = coding;
        }
      } else headers.Vary = this.vary;
      headers['Content-Length'] = body.length;
    }
    res.writeHead(status, headers);
    res.end(body);
    this.deps.metrics.httpFastReads.inc({ route: entry.route, status: String(status) });
    this.deps.accessLog.record({
      requestId,
      method: 'GET',
      url: req.url ?? '/',
      path: pathOf(req.url ?? '/'),
      route: entry.route,
      status,
      durationMs: performance.now() - started,
    });
  }

  private encoded(entry: CachedAnswer, coding: string): Buffer {
    const known = entry.encoded.get(coding);
    if (known !== undefined) return known;
    const body = encodeBody(coding, entry.bytes);
    this.deps.cache.noteEncoded(entry, coding, body);
    return body;
  }
}

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
