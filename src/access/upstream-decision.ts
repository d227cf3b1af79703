import type { RateLimitDecision } from './rate-limit.port.js';

const DECIDED = Symbol('accessCounted');

interface CountedAccess {
  subject: string;
  decision: RateLimitDecision;
}

/** The rate-limit subjects of the access rules: one per API key, one per client IP for anonymous callers. */
export const keySubject = (keyId: string): string => `key:${keyId}`;
export const ipSubject = (ip: string): string => `ip:${ip}`;

/**
 * A request already counted before it reached the guard (by the fast read path, which then
 * handed it on): the guard uses this decision for the same subject instead of counting twice.
 */
export function attachCountedAccess(req: object, subject: string, decision: RateLimitDecision): void {
  (req as Record<symbol, CountedAccess>)[DECIDED] = { subject, decision };
}

export function countedAccessFor(req: object, subject: string): RateLimitDecision | undefined {
  const counted = (req as Record<symbol, CountedAccess | undefined>)[DECIDED];
  return counted?.subject === subject ? counted.decision : undefined;
}
