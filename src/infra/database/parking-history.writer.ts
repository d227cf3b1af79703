import { Inject, Injectable } from '@nestjs/common';
import { ErrorCode } from '../../common/error-codes.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/tokens.js';
import type {
  FacilityRow,
  HistoryWriteResult,
  ObservationRow,
  ParkingHistoryBatch,
  ParkingHistoryWriterPort,
  RejectedHistoryRows,
} from '../../parking/ports/parking-history.port.js';
import { MAX_AHEAD_MS } from '../../parking/record-bounds.js';
import type { EntityManager } from 'typeorm';
import { DatabaseService } from './database.service.js';
import { monthPartitions, partitionName } from './month-partitions.js';
import { isDataError, toStorageError } from './storage-error.js';

const PARTITION_LOCK = 727_002;

/** Rows per statement: one poll of a 10,000-lot feed is two statements, and a refused row costs a bisection of one. */
export const HISTORY_CHUNK_ROWS = 5_000;

type RowKind = 'facilities' | 'observations';

/**
 * Writes history batches with a few array-parameter statements; replays are harmless (ON CONFLICT).
 *
 * One row cannot cost the others their history: rows go in chunks, and a chunk Postgres refuses
 * for its values (SQLSTATE 22xxx/23xxx, e.g. 22003 numeric out of range) is split in halves until
 * the rows to blame stand alone; those are reported in `rejected` (STORAGE_DATA_ERROR), the rest
 * is written. Observations dated outside [now - HUB_HISTORY_RETENTION, now + 1 day] are refused
 * before any partition is made for them (HISTORY_OUT_OF_RANGE), so one batch creates the
 * partitions of the retention at most. An outage still throws (transient: the job retries).
 */
@Injectable()
export class ParkingHistoryWriter implements ParkingHistoryWriterPort {
  constructor(
    private readonly db: DatabaseService,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'historyRetentionMs'>,
  ) {}

  async write(batch: ParkingHistoryBatch, nowMs = Date.now()): Promise<HistoryWriteResult> {
    const rejected = new Rejections();
    const from = nowMs - this.config.historyRetentionMs;
    const to = nowMs + MAX_AHEAD_MS;
    const observations = batch.observations.filter((r) => {
      const t = Date.parse(r.observedAt);
      if (t >= from && t <= to) return true;
      rejected.add(
        ErrorCode.HISTORY_OUT_OF_RANGE,
        `observed at ${r.observedAt}: outside the history window`,
        'observations',
      );
      return false;
    });
    try {
      for (const rows of chunks(batch.facilities)) {
        await this.isolating(rows, 'facilities', rejected, (part) => this.insertFacilities(part));
      }
      let inserted = 0;
      for (const rows of chunks(observations)) {
        inserted += await this.isolating(rows, 'observations', rejected, (part) => this.insertObservations(part));
      }
      return { inserted, rejected: rejected.list() };
    } catch (error) {
      throw toStorageError(error);
    }
  }

  /** Inserts rows; on a data error, halves them until the rows to blame are alone and leaves those out. */
  private async isolating<R>(
    rows: R[],
    kind: RowKind,
    rejected: Rejections,
    insert: (rows: R[]) => Promise<number>,
  ): Promise<number> {
    try {
      return await insert(rows);
    } catch (error) {
      const failure = toStorageError(error);
      if (!isDataError(failure)) throw failure;
      if (rows.length === 1) {
        rejected.add(failure.code, failure.message, kind);
        return 0;
      }
      const half = rows.length >> 1;
      const first = await this.isolating(rows.slice(0, half), kind, rejected, insert);
      return first + (await this.isolating(rows.slice(half), kind, rejected, insert));
    }
  }

