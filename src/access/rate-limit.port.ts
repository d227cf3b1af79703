/** The outcome of counting one request against a per-minute quota. */
export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends and the count starts again. */
  resetS: number;
  /** The change-stream cursor read in the same round trip (see ResponseCache), when the store has one. */
  changeCursor?: string;
}

/** A per-minute request counter shared by every API process (Redis in production). */
export const RATE_LIMITER = Symbol('RATE_LIMITER');
export interface RateLimiterPort {
  /** Counts one request for `subject` (e.g. "key:<id>" or "ip:<address>") against `perMinute`. */
  hit(subject: string, perMinute: number): Promise<RateLimitDecision>;
  /**
   * The same count when it can be made without waiting (the store's shared count is fresh);
   * undefined, counting nothing, when it cannot: then hit() is the way.
   */
  hitNow?(subject: string, perMinute: number): RateLimitDecision | undefined;
}
