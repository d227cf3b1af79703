import type { OccupancyRecord } from './parking.model.js';

/** Future timestamps within this margin are network/clock jitter, not skew. */
export const CLOCK_TOLERANCE_MS = 60_000;

/**
 * The most the hub ever corrects. Clocks set to the wrong zone run hours ahead; a feed further
 * ahead than this is not a clock to trust: its records are corrected by this much at most, and
 * those still more than a day ahead are flagged `observed-at-out-of-range` by the normaliser.
 */
export const MAX_CLOCK_SKEW_MS = 6 * 3_600_000;

/** The HTTP `Date` header confirms the payload's estimate when the two are within this of each other. */
export const DATE_HEADER_AGREEMENT_MS = 15 * 60_000;

/**
 * Estimates how far one feed's clock runs ahead of ours, from one poll: the publication time when
 * the feed states a plausible one (no more than MAX_CLOCK_SKEW_MS ahead), else the median of the
 * records' observation times, each compared with when we received the bytes. A median, so that a
 * few records with absurd dates (2999-01-01) move nothing; capped at MAX_CLOCK_SKEW_MS. A clock
 * running behind cannot be told apart from old data, so only "ahead" is corrected.
 *
 * The response's HTTP `Date` header (`dateHeaderSkewMs`, how far it is ahead of the hub's clock)
 * is a second reading, of the server's clock rather than of the clock that stamped the data (a
 * CDN or proxy in front of the operator has its own): it never corrects on its own. When the
 * payload's estimate is a skew (over CLOCK_TOLERANCE_MS ahead) and the header says the same
 * within DATE_HEADER_AGREEMENT_MS, the header's value is taken: it is read at the moment of the
 * response, while record times are older than the clock that stamped them, so the payload's
 * median falls short of the true skew by the records' age.
 */
export function estimateClockSkewMs(
  observations: OccupancyRecord[],
  publishedAt: Date | undefined,
  receivedAt: Date,
  dateHeaderSkewMs?: number,
): number {
  const now = receivedAt.getTime();
  const published = publishedAt === undefined ? undefined : publishedAt.getTime() - now;
  const ahead =
    published !== undefined && published <= MAX_CLOCK_SKEW_MS ? published : (medianAheadMs(observations, now) ?? 0);
  if (!(ahead > CLOCK_TOLERANCE_MS)) return 0;
  const estimate = Math.min(ahead, MAX_CLOCK_SKEW_MS);
  const agrees =
    dateHeaderSkewMs !== undefined &&
    dateHeaderSkewMs > CLOCK_TOLERANCE_MS &&
    Math.abs(dateHeaderSkewMs - estimate) <= DATE_HEADER_AGREEMENT_MS;
  return agrees ? Math.min(dateHeaderSkewMs, MAX_CLOCK_SKEW_MS) : estimate;
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
