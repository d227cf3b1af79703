/** Buckets are aligned on multiples of their size since this instant (a Monday, 00:00 UTC). */
export const BUCKET_ORIGIN = '2001-01-01T00:00:00Z';

const OCCUPANCY = `CASE WHEN capacity > 0 THEN COALESCE(occupied, capacity - free)::float8 / capacity END`;

/** $1 facility, $2 from, $3 to, $4 limit. */
export const OBSERVATIONS_SQL = `
SELECT observed_at, free, occupied, capacity, status, quality, ${OCCUPANCY} AS occ
FROM parking_observation
WHERE facility_id = $1 AND observed_at >= $2 AND observed_at < $3
ORDER BY observed_at LIMIT $4`;

/**
 * History is stored as changes, so a value holds from its observation to the next one. Each
 * step [s, e) is clipped to [from, to), split at bucket edges (most steps fit in one bucket and
 * skip generate_series), and weighted by its duration in seconds. The step in force at `from`
 * comes from the last observation before it. Sums and weights are returned, not averages, so
 * buckets can be added up (hours into days). The primary key (facility_id, observed_at) serves
 * both range scans.
 * $1 facility, $2 from, $3 to, $4 bucket interval, $5 limit, $6 origin.
 */
export const WEIGHTED_BUCKETS_SQL = `
WITH points AS (
  (SELECT observed_at, free, ${OCCUPANCY} AS occ FROM parking_observation
    WHERE facility_id = $1 AND observed_at <= $2 ORDER BY observed_at DESC LIMIT 1)
  UNION ALL
  (SELECT observed_at, free, ${OCCUPANCY} AS occ FROM parking_observation
    WHERE facility_id = $1 AND observed_at > $2 AND observed_at < $3 ORDER BY observed_at)
), steps AS (
  SELECT GREATEST(observed_at, $2) AS s, COALESCE(LEAD(observed_at) OVER (ORDER BY observed_at), $3) AS e, free, occ,
    date_bin($4::interval, GREATEST(observed_at, $2), $6::timestamptz) AS first_bucket
  FROM points
), pieces AS (
  SELECT first_bucket AS bucket, s AS ps, e AS pe, free, occ
  FROM steps
  WHERE e > s AND e <= first_bucket + $4::interval
  UNION ALL
  SELECT b, GREATEST(s, b), LEAST(e, b + $4::interval), free, occ
  FROM steps, LATERAL generate_series(first_bucket, e - interval '1 microsecond', $4::interval) AS b
  WHERE e > first_bucket + $4::interval
), weighted AS (
  SELECT bucket, free, occ, EXTRACT(EPOCH FROM pe - ps)::float8 AS w FROM pieces
)
SELECT bucket AS t, MIN(free) AS free_min, MAX(free) AS free_max,
  COALESCE(SUM(free * w), 0) AS free_wsum, COALESCE(SUM(w) FILTER (WHERE free IS NOT NULL), 0) AS free_w,
  COALESCE(SUM(occ * w), 0) AS occ_wsum, COALESCE(SUM(w) FILTER (WHERE occ IS NOT NULL), 0) AS occ_w
FROM weighted GROUP BY bucket ORDER BY bucket LIMIT $5`;

/** One bucket as sums and weights (seconds). */
export interface WeightedBucket {
  t: Date;
  free_min: number | null;
  free_max: number | null;
  free_wsum: number;
  free_w: number;
  occ_wsum: number;
  occ_w: number;
}
