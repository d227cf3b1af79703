import type { ParkingTrend } from './parking.model.js';

/** What a source's `observedAt` times mean (sources file `timestamps`). */
export type TimestampMeaning = 'observation' | 'change';

/** The trend of a free count unchanged this long is `stable`: 3 × the source interval, at most 30 min. */
export const MAX_TREND_WINDOW_MS = 30 * 60_000;

export function trendWindowMs(intervalMs: number): number {
  return Math.min(3 * intervalMs, MAX_TREND_WINDOW_MS);
}

export interface FreshnessInput {
  /** The car park's own `observedAt`, epoch ms. */
  observedMs: number;
  /** Whether its source is stale right now (ops/source-staleness), or undefined when its health is unknown. */
  sourceStale: boolean | undefined;
  staleAfterMs: number;
  timestamps: TimestampMeaning;
  nowMs: number;
}

/**
 * Stale, judged at read time. By default `observedAt` is when the operator measured the value, so
 * a car park is stale once its own time is older than the limit, however well the feed polls (a
 * dead sensor, a 1970 date). With `timestamps: change` the time is when the value last changed:
 * an old one is no sign of a dead counter, and the car park is stale only when its source is.
 */
export function isParkingStale(f: FreshnessInput): boolean {
  const ownTimeStale = f.nowMs - f.observedMs > f.staleAfterMs;
  if (f.timestamps === 'change') return f.sourceStale ?? ownTimeStale;
  return ownTimeStale;
}

/** `filling` / `emptying` decay to `stable` once the free count has kept its value for the window. */
export function trendAt(trend: ParkingTrend, valueSinceMs: number, windowMs: number, nowMs: number): ParkingTrend {
  if (trend !== 'filling' && trend !== 'emptying') return trend;
  return nowMs - valueSinceMs >= windowMs ? 'stable' : trend;
}
