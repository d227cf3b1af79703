/** One stored observation (a change) as served by the history endpoint. */
export interface HistoryObservation {
  t: string;
  free: number | null;
  occupied: number | null;
  capacity: number | null;
  status: string;
  /** occupied / capacity (0..1), from free when occupied is unknown; null without a capacity. */
  occupancy: number | null;
  quality: string[];
}

/** One time bucket, weighted by how long each value held within it. */
export interface HistoryBucketRow {
  t: string;
  free: { min: number | null; avg: number | null; max: number | null };
  occupancy: number | null;
}

export interface HistoryRange {
  facilityId: string;
  from: Date;
  to: Date;
  limit: number;
}
