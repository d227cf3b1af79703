import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { attachChangeCursor } from '../live/change-cursor.port.js';
import { accessRuleFor, apiKeyFrom, bearerToken, KEY_IN_QUERY_ROUTES, spellingProblem } from './access-policy.js';
import { ApiKeyService } from './api-key.service.js';
import { QuotaCounter, rateLimited } from './quota-counter.js';
import { RATE_LIMITER, type RateLimiterPort } from './rate-limit.port.js';
import { type HeaderTarget, setRateLimitHeaders } from './response-headers.js';
import { sameSecret } from './same-secret.js';
import { countedAccessFor, ipSubject, keySubject } from './upstream-decision.js';

/** Admin calls are few; the limit is there to slow down token guessing. */
export const ADMIN_PER_MINUTE = 60;

interface GuardedRequest {
  path?: string;
  url?: string;
  /** Express: the mount path and the route the router matched (its pattern, `/v1/admin/keys/:id`). */
  baseUrl?: string;
  route?: { path?: unknown };
  ip?: string;
  socket?: { remoteAddress?: string };
  headers: Record<string, string | string[] | undefined>;
  query?: Record<string, unknown>;
}

/**
 * docs/interface.md § Access on every HTTP route: /v1/admin/* needs HUB_ADMIN_TOKEN; /v1/ingest/* is
 * left to the push route (its source's token, push-access.ts); other /v1 reads are
 * limited per API key (its quota) or per client IP (anonymous quota; 401 when keys are required).
 * The rule is the matched route's (access-policy.ts), so no spelling of a path can change it.
 * The key itself never reaches a log line or an error message.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  private readonly quota: QuotaCounter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly keys: ApiKeyService,
    @Inject(RATE_LIMITER) limiter: RateLimiterPort,
  ) {
    this.quota = new QuotaCounter(limiter, new Logger('Access'));
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<GuardedRequest>();
    const res = context.switchToHttp().getResponse<HeaderTarget>();
    const path = req.path ?? (req.url ?? '/').split('?')[0];
    // Routing is case-sensitive and strict, but a parameter takes any spelling: one path, one spelling.
    const problem = spellingProblem(path);
    if (problem !== undefined) {
      throw new AppException(ErrorCode.BAD_REQUEST, `the path is not in canonical form: it has ${problem}`);
    }
    const route = routePatternOf(req);
    // Decided on the matched route (and never less strict than the path as sent).
    const rule = accessRuleFor(path, route);
    if (rule === 'open') return true;
    // The push route checks the source's own token and counts its own limit (push-access.ts).
    if (rule === 'push') return true;
    if (rule === 'admin') {
      res.setHeader('Cache-Control', 'no-store');
      await this.limit(req, res, `admin-${ipSubject(clientIp(req))}`, ADMIN_PER_MINUTE);
      this.checkAdmin(req);
      return true;
    }
    const key = apiKeyFrom(req.headers, req.query, route !== undefined && KEY_IN_QUERY_ROUTES.has(route));
    if (key === undefined) {
      if (this.config.requireApiKey) {
        throw new AppException(ErrorCode.UNAUTHORIZED, 'an API key is required: send it in the X-API-Key header');
      }
      await this.limit(req, res, ipSubject(clientIp(req)), this.config.access.anonymousPerMinute);
      return true;
    }
    const record = await this.keys.verify(key);
    if (record === undefined) {
      // Wrong keys count against the caller's IP, so guessing (and key lookups) stays bounded.
      await this.limit(req, res, ipSubject(clientIp(req)), this.config.access.anonymousPerMinute);
      throw new AppException(ErrorCode.UNAUTHORIZED, 'unknown or revoked API key');
    }
    await this.limit(req, res, keySubject(record.id), record.perMinute);
    return true;
  }

  private checkAdmin(req: GuardedRequest): void {
    const expected = this.config.access.adminToken;
    if (expected === undefined) {
      throw new AppException(ErrorCode.UNAUTHORIZED, 'the admin API is off: set HUB_ADMIN_TOKEN to enable it');
    }
    const given = bearerToken(req.headers);
    if (given === undefined || !sameSecret(given, expected)) {
      throw new AppException(ErrorCode.UNAUTHORIZED, 'admin token missing or wrong (Authorization: Bearer <token>)');
    }
  }

  private async limit(req: object, res: HeaderTarget, subject: string, perMinute: number): Promise<void> {
    const decision = countedAccessFor(req, subject) ?? (await this.quota.count(subject, perMinute));
    if (decision === undefined) return;
    setRateLimitHeaders(res, decision);
    attachChangeCursor(req, decision.changeCursor);
    if (!decision.allowed) throw rateLimited(decision);
  }
}

/** The pattern of the route Express matched for this request, when it matched one. */
function routePatternOf(req: GuardedRequest): string | undefined {
  const pattern = req.route?.path;
  return typeof pattern === 'string' ? `${req.baseUrl ?? ''}${pattern}` : undefined;
}

function clientIp(req: GuardedRequest): string {
  return req.ip ?? req.socket?.remoteAddress ?? 'unknown';
}
