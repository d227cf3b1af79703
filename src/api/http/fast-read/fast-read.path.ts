import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import type { AppConfig } from '../../../config/app-config.js';
import type { HttpAccessLog } from '../../../ops/logging/http-access-log.js';
import type { MetricsService } from '../../../ops/metrics/metrics.service.js';
import { requestIdFor } from '../../../ops/logging/request-context.middleware.js';
import { apiKeyFrom } from '../../../access/access-policy.js';
import type { ApiKeyService } from '../../../access/api-key.service.js';
import { clientAddress, type TrustProxy } from '../../../access/client-address.js';
import type { QuotaCounter } from '../../../access/quota-counter.js';
import type { RateLimitDecision } from '../../../access/rate-limit.port.js';
import { attachCountedAccess, ipSubject, keySubject } from '../../../access/upstream-decision.js';
import { matchesIfNoneMatch, type PreparedResponse } from '../../../common/http/cached-response.js';
import { allowedOrigin, CORS_EXPOSED_HEADERS } from '../cors.middleware.js';
import type { SeenChangeCursorPort } from '../../../live/change-cursor.port.js';
import { answerKey, type CachedAnswer, type ResponseCache } from '../response-cache.js';
import { readVaryFields } from '../vary.middleware.js';
import { COMPRESSION_THRESHOLD, ContentCodingChooser, encodeBody } from './content-coding.js';
import type { ComputedRead } from './computed-read.js';
import { ReadRuleMemo } from './read-rule.memo.js';

export interface FastReadDeps {
  config: AppConfig;
  cursor: SeenChangeCursorPort;
  cache: ResponseCache;
  keys: ApiKeyService;
  quota: QuotaCounter;
  accessLog: HttpAccessLog;
  metrics: MetricsService;
  securityHeaders: Array<[string, string]>;
  trustProxy: TrustProxy | undefined;
  /** Routes whose fresh answers this path computes itself (none: only held answers are sent). */
  computed?: ComputedRead[];
}

type Pass = () => void;

/**
 * Serves a GET whose answer this process already holds (ResponseCache) without going through
 * Express and Nest, while this process's change-stream reader has seen no change since the answer
 * was computed, with everything the full pipeline does for it: the same access rule and
 * rate-limit count, the same headers (helmet's, CORS, Vary, RateLimit-*,
 * X-Request-Id, ETag, Cache-Control), If-None-Match -> 304, the same content coding, the same
 * access-log line and metrics. Anything else (a path not in canonical form, no held answer, an
 * unknown or uncached key, a refused count, a moved cursor) is passed on to Express; a request it counted carries that
 * count along, so the guard does not count it again.
 */
export class FastReadPath {
  private readonly codings = new ContentCodingChooser();
  private readonly vary: string;
  /** helmet's headers as a flat [name, value, ...] list. */
  private readonly fixedHeaders: string[];
  private readonly fastReads = new Map<string, { inc(): void }>();
  /** Computed routes without parameters, by path. */
  private readonly computed: Map<string, ComputedRead>;
  /** Computed routes with parameters (matched in turn), and the Vary of each computed route. */
  private readonly patterned: ComputedRead[];
  private readonly varyOf = new Map<ComputedRead, string>();
  private readonly readRules = new ReadRuleMemo();

  constructor(private readonly deps: FastReadDeps) {
    const reads = deps.computed ?? [];
    this.computed = new Map(reads.filter((c) => c.match === undefined).map((c) => [c.route, c]));
    this.patterned = reads.filter((c) => c.match !== undefined);
    const fields = readVaryFields(deps.config.requireApiKey);
    if (deps.config.access.corsOrigins !== '*') fields.unshift('Origin');
    this.vary = fields.join(', ');
    for (const read of reads) this.varyOf.set(read, [this.vary, ...(read.vary ?? [])].join(', '));
    this.fixedHeaders = deps.securityHeaders.flat();
  }

  handle(req: IncomingMessage, res: ServerResponse, pass: Pass, started = performance.now(), waited = false): void {
    if (req.method !== 'GET' || req.url === undefined) return pass();
    const key = answerKey(req.url, req.headers.accept);
    const { cache } = this.deps;
    const entry = cache.peek(key);
    // Held, and no change seen since it was computed.
    if (entry !== undefined && this.deps.cursor.seen() === entry.version) {
      const path = pathOf(req.url);
      return this.count(req, res, path, entry.route, pass, started, (decision) =>
        this.serve(req, res, path, entry, decision, started),
      );
    }
    // Not held (or out of date) on a route whose answers this path computes itself.
    const next =
      this.computed.size + this.patterned.length === 0 ? pass : () => this.compute(req, res, key, pass, started);
    if (!cache.has(key)) return next();
    // A kept request whose answer is out of date: one request computes it, identical ones wait for it.
    if (cache.startRefresh(key)) {
      res.once('close', () => cache.endRefresh(key));
      return next();
    }
    if (waited) return next();
    void cache.waitForRefresh(key).then(() => this.handle(req, res, pass, started, true));
  }

