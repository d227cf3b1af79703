import { REFUSAL_WINDOW_MS, SocketEventLimiter } from './socket-event-limiter.js';

const LIMITS = { perSecond: 10, burst: 5, refusalsBeforeDisconnect: 3 };

function takeMany(limiter: SocketEventLimiter, n: number, now: number): string[] {
  return Array.from({ length: n }, () => limiter.take(now));
}

describe('SocketEventLimiter', () => {
  it('accepts a burst, then refuses, then disconnects a client that keeps sending', () => {
    const limiter = new SocketEventLimiter(LIMITS, 0);
    expect(takeMany(limiter, 5, 0)).toEqual(['accept', 'accept', 'accept', 'accept', 'accept']);
    expect(takeMany(limiter, 3, 0)).toEqual(['refuse', 'refuse', 'disconnect']);
  });

  it('refills at perSecond, never above burst', () => {
    const limiter = new SocketEventLimiter(LIMITS, 0);
    takeMany(limiter, 5, 0);
    expect(limiter.retryAfterMs(0)).toBe(100);
    expect(takeMany(limiter, 2, 250)).toEqual(['accept', 'accept']); // 2.5 tokens
    expect(limiter.take(250)).toBe('refuse');
    expect(takeMany(limiter, 6, 60_000)).toEqual(['accept', 'accept', 'accept', 'accept', 'accept', 'refuse']);
  });

  it('a client sending at the rate is never refused', () => {
    const limiter = new SocketEventLimiter(LIMITS, 0);
    const verdicts = Array.from({ length: 1_000 }, (_, i) => limiter.take(i * 100));
    expect(new Set(verdicts)).toEqual(new Set(['accept']));
  });

  it('refusals spread over more than the window do not disconnect', () => {
    const limiter = new SocketEventLimiter(LIMITS, 0);
    takeMany(limiter, 5, 0);
    expect(takeMany(limiter, 2, 0)).toEqual(['refuse', 'refuse']);
    // Much later: the bucket is full again; emptied at once, the refusal count restarts.
    const later = REFUSAL_WINDOW_MS + 1;
    takeMany(limiter, 5, later);
    expect(takeMany(limiter, 3, later)).toEqual(['refuse', 'refuse', 'disconnect']);
  });
});
