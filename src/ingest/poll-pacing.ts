import type { PacedBy } from '../ops/source-health.model.js';

/**
 * How the hub slows a source down (polite polling). Pure: the clock and the dice are inputs.
 *
 * Mechanism: each source keeps one BullMQ job scheduler ticking at its configured interval
 * (so the hub never polls faster than that), and the health record carries `nextPollAt`. A
 * scheduler tick that arrives before `nextPollAt` is skipped: nothing is fetched, nothing is
 * recorded in the source's health, only the `skipped` poll counter moves. We chose this over
 * re-upserting the scheduler with a longer `every`: the schedulers stay what sources.yaml says
 * (a SIGHUP reload cannot fight a backoff), two workers see the same gate in Redis, and a
 * restart keeps it. The cost: a delay is rounded up to the next tick.
 */

/** A Retry-After beyond this counts as this: one bad header must not silence a source for days. */
export const RETRY_AFTER_CAP_MS = 60 * 60_000;
/** ±20 % on failure backoff, so sources of one failing operator do not retry in lockstep. */
export const BACKOFF_JITTER = 0.2;
/** Scheduler ticks wander by a few ms; soft delays give back this much so they do not lose a whole tick to it. */
const MAX_TICK_SLACK_MS = 1_000;

export interface PacingInput {
  /** When the poll started and when its answer (or failure) came back, epoch ms. */
  startedAtMs: number;
  respondedAtMs: number;
  intervalMs: number;
  staleAfterMs: number;
  /** After this poll: 0 when it succeeded. */
  consecutiveFailures: number;
  retryAfterMs?: number;
  maxAgeMs?: number;
  /** Cap of the failure backoff (HUB_POLL_BACKOFF_MAX); a longer interval wins over it. */
  backoffMaxMs: number;
  /** [0, 1); Math.random in production. */
  random: () => number;
}

export interface PacingPlan {
  nextPollAtMs: number;
  pacedBy: PacedBy;
}

/**
 * The earliest time of the next poll when it is later than the next scheduler tick, and why;
 * undefined when the interval alone applies.
 * - Retry-After (on any answer, 429/503 mostly): honoured exactly, from when the answer came,
 *   up to RETRY_AFTER_CAP_MS.
 * - Cache-Control max-age (on a successful answer): honoured up to the point where values would
 *   turn stale before the next poll (staleness limit minus one interval).
 * - n failures in a row: interval × 2^(n-1), ±20 % jitter, capped at the backoff cap.
 * The latest of these wins; none ever makes the hub poll faster than the interval.
 */
export function planNextPoll(input: PacingInput): PacingPlan | undefined {
  const plans: PacingPlan[] = [];
  const slack = Math.min(input.intervalMs / 4, MAX_TICK_SLACK_MS);
  if (input.retryAfterMs !== undefined && input.retryAfterMs > 0) {
    const wait = Math.min(input.retryAfterMs, Math.max(RETRY_AFTER_CAP_MS, input.intervalMs));
    plans.push({ nextPollAtMs: input.respondedAtMs + wait, pacedBy: 'retry-after' });
  }
  if (input.consecutiveFailures === 0 && input.maxAgeMs !== undefined) {
    const wait = Math.min(input.maxAgeMs, Math.max(input.intervalMs, input.staleAfterMs - input.intervalMs));
    plans.push({ nextPollAtMs: input.startedAtMs + wait - slack, pacedBy: 'max-age' });
  }
  if (input.consecutiveFailures > 0) {
    plans.push({ nextPollAtMs: input.startedAtMs + failureBackoffMs(input) - slack, pacedBy: 'backoff' });
  }
  const latest = plans.reduce<PacingPlan | undefined>(
    (best, plan) => (best === undefined || plan.nextPollAtMs > best.nextPollAtMs ? plan : best),
    undefined,
  );
  return latest !== undefined && latest.nextPollAtMs > input.startedAtMs + input.intervalMs ? latest : undefined;
}

/** interval × 2^(n-1) with jitter, within [interval, max(interval, cap)]. */
export function failureBackoffMs(
  input: Pick<PacingInput, 'intervalMs' | 'consecutiveFailures' | 'backoffMaxMs' | 'random'>,
): number {
  const exponent = Math.min(Math.max(0, input.consecutiveFailures - 1), 30);
  const base = input.intervalMs * 2 ** exponent;
  const jittered = base * (1 + BACKOFF_JITTER * (2 * input.random() - 1));
  const ceiling = Math.max(input.intervalMs, input.backoffMaxMs);
  return Math.round(Math.min(ceiling, Math.max(input.intervalMs, jittered)));
}

/** A scheduler tick may poll when no gate is set or the gate has passed. */
export function isPollDue(nextPollAt: string | undefined, nowMs: number): boolean {
  if (nextPollAt === undefined) return true;
  const gate = Date.parse(nextPollAt);
  return Number.isNaN(gate) || nowMs >= gate;
}
