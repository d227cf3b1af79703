import { failureBackoffMs, isPollDue, planNextPoll, RETRY_AFTER_CAP_MS, type PacingInput } from './poll-pacing.js';

const T0 = Date.parse('2026-11-28T10:00:00Z');
const base: PacingInput = {
  startedAtMs: T0,
  respondedAtMs: T0 + 120,
  intervalMs: 10_000,
  staleAfterMs: 30_000,
  consecutiveFailures: 0,
  backoffMaxMs: 15 * 60_000,
  random: () => 0.5,
};

/** Fake clock: the scheduler ticks every interval; returns the first tick the gate lets through. */
function firstPollAfter(plan: ReturnType<typeof planNextPoll>, intervalMs: number, tickJitterMs = 0): number {
  const gate = plan === undefined ? undefined : new Date(plan.nextPollAtMs).toISOString();
  for (let k = 1; k < 10_000; k += 1) {
    const tick = T0 + k * intervalMs + tickJitterMs;
    if (isPollDue(gate, tick)) return tick;
  }
  throw new Error('never due');
}

describe('planNextPoll', () => {
  it('leaves a healthy source to its interval', () => {
    expect(planNextPoll(base)).toBeUndefined();
    expect(firstPollAfter(planNextPoll(base), 10_000, -3) - T0).toBe(9_997);
  });

  it('Retry-After: 30 delays the next poll by at least 30 s from the answer, even on an early tick', () => {
    const plan = planNextPoll({ ...base, retryAfterMs: 30_000, consecutiveFailures: 1, random: () => 0 });
    expect(plan).toEqual({ nextPollAtMs: T0 + 120 + 30_000, pacedBy: 'retry-after' });
    const next = firstPollAfter(plan, 10_000, -3);
    expect(next - (T0 + 120)).toBeGreaterThanOrEqual(30_000);
    expect(next - T0).toBe(39_997); // the 4th tick: ticks at ~10, 20, 30 s are skipped
  });

  it('Retry-After on a successful answer counts too, and is capped at one hour', () => {
    expect(planNextPoll({ ...base, retryAfterMs: 20_000 })?.pacedBy).toBe('retry-after');
    const plan = planNextPoll({ ...base, retryAfterMs: 86_400_000 });
    expect(plan?.nextPollAtMs).toBe(T0 + 120 + RETRY_AFTER_CAP_MS);
  });

  it('never polls faster than the interval, whatever the headers say', () => {
    expect(planNextPoll({ ...base, retryAfterMs: 2_000 })).toBeUndefined();
    expect(planNextPoll({ ...base, maxAgeMs: 0 })).toBeUndefined();
    expect(planNextPoll({ ...base, maxAgeMs: 5_000 })).toBeUndefined();
  });

  it('max-age stretches the period up to the staleness limit minus one interval', () => {
    const plan = planNextPoll({ ...base, maxAgeMs: 15_000 });
    expect(plan).toEqual({ nextPollAtMs: T0 + 15_000 - 1_000, pacedBy: 'max-age' });
    expect(firstPollAfter(plan, 10_000) - T0).toBe(20_000);
    // max-age=3600 on a 10 s feed whose values go stale after 30 s: polled every 20 s, not hourly.
    expect(planNextPoll({ ...base, maxAgeMs: 3_600_000 })?.nextPollAtMs).toBe(T0 + 20_000 - 1_000);
  });

  it('max-age is ignored on a failed poll', () => {
    const plan = planNextPoll({ ...base, maxAgeMs: 3_600_000, consecutiveFailures: 2 });
    expect(plan?.pacedBy).toBe('backoff');
  });

  it('backs off exponentially on failures: 1, 2, 4, 8 intervals, then the cap', () => {
    const at = (n: number) => planNextPoll({ ...base, consecutiveFailures: n })?.nextPollAtMs;
    expect(at(1)).toBeUndefined(); // the next tick: one interval
    expect(at(2)).toBe(T0 + 20_000 - 1_000);
    expect(at(3)).toBe(T0 + 40_000 - 1_000);
    expect(at(4)).toBe(T0 + 80_000 - 1_000);
    expect(at(20)).toBe(T0 + 15 * 60_000 - 1_000);
    expect(firstPollAfter(planNextPoll({ ...base, consecutiveFailures: 3 }), 10_000, -3) - T0).toBe(39_997);
  });

  it('jitters the backoff by ±20 % without going under the interval', () => {
    const input = { intervalMs: 10_000, consecutiveFailures: 3, backoffMaxMs: 900_000 };
    expect(failureBackoffMs({ ...input, random: () => 0 })).toBe(32_000);
    expect(failureBackoffMs({ ...input, random: () => 0.999_999 })).toBe(48_000);
    expect(failureBackoffMs({ ...input, consecutiveFailures: 1, random: () => 0 })).toBe(10_000);
  });

  it('a long interval wins over the backoff cap (a daily feed is not polled faster when failing)', () => {
    const daily = { intervalMs: 86_400_000, consecutiveFailures: 6, backoffMaxMs: 900_000, random: () => 0.5 };
    expect(failureBackoffMs(daily)).toBe(86_400_000);
  });

  it('the latest reason wins when several apply', () => {
    const plan = planNextPoll({ ...base, consecutiveFailures: 4, retryAfterMs: 30_000 });
    expect(plan).toEqual({ nextPollAtMs: T0 + 80_000 - 1_000, pacedBy: 'backoff' });
  });
});

describe('isPollDue', () => {
  it('is due without a gate, or once the gate has passed', () => {
    expect(isPollDue(undefined, T0)).toBe(true);
    expect(isPollDue('2026-11-28T10:00:30.000Z', T0 + 29_999)).toBe(false);
    expect(isPollDue('2026-11-28T10:00:30.000Z', T0 + 30_000)).toBe(true);
  });
});
