import type { IncomingMessage } from 'node:http';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ApiKeyService } from '../api/access/api-key.service.js';
import { QuotaCounter, rateLimited } from '../api/access/quota-counter.js';
import { RATE_LIMITER, type RateLimiterPort } from '../api/access/rate-limit.port.js';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';

type TrustProxy = (address: string, hop: number) => boolean;

/**
 * Contract §4 for socket.io handshakes, the way the REST guard applies it to requests: a key is
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
      return this.limit(`ip:${this.clientIp(request)}`, this.config.access.anonymousPerMinute);
    }
    const record = await this.keys.verify(apiKey);
    if (record === undefined) throw new AppException(ErrorCode.UNAUTHORIZED, 'unknown or revoked API key');
    return this.limit(`key:${record.id}`, record.perMinute);
  }

  private async limit(subject: string, perMinute: number): Promise<void> {
    const decision = await this.quota.count(subject, perMinute);
    if (decision !== undefined && !decision.allowed) throw rateLimited(decision);
  }

  /**
   * The client address as Express computes req.ip (HUB_TRUST_PROXY, compiled by Express as
   * "trust proxy fn"): walk X-Forwarded-For from the nearest hop while hops are trusted.
   */
  private clientIp(request: IncomingMessage): string {
    const direct = request.socket.remoteAddress ?? 'unknown';
    const trust = this.trustProxy();
    if (trust === undefined) return direct;
    const header = request.headers['x-forwarded-for'];
    const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
      .split(',')
      .map((part) => part.trim())
      .filter((part) => part !== '')
      .reverse();
    const hops = [direct, ...forwarded];
    for (let i = 0; i < hops.length - 1; i++) if (!trust(hops[i], i)) return hops[i];
    return hops[hops.length - 1];
  }

  private trustProxy(): TrustProxy | undefined {
    const app: unknown = this.adapterHost.httpAdapter?.getInstance();
    if (typeof app !== 'function' || !('get' in app) || typeof app.get !== 'function') return undefined;
    const fn: unknown = (app.get as (name: string) => unknown)('trust proxy fn');
    return typeof fn === 'function' ? (fn as TrustProxy) : undefined;
  }
}
