import type { Logger } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { RateLimitDecision, RateLimiterPort } from './rate-limit.port.js';

/**
 * Counts one request (or handshake) against a per-minute quota, for the REST guard and the
 * socket.io handshake alike. Redis unreachable: answers undefined (no limit) rather than refuse
 * everyone, logging that once per outage.
 */
export class QuotaCounter {
  private downLogged = false;

  constructor(
    private readonly limiter: RateLimiterPort,
    private readonly logger: Logger,
  ) {}

  /** The count when the limiter can make it without waiting; undefined (nothing counted) otherwise. */
  countNow(subject: string, perMinute: number): RateLimitDecision | undefined {
    return this.limiter.hitNow?.(subject, perMinute);
  }

  async count(subject: string, perMinute: number): Promise<RateLimitDecision | undefined> {
    try {
      const decision = await this.limiter.hit(subject, perMinute);
      this.downLogged = false;
      return decision;
    } catch (error) {
      if (!this.downLogged) this.logger.warn(`rate limiter unavailable: ${(error as Error).message}`);
      this.downLogged = true;
      return undefined;
    }
  }
}

/** The 429 (error shape of docs/interface.md § Errors) for a refused decision. */
export function rateLimited(decision: RateLimitDecision): AppException {
  return new AppException(ErrorCode.RATE_LIMITED, `rate limit of ${decision.limit} requests per minute reached`, {
    details: { limit: decision.limit, retryAfterS: decision.resetS },
  });
}
