import type { RateLimitDecision } from './rate-limit.port.js';

/** The few response operations the access layer needs, on Express or a raw Node response alike. */
export interface HeaderTarget {
  setHeader(name: string, value: string | number): unknown;
}

/** IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers), on every limited response. */
export function setRateLimitHeaders(res: HeaderTarget, decision: RateLimitDecision): void {
  res.setHeader('RateLimit-Limit', decision.limit);
  res.setHeader('RateLimit-Remaining', decision.remaining);
  res.setHeader('RateLimit-Reset', decision.resetS);
  res.setHeader('RateLimit-Policy', `${decision.limit};w=60`);
  if (!decision.allowed) res.setHeader('Retry-After', decision.resetS);
}
