import { randomUUID } from 'node:crypto';
import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from '../metrics/metrics.service.js';
import { HttpAccessLog } from './http-access-log.js';
import { withLogContext } from './log-context.js';

/** A caller's id is kept when it is a plain token; anything else is replaced (it is echoed in headers and logs). */
const ACCEPTED_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's `X-Request-Id` when it is a plain token, else a new one. */
export function requestIdFor(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTED_ID.test(header) ? header : randomUUID();
}

/**
 * Per request: an id (`X-Request-Id` honoured or generated, echoed back) carried by every log
 * line written while serving it, exactly one access-log line (also when the client leaves before
 * the end), and the HTTP metrics. Query strings are
 * logged redacted (API keys); headers are not logged.
 */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  private readonly accessLog: HttpAccessLog;

  constructor(metrics: MetricsService) {
    this.accessLog = new HttpAccessLog(metrics);
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const requestId = requestIdFor(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);
    const started = performance.now();
    // One line per request: on 'finish' (answer sent), or on 'close' alone when the client left
    // before the end (an SSE stream closed by its reader, an aborted download).
    let recorded = false;
    const record = (): void => {
      if (recorded) return;
      recorded = true;
      this.accessLog.record({
        requestId,
        method: req.method,
        url: req.originalUrl,
        path: req.path,
        route: routePattern(req),
        status: res.statusCode,
        durationMs: performance.now() - started,
        ...(res.writableFinished ? {} : { aborted: true }),
      });
    };
    res.once('finish', record);
    res.once('close', record);
    withLogContext({ requestId }, next);
  }
}

/** The matched route pattern (`/v1/parkings/:id`), never the raw path: metric labels stay bounded. */
function routePattern(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route;
  return typeof route?.path === 'string' ? `${req.baseUrl}${route.path}` : 'unmatched';
}
