/** Which delay reports to read: the calls of a feed's trips, or of a feed at some of its stops. */
export type PunctualityScope =
  | { kind: 'route'; feedId: string; versionId: number; routeId: string }
  | { kind: 'stops'; feedId: string; stopIds: readonly string[] };

export interface PunctualityRequest {
  scope: PunctualityScope;
  from: Date;
  to: Date;
  timezone: string;
  earlyToleranceS: number;
  lateToleranceS: number;
}

/** Counts and delay percentiles (s) of one group of calls; percentiles null without calls. */
export interface PunctualityGroup {
  observations: number;
  early: number;
  late: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

export interface PunctualityStats {
  overall: PunctualityGroup;
  /** By hour of the day (0–23) in the request's time zone; hours without calls are absent. */
  byHour: Map<number, PunctualityGroup>;
}

export const PUNCTUALITY_READER = Symbol('PUNCTUALITY_READER');

/** Reads the delay history the GTFS-RT ingest keeps (Postgres `transit_delay_observation`). */
export interface PunctualityReaderPort {
  /**
   * One call (trip, service day, stop, sequence) counts once, with the last delay reported for it,
   * in the range that holds that last report. Early: delay < −earlyTolerance; late: delay ≥ lateTolerance.
   */
  punctuality(request: PunctualityRequest): Promise<PunctualityStats>;
}
