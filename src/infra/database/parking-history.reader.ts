import { Injectable } from '@nestjs/common';
import type { HistoryBucketRow, HistoryObservation, HistoryRange } from '../../parking/parking-history.model.js';
import type { ParkingHistoryReaderPort } from '../../parking/parking-history-read.port.js';
import { DatabaseService } from './database.service.js';
import { toStorageError } from './storage-error.js';

/** Buckets are aligned on multiples of their size since this instant (a Monday, 00:00 UTC). */
const BUCKET_ORIGIN = '2001-01-01T00:00:00Z';

const OCCUPANCY = `CASE WHEN capacity > 0 THEN COALESCE(occupied, capacity - free)::float8 / capacity END`;

/**
 * History is stored as changes, so a value holds from its observation to the next one. Each
 * step [s, e) is clipped to the range, split at bucket edges, and weighted by its duration.
 * The step in force at `from` comes from the last observation before it. The primary key
 * (facility_id, observed_at) serves both range scans; see docs/api.md for the plan measured.
 */
const BUCKETS_SQL = `
WITH points AS (
  (SELECT observed_at, free, ${OCCUPANCY} AS occ FROM parking_observation
    WHERE facility_id = $1 AND observed_at <= $2 ORDER BY observed_at DESC LIMIT 1)
  UNION ALL
  (SELECT observed_at, free, ${OCCUPANCY} AS occ FROM parking_observation
    WHERE facility_id = $1 AND observed_at > $2 AND observed_at < $3 ORDER BY observed_at)
), steps AS (
  SELECT GREATEST(observed_at, $2) AS s, COALESCE(LEAD(observed_at) OVER (ORDER BY observed_at), $3) AS e, free, occ
  FROM points
), pieces AS (
  SELECT date_bin($4::interval, s, $6::timestamptz) AS bucket, s AS ps, e AS pe, free, occ
  FROM steps
  WHERE e > s AND date_bin($4::interval, s, $6::timestamptz) = date_bin($4::interval, e - interval '1 microsecond', $6::timestamptz)
  UNION ALL
  SELECT b, GREATEST(s, b), LEAST(e, b + $4::interval), free, occ
  FROM steps, LATERAL generate_series(date_bin($4::interval, s, $6::timestamptz), e - interval '1 microsecond', $4::interval) AS b
  WHERE e > s AND date_bin($4::interval, s, $6::timestamptz) <> date_bin($4::interval, e - interval '1 microsecond', $6::timestamptz)
), weighted AS (
  SELECT bucket, free, occ, EXTRACT(EPOCH FROM pe - ps)::float8 AS w FROM pieces
)
SELECT bucket AS t, MIN(free) AS free_min, MAX(free) AS free_max,
  SUM(free * w) / NULLIF(SUM(w) FILTER (WHERE free IS NOT NULL), 0) AS free_avg,
  SUM(occ * w) / NULLIF(SUM(w) FILTER (WHERE occ IS NOT NULL), 0) AS occupancy
FROM weighted GROUP BY bucket ORDER BY bucket LIMIT $5`;

interface ObservationRow {
  observed_at: Date;
  free: number | null;
  occupied: number | null;
  capacity: number | null;
  status: string;
  quality: string[];
  occ: number | null;
}

interface BucketRow {
  t: Date;
  free_min: number | null;
  free_max: number | null;
  free_avg: number | null;
  occupancy: number | null;
}

/** Reads parking_observation for the history endpoint. */
@Injectable()
export class ParkingHistoryReader implements ParkingHistoryReaderPort {
  constructor(private readonly db: DatabaseService) {}

  async facilityExists(id: string): Promise<boolean> {
    const rows = await this.query<{ found: number }>('SELECT 1 AS found FROM facility WHERE id = $1', [id]);
    return rows.length > 0;
  }

  async observations(range: HistoryRange): Promise<HistoryObservation[]> {
    const rows = await this.query<ObservationRow>(
      `SELECT observed_at, free, occupied, capacity, status, quality, ${OCCUPANCY} AS occ
       FROM parking_observation
       WHERE facility_id = $1 AND observed_at >= $2 AND observed_at < $3
       ORDER BY observed_at LIMIT $4`,
      [range.facilityId, range.from, range.to, range.limit],
    );
    return rows.map((r) => ({
      t: r.observed_at.toISOString(),
      free: r.free,
      occupied: r.occupied,
      capacity: r.capacity,
      status: r.status,
      occupancy: round(r.occ, 3),
      quality: r.quality,
    }));
  }

  async buckets(range: HistoryRange, bucketS: number): Promise<HistoryBucketRow[]> {
    const rows = await this.query<BucketRow>(BUCKETS_SQL, [
      range.facilityId,
      range.from,
      range.to,
      `${bucketS} seconds`,
      range.limit,
      BUCKET_ORIGIN,
    ]);
    return rows.map((r) => ({
      t: r.t.toISOString(),
      free: { min: r.free_min, avg: round(r.free_avg, 1), max: r.free_max },
      occupancy: round(r.occupancy, 3),
    }));
  }

  private async query<T>(sql: string, params: unknown[]): Promise<T[]> {
    const ds = await this.db.dataSource();
    try {
      return (await ds.query(sql, params)) as T[];
    } catch (error) {
      throw toStorageError(error);
    }
  }
}

function round(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
