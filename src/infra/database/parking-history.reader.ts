import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { HistoryBucketRow, HistoryObservation, HistoryRange } from '../../parking/parking-history.model.js';
import type { ParkingHistoryReaderPort } from '../../parking/parking-history-read.port.js';
import { DatabaseService } from './database.service.js';
import { dataBounds, hourlyBuckets, pageSpan } from './parking-history-hours.js';
import { BUCKET_ORIGIN, OBSERVATIONS_SQL, WEIGHTED_BUCKETS_SQL, type WeightedBucket } from './parking-history.sql.js';
import { toStorageError } from './storage-error.js';

const HOUR_S = 3_600;

interface ObservationRow {
  observed_at: Date;
  free: number | null;
  occupied: number | null;
  capacity: number | null;
  status: string;
  quality: string[];
  occ: number | null;
}

/** Reads parking history for the history endpoint: raw observations, or time-weighted buckets. */
@Injectable()
export class ParkingHistoryReader implements ParkingHistoryReaderPort {
  constructor(private readonly db: DatabaseService) {}

  async facilityExists(id: string): Promise<boolean> {
    const rows = await this.run(
      (m) => m.query('SELECT 1 AS found FROM facility WHERE id = $1', [id]) as Promise<unknown[]>,
    );
    return rows.length > 0;
  }

  async observations(range: HistoryRange): Promise<HistoryObservation[]> {
    const rows = await this.run(
      (m) =>
        m.query(OBSERVATIONS_SQL, [range.facilityId, range.from, range.to, range.limit]) as Promise<ObservationRow[]>,
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

  /** Whole hours and days come from the hourly rollup; 5m and 15m from the observations of the page's span. */
  async buckets(range: HistoryRange, bucketS: number): Promise<HistoryBucketRow[]> {
    const rows = await this.run(async (m) => {
      const bounds = await dataBounds(m, range.facilityId);
      if (bounds === undefined) return [];
      const span = pageSpan(range, bounds.first, bucketS, range.limit);
      if (bucketS % HOUR_S === 0) {
        const hours = await hourlyBuckets(m, range.facilityId, span, bounds.last);
        return mergeBuckets(hours, bucketS).slice(0, range.limit);
      }
      return (await m.query(WEIGHTED_BUCKETS_SQL, [
        range.facilityId,
        span.from,
        span.to,
        `${bucketS} seconds`,
        range.limit,
        BUCKET_ORIGIN,
      ])) as WeightedBucket[];
    });
    return rows.map(toBucketRow);
  }

  /** Reads need no transaction (and JIT is off for the hub's connections: DatabaseService). */
  private async run<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      const ds = await this.db.dataSource();
      return await work(ds.manager);
    } catch (error) {
      throw toStorageError(error);
    }
  }
}

/** Hours into buckets of `bucketS` (a multiple of an hour): extremes of extremes, sums of sums. */
function mergeBuckets(hours: WeightedBucket[], bucketS: number): WeightedBucket[] {
  if (bucketS === HOUR_S) return hours;
  const size = bucketS * 1_000;
  const merged = new Map<number, WeightedBucket>();
  for (const h of hours) {
    const key = Math.floor(h.t.getTime() / size) * size;
    const into = merged.get(key);
    if (into === undefined) {
      merged.set(key, { ...h, t: new Date(key) });
      continue;
    }
    into.free_min = minOf(into.free_min, h.free_min);
    into.free_max = maxOf(into.free_max, h.free_max);
    into.free_wsum += h.free_wsum;
    into.free_w += h.free_w;
    into.occ_wsum += h.occ_wsum;
    into.occ_w += h.occ_w;
  }
  return [...merged.values()].sort((a, b) => a.t.getTime() - b.t.getTime());
}

function toBucketRow(b: WeightedBucket): HistoryBucketRow {
  return {
    t: b.t.toISOString(),
    free: { min: b.free_min, avg: b.free_w > 0 ? round(b.free_wsum / b.free_w, 1) : null, max: b.free_max },
    occupancy: b.occ_w > 0 ? round(b.occ_wsum / b.occ_w, 3) : null,
  };
}

function minOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  return a === null ? b : b === null ? a : Math.max(a, b);
}

function round(value: number | null, digits: number): number | null {
  if (value === null) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