  /**
   * A fresh answer of a computed route (COMPUTED_READS), made by the controller's own function:
   * counted as the guard counts it, then computed, kept like the controller keeps it, and sent as
   * a held answer is. A query the function leaves to the controller, a 400, a refused count or a
   * failed computation goes on to Express (with its count).
   */
  private compute(req: IncomingMessage, res: ServerResponse, key: string, pass: Pass, started: number): void {
    const url = req.url ?? '/';
    const path = pathOf(url);
    const found = this.computedFor(path);
    const version = this.deps.cursor.seen();
    if (found === undefined || version === undefined || url.includes('#')) return pass();
    const { read, params } = found;
    let answer: (() => Promise<PreparedResponse>) | undefined;
    try {
      answer = read.prepare(parseQueryString(url.slice(path.length + 1)), req.headers.accept, {
        params,
        headers: req.headers,
      });
    } catch {
      return pass();
    }
    if (answer === undefined) return pass();
    const run = answer;
    this.count(req, res, path, read.route, pass, started, (decision) => {
      run().then(
        (prepared) => {
          const entry =
            read.keep === false
              ? this.deps.cache.unkept(key, version, prepared, read.route)
              : this.deps.cache.store(key, version, prepared, read.route);
          if (entry === undefined) return pass();
          this.serve(req, res, path, entry, decision, started, this.varyOf.get(read));
        },
        () => pass(),
      );
    });
  }

  /** The computed route of a path, with its parameters: an exact route, else the first pattern that matches. */
  private computedFor(path: string): { read: ComputedRead; params: Record<string, string> } | undefined {
    const exact = this.computed.get(path);
    if (exact !== undefined) return { read: exact, params: {} };
    for (const read of this.patterned) {
      const params = read.match?.(path);
      if (params !== undefined) return { read, params };
    }
    return undefined;
  }

  private count(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    route: string,
    pass: Pass,
    started: number,
    allowed: (decision: RateLimitDecision) => void,
  ): void {
    const subject = this.subjectOf(req, path, route);
    if (subject === undefined) return pass();
    const decided = (decision: RateLimitDecision | undefined): void => {
      if (decision === undefined) return pass();
      attachCountedAccess(req, subject.name, decision);
      if (!decision.allowed) return pass();
      allowed(decision);
    };
    // Mostly counted on the spot; the first request of a subject in a while waits for Redis.
    const now = this.deps.quota.countNow(subject.name, subject.perMinute);
    if (now !== undefined) return decided(now);
    void this.deps.quota.count(subject.name, subject.perMinute).then(decided);
  }

  /**
   * The guard's rule for this request, when it can be applied without a lookup: the same
   * accessRuleFor, on the route that made the held answer. Only for a path in canonical form,
   * the one the router matches; any other spelling goes to Express and its guard.
   */
  private subjectOf(
    req: IncomingMessage,
    path: string,
    route: string,
  ): { name: string; perMinute: number } | undefined {
    if (!this.readRules.isHeaderKeyedRead(path, route)) return undefined;
    const key = apiKeyFrom(req.headers, undefined, false);
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
    path: string,
    entry: CachedAnswer,
    decision: RateLimitDecision,
    started: number,
    vary = this.vary,
  ): void {
    const requestId = requestIdFor(req.headers['x-request-id']);
    // A flat [name, value, ...] list (what writeHead takes besides an object): the fixed part is copied as is.
    const headers: Array<string | number> = this.fixedHeaders.slice();
    const origin = allowedOrigin(this.deps.config.access.corsOrigins, req.headers.origin);
    if (origin !== undefined) {
      headers.push('Access-Control-Allow-Origin', origin, 'Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS);
    }
    headers.push(
      'RateLimit-Limit',
      decision.limit,
      'RateLimit-Remaining',
      decision.remaining,
      'RateLimit-Reset',
      decision.resetS,
      'RateLimit-Policy',
      `${decision.limit};w=60`,
      'X-Request-Id',
      requestId,
      'ETag',
      entry.prepared.etag,
      'Cache-Control',
      `public, max-age=${entry.prepared.maxAgeS}`,
    );
    let status = 200;
    let body: Buffer | undefined;
    if (matchesIfNoneMatch(req.headers['if-none-match'], entry.prepared.etag)) {
      status = 304;
      headers.push('Vary', vary);
    } else {
      headers.push('Content-Type', `${entry.prepared.contentType}; charset=utf-8`);
      body = entry.bytes;
      if (entry.compressible) {
        headers.push('Vary', `${vary}, Accept-Encoding`);
        const coding =
          body.length < COMPRESSION_THRESHOLD ? 'identity' : this.codings.choose(req.headers['accept-encoding']);
        if (coding !== 'identity') {
          body = this.encoded(entry, coding);
          headers.push('Content-Encoding', coding);
        }
      } else headers.push('Vary', vary);
      headers.push('Content-Length', body.length);
    }
    res.writeHead(status, headers);
    res.end(body);
    this.fastReadsOf(entry.route, status).inc();
    this.deps.accessLog.record({
      requestId,
      method: 'GET',
      url: req.url ?? '/',
      path,
      route: entry.route,
      status,
      durationMs: performance.now() - started,
    });
  }

  private fastReadsOf(route: string, status: number): { inc(): void } {
    const key = `${route} ${status}`;
    let series = this.fastReads.get(key);
    if (series === undefined) {
      series = this.deps.metrics.httpFastReads.labels({ route, status: String(status) });
      this.fastReads.set(key, series);
    }
    return series;
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
