import type { EntityManager } from 'typeorm';
import type { HistoryRange } from '../../parking/parking-history.model.js';
import { BUCKET_ORIGIN, WEIGHTED_BUCKETS_SQL, type WeightedBucket } from './parking-history.sql.js';

const HOUR_MS = 3_600_000;

export interface Span {
  from: Date;
  to: Date;
}

/**
 * Hourly buckets through the parking_history_hour rollup: settled hours (ending before the
 * facility's latest observation) are read from it, computed from raw observations the first
 * time and stored; the hours after are computed each time (they still change).
 */
/** First and last observation of a facility (two index probes). */
export async function dataBounds(
  m: EntityManager,
  facilityId: string,
): Promise<{ first: Date; last: Date } | undefined> {
  const rows = (await m.query(
    `SELECT min(observed_at) AS first, max(observed_at) AS last FROM parking_observation WHERE facility_id = $1`,
    [facilityId],
  )) as Array<{ first: Date | null; last: Date | null }>;
  const { first, last } = rows[0];
  return first === null || last === null ? undefined : { first, last };
}

/** Buckets before the first observation are empty: a page of `count` buckets starts at the first one with data. */
export function pageSpan(range: HistoryRange, first: Date, bucketS: number, count: number): Span {
  const size = bucketS * 1_000;
  const from = new Date(Math.max(range.from.getTime(), Math.floor(first.getTime() / size) * size));
  return { from, to: new Date(Math.min(range.to.getTime(), from.getTime() + count * size)) };
}

export async function hourlyBuckets(
  m: EntityManager,
  facilityId: string,
  span: Span,
  last: Date,
): Promise<WeightedBucket[]> {
  const { from, to } = span;
  if (from >= to) return [];
  const settledTo = new Date(Math.min(to.getTime(), floorHour(last)));
  const stored = from < settledTo ? await storedHours(m, facilityId, { from, to: settledTo }) : [];
  const filled = await fillMissing(m, facilityId, { from, to: settledTo }, stored);
  const tailFrom = new Date(Math.max(settledTo.getTime(), from.getTime()));
  const tail = tailFrom < to ? await computeHours(m, facilityId, { from: tailFrom, to }) : [];
  return [...stored, ...filled, ...tail].sort((a, b) => a.t.getTime() - b.t.getTime());
}

/**
 * All rows as one text value ("t,min,max,fw,fwsum,ow,owsum;..."): the driver parsing 2,000 rows
 * of seven typed columns, or Postgres building JSON for them, costs several times more.
 */
async function storedHours(m: EntityManager, facilityId: string, span: Span): Promise<WeightedBucket[]> {
  const rows = (await m.query(
    `SELECT string_agg(concat_ws(',', (EXTRACT(EPOCH FROM hour) * 1000)::bigint, COALESCE(free_min::text, ''),
              COALESCE(free_max::text, ''), free_wsum, free_w, occ_wsum, occ_w), ';' ORDER BY hour) AS hours
     FROM parking_history_hour WHERE facility_id = $1 AND hour >= $2 AND hour < $3`,
    [facilityId, span.from, span.to],
  )) as Array<{ hours: string | null }>;
  const text = rows[0].hours;
  return text === null ? [] : text.split(';').map(parseStoredHour);
}

function parseStoredHour(line: string): WeightedBucket {
  const [t, freeMin, freeMax, freeWsum, freeW, occWsum, occW] = line.split(',');
  return {
    t: new Date(Number(t)),
    free_min: freeMin === '' ? null : Number(freeMin),
    free_max: freeMax === '' ? null : Number(freeMax),
    free_wsum: Number(freeWsum),
    free_w: Number(freeW),
    occ_wsum: Number(occWsum),
    occ_w: Number(occW),
  };
}

/** Settled hours not in the rollup yet: computed in runs of consecutive hours, then stored. */
async function fillMissing(
  m: EntityManager,
  facilityId: string,
  span: Span,
  stored: WeightedBucket[],
): Promise<WeightedBucket[]> {
  const have = new Set(stored.map((b) => b.t.getTime()));
  const filled: WeightedBucket[] = [];
  for (const run of missingRuns(span, have)) {
    const rows = await computeHours(m, facilityId, run);
    filled.push(...rows);
    if (rows.length > 0) await storeHours(m, facilityId, rows);
  }
  return filled;
}

function missingRuns(span: Span, have: Set<number>): Span[] {
  const runs: Span[] = [];
  for (let t = span.from.getTime(); t < span.to.getTime(); t += HOUR_MS) {
    if (have.has(t)) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.to.getTime() === t) last.to = new Date(t + HOUR_MS);
    else runs.push({ from: new Date(t), to: new Date(t + HOUR_MS) });
  }
  return runs;
}

async function computeHours(m: EntityManager, facilityId: string, span: Span): Promise<WeightedBucket[]> {
  const hours = Math.ceil((span.to.getTime() - span.from.getTime()) / HOUR_MS);
  return (await m.query(WEIGHTED_BUCKETS_SQL, [
    facilityId,
    span.from,
    span.to,
    '3600 seconds',
    hours,
    BUCKET_ORIGIN,
  ])) as WeightedBucket[];
}

async function storeHours(m: EntityManager, facilityId: string, rows: WeightedBucket[]): Promise<void> {
  await m.query(
    `INSERT INTO parking_history_hour (facility_id, hour, free_min, free_max, free_wsum, free_w, occ_wsum, occ_w)
     SELECT $1, * FROM unnest($2::timestamptz[], $3::int[], $4::int[], $5::float8[], $6::float8[], $7::float8[], $8::float8[])
     ON CONFLICT (facility_id, hour) DO NOTHING`,
    [
      facilityId,
      rows.map((r) => r.t),
      rows.map((r) => r.free_min),
      rows.map((r) => r.free_max),
      rows.map((r) => r.free_wsum),
      rows.map((r) => r.free_w),
      rows.map((r) => r.occ_wsum),
      rows.map((r) => r.occ_w),
    ],
  );
}

function floorHour(t: Date): number {
  return Math.floor(t.getTime() / HOUR_MS) * HOUR_MS;
}
