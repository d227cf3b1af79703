import type { OccupancyRecord } from './parking.model.js';

/** Future timestamps within this margin are network/clock jitter, not skew. */
export const CLOCK_TOLERANCE_MS = 60_000;

/**
 * Estimates how far the operator's clock runs ahead of ours: the publication time when the feed
 * states one, else the newest observation, compared with when we received the bytes. A clock
 * running behind cannot be told apart from old data, so only "ahead" is corrected.
 */
export function estimateClockSkewMs(
  observations: OccupancyRecord[],
  publishedAt: Date | undefined,
  receivedAt: Date,
): number {
  let newest = publishedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  if (publishedAt === undefined) {
    for (const o of observations) {
      const t = o.observedAt?.getTime();
      if (t !== undefined && t > newest) newest = t;
    }
  }
  const ahead = newest - receivedAt.getTime();
  return ahead > CLOCK_TOLERANCE_MS ? ahead : 0;
}
