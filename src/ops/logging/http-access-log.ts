import { Logger } from '@nestjs/common';
import type { MetricsService } from '../metrics/metrics.service.js';
import type { AccessLine, AccessLineWriter } from './access-line.js';

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
  /** The client closed the connection before the answer was complete (e.g. an SSE stream's reader left). */
  aborted?: boolean;
}

let processWriter: AccessLineWriter | undefined;

/** main.ts: the process's HubLogger, which writes access lines directly (same bytes, fewer steps). */
export function useAccessLineWriter(writer: AccessLineWriter | undefined): void {
  processWriter = writer;
}

/**
 * The access-log line and the HTTP metrics of one request, for every way a request is served
 * (the Nest/Express pipeline and the fast read path write the same line and the same series).
 */
export class HttpAccessLog {
  private readonly logger = new Logger('Http');

  /** Labelled series by label values: looked up once, not hashed on every request. */
  private readonly counters = new Map<string, { inc(): void }>();
  private readonly timers = new Map<string, { observe(value: number): void }>();

  constructor(
    private readonly metrics: MetricsService,
    private readonly lines: AccessLineWriter | undefined = processWriter,
  ) {}

  record(served: ServedRequest): void {
    const durationMs = Math.round(served.durationMs * 10) / 10;
    const { method, route, status } = served;
    this.counterFor(method, route, status).inc();
    this.timerFor(method, route).observe(durationMs / 1000);
    // The request id as a field rather than through the log context: the fast read path runs outside any.
    const line: AccessLine = {
      message: `${method} ${served.url} ${status} ${durationMs}ms${served.aborted === true ? ' (closed by the client)' : ''}`,
      method,
      path: served.url,
      route,
      status,
      durationMs,
      ...(served.aborted === true ? { aborted: true } : {}),
      requestId: served.requestId,
    };
    const level = QUIET_PATHS.test(served.path) ? 'debug' : 'log';
    if (this.lines?.writeAccessLine(level, line, 'Http') !== true) this.logger[level](line);
  }

  private counterFor(method: string, route: string, status: number): { inc(): void } {
    const key = `${method} ${route} ${status}`;
    let series = this.counters.get(key);
    if (series === undefined) {
      series = this.metrics.httpRequests.labels({ method, route, status: String(status) });
      this.counters.set(key, series);
    }
    return series;
  }

  private timerFor(method: string, route: string): { observe(value: number): void } {
    const key = `${method} ${route}`;
    let series = this.timers.get(key);
    if (series === undefined) {
      series = this.metrics.httpDuration.labels({ method, route });
      this.timers.set(key, series);
    }
    return series;
  }
}
