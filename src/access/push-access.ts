import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { bearerToken } from './access-policy.js';
import { QuotaCounter, rateLimited } from './quota-counter.js';
import { RATE_LIMITER, type RateLimiterPort } from './rate-limit.port.js';
import { type HeaderTarget, setRateLimitHeaders } from './response-headers.js';
import { sameSecret } from './same-secret.js';
import { ipSubject } from './upstream-decision.js';

/** The rate-limit subject of a push source's pushes (one count per source, whichever address sends). */
export const pushSubject = (sourceId: string): string => `push:${sourceId}`;

/** What the push route knows of its source when it lets a push in. */
export interface PushCredentials {
  id: string;
  pushToken: string;
  pushPerMinute: number;
}

/**
 * The access rule of `POST /v1/ingest/:sourceId` (the guard leaves `push` paths to it): the
 * source's own token in `Authorization: Bearer`, compared in constant time, else 401; then the
 * push counts against the source's `pushPerMinute` in the shared limiter (429 with Retry-After).
 * A wrong or missing token counts against the caller's IP at the anonymous quota, as a wrong API
 * key does, so guessing stays bounded without spending the source's own pushes. The token never
 * reaches a log line or an error message.
 */
@Injectable()
export class PushAccess {
  private readonly quota: QuotaCounter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(RATE_LIMITER) limiter: RateLimiterPort,
  ) {
    this.quota = new QuotaCounter(limiter, new Logger('Access'));
  }

  async admit(
    headers: Record<string, string | string[] | undefined>,
    clientIp: string,
    res: HeaderTarget,
    source: PushCredentials,
  ): Promise<void> {
    const given = bearerToken(headers);
    if (given === undefined || !sameSecret(given, source.pushToken)) {
      await this.count(res, ipSubject(clientIp), this.config.access.anonymousPerMinute);
      throw new AppException(
        ErrorCode.UNAUTHORIZED,
        `push token missing or wrong for source "${source.id}" (Authorization: Bearer <token>)`,
      );
    }
    await this.count(res, pushSubject(source.id), source.pushPerMinute);
  }

  private async count(res: HeaderTarget, subject: string, perMinute: number): Promise<void> {
    const decision = await this.quota.count(subject, perMinute);
    if (decision === undefined) return;
    setRateLimitHeaders(res, decision);
    if (!decision.allowed) throw rateLimited(decision);
  }
}
