import { Controller, Get, Inject, type OnModuleDestroy, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { MetricsService } from '../ops/metrics/metrics.service.js';
import { ShutdownCoordinator } from '../ops/shutdown/shutdown-coordinator.service.js';
import { SSE_READY_EVENT, type SubscribeOk } from './live-protocol.js';
import { LiveSubscribeService } from './live-subscribe.service.js';
import { LiveSubscriber } from './live-subscriber.js';
import { sseSubscribeRequest } from './sse-query.js';
import { SseChannel, SseSink, sseMessage } from './sse-sink.js';
import { SubscriptionRegistry } from './subscription-registry.js';

const HEARTBEAT_MS = 15_000;
/** EventSource waits this long before reconnecting (it then sends Last-Event-ID). */
const RETRY_MS = 3_000;

/**
 * GET /v1/stream: the live feed as Server-Sent Events, one subscription per stream, same
 * filters (as query parameters; none at all is every car park, alert and source) and same events
 * as socket.io, refused in REST's words (sse-query.ts). The first event, `ready`,
 * carries what the socket.io ack carries. Access (key, quota, `?apiKey=` for EventSource) is the
 * global AccessGuard's, as for every /v1 route.
 */
@Controller('v1/stream')
export class LiveStreamController implements OnModuleDestroy {
  private readonly open = new Set<Response>();

  private readonly channel: SseChannel;

  constructor(
    private readonly subscriptions: LiveSubscribeService,
    private readonly registry: SubscriptionRegistry,
    private readonly metrics: MetricsService,
    private readonly shutdown: ShutdownCoordinator,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.channel = new SseChannel((transport, type, n) => metrics.livePushes.inc({ transport, type }, n));
    // An ended stream makes EventSource reconnect (after `retry`), with Last-Event-ID, elsewhere.
    shutdown.onShutdown('live feed (SSE)', () => this.endAll());
  }

  @Get()
  async stream(@Query() query: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (this.shutdown.isShuttingDown()) {
      throw new AppException(ErrorCode.UNAVAILABLE, 'this process is shutting down: reconnect');
    }
    const { request, ignored } = sseSubscribeRequest(query, req.header('last-event-id'), this.config.live);
    const subscriber = new LiveSubscriber(new SseSink(randomUUID(), res, this.channel));
    res.on('close', () => {
      this.registry.removeSubscriber(subscriber);
      if (this.open.delete(res)) this.metrics.liveClients.dec({ transport: 'sse' });
    });
    await this.subscriptions.subscribe(subscriber, request, undefined, (ack) => this.start(res, ack, ignored));
    if (res.destroyed) return;
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    heartbeat.unref();
    res.on('close', () => clearInterval(heartbeat));
  }

  /** Streams are ended on shutdown, or the HTTP server would wait for them forever. */
  onModuleDestroy(): void {
    this.endAll();
  }

  private endAll(): void {
    for (const res of this.open) res.end();
  }

  /** `ready` is the ack, plus `ignored` (as REST's meta.ignored) when unknown parameters were left aside. */
  private start(res: Response, ack: SubscribeOk, ignored: string[]): void {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${RETRY_MS}\n\n`);
    res.write(sseMessage(SSE_READY_EVENT, ignored.length === 0 ? ack : { ...ack, ignored }, ack.cursor));
    this.open.add(res);
    this.metrics.liveClients.inc({ transport: 'sse' });
  }
}
