/** Per-connection limits on what a client may send (LIVE_EVENT_RATE, LIVE_EVENT_BURST, LIVE_EVENT_REFUSALS). */
export interface EventLimits {
  /** Events per second a connection may send, on average. */
  perSecond: number;
  /** Events it may send at once (the bucket's size): a client subscribing to everything it needs on connect. */
  burst: number;
  /** Refused events within REFUSAL_WINDOW_MS after which the connection is dropped. */
  refusalsBeforeDisconnect: number;
}

export const REFUSAL_WINDOW_MS = 10_000;

/** `accept`: handle it; `refuse`: answer RATE_LIMITED; `disconnect`: refuse it and drop the connection. */
export type EventVerdict = 'accept' | 'refuse' | 'disconnect';

/**
 * A token bucket per connection: `burst` tokens, refilled at `perSecond`; each event takes one.
 * An event without a token is refused; a client that keeps sending into an empty bucket
 * (`refusalsBeforeDisconnect` refusals within 10 s) is disconnected. Pure: the clock is passed in.
 */
export class SocketEventLimiter {
  private tokens: number;
  private refilledAt: number;
  private refusals = 0;
  private refusalWindowStart = 0;

  constructor(
    private readonly limits: EventLimits,
    now: number,
  ) {
    this.tokens = limits.burst;
    this.refilledAt = now;
  }

  take(now: number): EventVerdict {
    this.refill(now);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 'accept';
    }
    if (now - this.refusalWindowStart > REFUSAL_WINDOW_MS) {
      this.refusalWindowStart = now;
      this.refusals = 0;
    }
    this.refusals += 1;
    return this.refusals >= this.limits.refusalsBeforeDisconnect ? 'disconnect' : 'refuse';
  }

  /** Milliseconds until the next event would be accepted. */
  retryAfterMs(now: number): number {
    this.refill(now);
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.limits.perSecond) * 1_000);
  }

  private refill(now: number): void {
    const elapsedS = Math.max(0, now - this.refilledAt) / 1_000;
    this.tokens = Math.min(this.limits.burst, this.tokens + elapsedS * this.limits.perSecond);
    this.refilledAt = now;
  }
}
