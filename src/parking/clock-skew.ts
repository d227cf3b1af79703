import type { OccupancyRecord } from './parking.model.js';

/** Future timestamps within this margin are network/clock jitter, not skew. */
export const CLOCK_TOLERANCE_MS = 60_000;

/**
 * The most the hub ever corrects. Clocks set to the wrong zone run hours ahead; a feed further
 * ahead than this is not a clock to trust: its records are corrected by this much at most, and
 * those still more than a day ahead are flagged `observed-at-out-of-range` by the normaliser.
 */
export const MAX_CLOCK_SKEW_MS = 6 * 3_600_000;

/**
 * Estimates how far one feed's clock runs ahead of ours, from one poll: the publication time when
 * the feed states a plausible one (no more than MAX_CLOCK_SKEW_MS ahead), else the median of the
 * records' observation times, each compared with when we received the bytes. A median, so that a
 * few records with absurd dates (2999-01-01) move nothing; capped at MAX_CLOCK_SKEW_MS. A clock
 * running behind cannot be told apart from old data, so only "ahead" is corrected.
 */
export function estimateClockSkewMs(
  observations: OccupancyRecord[],
  publishedAt: Date | undefined,
  receivedAt: Date,
): number {
  const now = receivedAt.getTime();
  const published = publishedAt === undefined ? undefined : publishedAt.getTime() - now;
  const ahead =
    published !== undefined && published <= MAX_CLOCK_SKEW_MS ? published : (medianAheadMs(observations, now) ?? 0);
  if (!(ahead > CLOCK_TOLERANCE_MS)) return 0;
  return Math.min(ahead, MAX_CLOCK_SKEW_MS);
}

/** The lower median of (observedAt - now) over the records that state a time; undefined when none does. */
function medianAheadMs(observations: OccupancyRecord[], now: number): number | undefined {
  const aheads = new Float64Array(observations.length);
  let n = 0;
  for (const o of observations) {
    const t = o.observedAt?.getTime();
    if (t !== undefined && Number.isFinite(t)) aheads[n++] = t - now;
  }
  if (n === 0) return undefined;
  const sorted = aheads.subarray(0, n).sort();
  return sorted[(n - 1) >> 1];
}