  private async insertFacilities(f: FacilityRow[]): Promise<number> {
    const ds = await this.db.dataSource();
    await ds.query(
      `INSERT INTO facility (id, source, local_id, name, kind, lat, lon, address, capacity, disabled_capacity, updated_at, details)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[],
                            $8::text[], $9::int[], $10::int[], $11::timestamptz[], $12::jsonb[])
       ON CONFLICT (id) DO UPDATE SET source = EXCLUDED.source, local_id = EXCLUDED.local_id, name = EXCLUDED.name,
         kind = EXCLUDED.kind, lat = EXCLUDED.lat, lon = EXCLUDED.lon, address = EXCLUDED.address,
         capacity = EXCLUDED.capacity, disabled_capacity = EXCLUDED.disabled_capacity, updated_at = EXCLUDED.updated_at,
         details = EXCLUDED.details
       WHERE facility.updated_at <= EXCLUDED.updated_at`,
      [
        f.map((r) => r.id),
        f.map((r) => r.source),
        f.map((r) => r.localId),
        f.map((r) => r.name),
        f.map((r) => r.kind),
        f.map((r) => r.lat),
        f.map((r) => r.lon),
        f.map((r) => r.address),
        f.map((r) => r.capacity),
        f.map((r) => r.disabledCapacity),
        f.map((r) => r.updatedAt),
        // Absent in jobs queued before the column: null, as for a facility without details.
        f.map((r) => (r.details == null ? null : JSON.stringify(r.details))),
      ],
    );
    return f.length;
  }

  private async insertObservations(o: ObservationRow[]): Promise<number> {
    const ds = await this.db.dataSource();
    return ds.transaction(async (manager) => {
      await this.ensurePartitions(manager, o);
      const rows = (await manager.query(
        `INSERT INTO parking_observation (facility_id, observed_at, received_at, free, occupied, capacity, status, quality)
         SELECT f, o, r, fr, oc, c, s, string_to_array(q, ',')
         FROM unnest($1::text[], $2::timestamptz[], $3::timestamptz[], $4::int[], $5::int[], $6::int[], $7::text[], $8::text[])
           AS t(f, o, r, fr, oc, c, s, q)
         ON CONFLICT (facility_id, observed_at) DO NOTHING
         RETURNING 1`,
        [
          o.map((r) => r.facilityId),
          o.map((r) => r.observedAt),
          o.map((r) => r.receivedAt),
          o.map((r) => r.free),
          o.map((r) => r.occupied),
          o.map((r) => r.capacity),
          o.map((r) => r.status),
          o.map((r) => r.quality.join(',')),
        ],
      )) as unknown[];
      return rows.length;
    });
  }

  private async ensurePartitions(manager: EntityManager, rows: ObservationRow[]): Promise<void> {
    const months = monthPartitions(rows.map((r) => r.observedAt));
    await manager.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
    for (const m of months) {
      await manager.query(
        `CREATE TABLE IF NOT EXISTS ${m.name} PARTITION OF parking_observation FOR VALUES FROM ('${m.from}') TO ('${m.to}')`,
      );
    }
  }

  /**
   * Drops whole monthly partitions that end before `olderThan`, and the hourly rollup
   * (parking_history_hour) of those months with them; returns the partitions' names.
   */
  async prune(olderThan: Date): Promise<string[]> {
    const ds = await this.db.dataSource();
    const partitions = (await ds.query(
      `SELECT c.relname AS name FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
         JOIN pg_namespace n ON n.oid = p.relnamespace
       WHERE p.relname = 'parking_observation' AND n.nspname = current_schema()`,
    )) as Array<{ name: string }>;
    const limit = partitionName(olderThan);
    const dropped: string[] = [];
    for (const { name } of partitions) {
      if (name < limit) {
        await ds.query(`DROP TABLE IF EXISTS ${name}`);
        dropped.push(name);
      }
    }
    const keptFrom = new Date(Date.UTC(olderThan.getUTCFullYear(), olderThan.getUTCMonth(), 1));
    await ds.query(`DELETE FROM parking_history_hour WHERE hour < $1`, [keptFrom]);
    return dropped;
  }
}

function chunks<T>(rows: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += HISTORY_CHUNK_ROWS) out.push(rows.slice(i, i + HISTORY_CHUNK_ROWS));
  return out;
}

/** Refused rows counted per code, with the first message of each. */
class Rejections {
  private readonly byCode = new Map<string, RejectedHistoryRows>();

  add(code: string, message: string, kind: RowKind): void {
    let entry = this.byCode.get(code);
    if (entry === undefined) {
      entry = { code, message, facilities: 0, observations: 0 };
      this.byCode.set(code, entry);
    }
    entry[kind] += 1;
  }

  list(): RejectedHistoryRows[] {
    return [...this.byCode.values()];
  }
}
