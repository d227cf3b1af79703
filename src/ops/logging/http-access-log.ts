import { Logger } from '@nestjs/common';
import type { MetricsService } from '../metrics/metrics.service.js';
import { withLogContext } from './log-context.js';

/** Probes and scrapes would drown the access log: they are logged at debug. */
const QUIET_PATHS = /^\/(health\/|metrics$)/;

/** One served request, as the access log and the HTTP metrics see it. */
export interface ServedRequest {
  requestId: string;
  method: string;
  /** The request target as received (path and query; the logger redacts keys in it). */
  url: string;
  path: string;
  /** The matched route pattern (`/v1/parkings/:id`) or `unmatched`: metric labels stay bounded. */
  route: string;
  status: number;
  durationMs: number;
}

/**
 * The access-log line and the HTTP metrics of one request, for every way a request is served
 * (the Nest/Express pipeline and the fast read path write the same line and the same series).
 */
export class HttpAccessLog {
  private readonly logger = new Logger('Http');

  constructor(private readonly metrics: MetricsService) {}

  record(served: ServedRequest): void {
    const durationMs = Math.round(served.durationMs * 10) / 10;
    const { method, route, status } = served;
    this.metrics.httpRequests.inc({ method, route, status: String(status) });
    this.metrics.httpDuration.observe({ method, route }, durationMs / 1000);
    const line = {
      message: `${method} ${served.url} ${status} ${durationMs}ms`,
      method,
      path: served.url,
      route,
      status,
      durationMs,
    };
    withLogContext({ requestId: served.requestId }, () => {
      if (QUIET_PATHS.test(served.path)) this.logger.debug(line);
      else this.logger.log(line);
    });
  }
}
