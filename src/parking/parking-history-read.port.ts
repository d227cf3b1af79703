import type { HistoryBucketRow, HistoryObservation, HistoryRange } from './parking-history.model.js';

/** Reads parking history (Postgres in production). */
export const PARKING_HISTORY_READER = Symbol('PARKING_HISTORY_READER');
export interface ParkingHistoryReaderPort {
  facilityExists(id: string): Promise<boolean>;
  /** Observations with from <= t < to, oldest first, at most `limit`. */
  observations(range: HistoryRange): Promise<HistoryObservation[]>;
  /**
   * Buckets of `bucketS` seconds aligned on UTC multiples, from <= t < to, at most `limit`.
   * A value holds until the next observation, so a bucket without a change still has the value in force.
   */
  buckets(range: HistoryRange, bucketS: number): Promise<HistoryBucketRow[]>;
}
