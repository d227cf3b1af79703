import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from '../metrics/metrics.service.js';
import { withLogContext } from './log-context.js';

/** A caller's id is kept when it is a plain token; anything else is replaced (it is echoed in headers and logs). */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** Probes and scrapes would drown the access log: they are logged at debug. */
const QUIET_PATHS = /^\/(health\/|metrics$)/;

/**
 * Per request: an id (`X-Request-Id` honoured or generated, echoed back) carried by every log
 * line written while serving it, one access-log line, and the HTTP metrics. Query strings are
 * logged redacted (API keys); headers are not logged.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Http');

  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const header = req.headers['x-request-id'];
    const requestId = typeof header === 'string' && ACCEPTED_ID.test(header) ? header : randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const started = performance.now();
    res.on('finish', () => withLogContext({ requestId }, () => this.finished(req, res, started)));
    withLogContext({ requestId }, next);
  }

  private finished(req: Request, res: Response, started: number): void {
    const durationMs = Math.round((performance.now() - started) * 10) / 10;
    const route = routePattern(req);
    this.metrics.httpRequests.inc({ method: req.method, route, status: String(res.statusCode) });
    this.metrics.httpDuration.observe({ method: req.method, route }, durationMs / 1000);
    const line = {
      message: `${req.method} ${req.originalUrl} ${res.statusCode} ${durationMs}ms`,
      method: req.method,
      path: req.originalUrl,
      route,
      status: res.statusCode,
      durationMs,
    };
    if (QUIET_PATHS.test(req.path)) this.logger.debug(line);
    else this.logger.log(line);
  }
}

/** The matched route pattern (`/v1/parkings/:id`), never the raw path: metric labels stay bounded. */
function routePattern(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : 'unmatched';
}
