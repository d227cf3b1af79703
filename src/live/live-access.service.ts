import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiKeyService } from '../access/api-key.service.js';
import { QuotaCounter, rateLimited } from '../access/quota-counter.js';
import { RATE_LIMITER, type RateLimiterPort } from '../access/rate-limit.port.js';
import { ipSubject, keySubject } from '../access/upstream-decision.js';
import { clientAddress, trustProxyOf } from '../access/client-address.js';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';

/**
 * docs/interface.md § Access for socket.io handshakes, the way the REST guard applies it to requests: a key is
 * verified in the key store and counted against its quota, an anonymous handshake against the
 * per-IP quota, and refused when HUB_REQUIRE_API_KEY=true. One handshake counts as one request.
 */
@Injectable()
export class LiveAccessService {
  private readonly quota: QuotaCounter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: ApiKeyService,
    @Inject(RATE_LIMITER) limiter: RateLimiterPort,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.quota = new QuotaCounter(limiter, new Logger('Access'));
  }

  /** Resolves when the handshake may proceed; throws AppException (UNAUTHORIZED, RATE_LIMITED) otherwise. */
  async admit(apiKey: string | undefined, request: IncomingMessage): Promise<void> {
    if (apiKey === undefined) {
      if (this.config.requireApiKey) {
        throw new AppException(ErrorCode.UNAUTHORIZED, 'an API key is required: pass it as auth.apiKey');
      }
      return this.limit(ipSubject(this.clientIp(request)), this.config.access.anonymousPerMinute);
    }
    const record = await this.keys.verify(apiKey);
    if (record === undefined) throw new AppException(ErrorCode.UNAUTHORIZED, 'unknown or revoked API key');
    return this.limit(keySubject(record.id), record.perMinute);
  }

  private async limit(subject: string, perMinute: number): Promise<void> {
    const decision = await this.quota.count(subject, perMinute);
    if (decision !== undefined && !decision.allowed) throw rateLimited(decision);
  }

  /** The client's address as the REST API sees it (X-Forwarded-For from trusted proxies only). */
  clientIp(request: IncomingMessage): string {
    return clientAddress(request, trustProxyOf(this.adapterHost.httpAdapter?.getInstance()));
  }
}
