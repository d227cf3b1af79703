import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { AppConfig } from '../../../config/app-config.js';
import { APP_CONFIG } from '../../../config/tokens.js';
import { HttpAccessLog } from '../../../ops/logging/http-access-log.js';
import { MetricsService } from '../../../ops/metrics/metrics.service.js';
import { ApiKeyService } from '../../../access/api-key.service.js';
import { trustProxyOf } from '../../../access/client-address.js';
import { QuotaCounter } from '../../../access/quota-counter.js';
import { RATE_LIMITER, type RateLimiterPort } from '../../../access/rate-limit.port.js';
import { SEEN_CHANGE_CURSOR, type SeenChangeCursorPort } from '../../../live/change-cursor.port.js';
import { ResponseCache } from '../response-cache.js';
import { FastReadPath } from './fast-read.path.js';
import { COMPUTED_READS, type ComputedRead } from './computed-read.js';
import { imageSourcesOf } from '../../dashboard/tile-source.js';
import { fixedSecurityHeaders } from './fixed-security-headers.js';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts the fast read path in front of the HTTP server's request listeners (Express, and
 * socket.io's wrapper when it is attached), once the app is wired. HUB_FAST_READS=false leaves
 * every request to Express.
 */
@Injectable()
export class FastReadInstaller implements OnApplicationBootstrap {
  private readonly logger = new Logger('Http');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly cache: ResponseCache,
    private readonly keys: ApiKeyService,
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiterPort,
    private readonly metrics: MetricsService,
    private readonly moduleRef: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.fastReads) return;
    const adapter = this.adapterHost.httpAdapter;
    const server = adapter?.getHttpServer() as Server | undefined;
    if (server === undefined) return;
    const cursor = this.seenCursor();
    if (cursor === undefined) {
      this.logger.warn('no change-stream reader in this process: every request goes through Express');
      return;
    }
    const path = new FastReadPath({
      cursor,
      config: this.config,
      cache: this.cache,
      keys: this.keys,
      quota: new QuotaCounter(this.limiter, new Logger('Access')),
      accessLog: new HttpAccessLog(this.metrics),
      metrics: this.metrics,
      securityHeaders: fixedSecurityHeaders(imageSourcesOf(this.config)),
      trustProxy: trustProxyOf(adapter.getInstance()),
      computed: this.computedReads(),
    });
    const listeners = server.listeners('request') as RequestListener[];
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) =>
      path.handle(req, res, () => {
        for (const listener of listeners) listener.call(server, req, res);
      }),
    );
  }

  /** Every COMPUTED_READS provider (route modules), in whichever module it is. */
  private computedReads(): ComputedRead[] {
    try {
      return this.moduleRef.get<ComputedRead>(COMPUTED_READS, { strict: false, each: true });
    } catch {
      return [];
    }
  }

  /** The live feed's reader (LiveModule), found in whichever module provides it. */
  private seenCursor(): SeenChangeCursorPort | undefined {
    try {
      return this.moduleRef.get<SeenChangeCursorPort>(SEEN_CHANGE_CURSOR, { strict: false });
    } catch {
      return undefined;
    }
  }
}
