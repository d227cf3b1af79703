import { Injectable } from '@nestjs/common';
import type { ParkingHistoryBatch, ParkingHistoryWriterPort } from '../../parking/ports/parking-history.port.js';
import { DatabaseService } from './database.service.js';
import { monthPartitions, partitionName } from './month-partitions.js';
import { toStorageError } from './storage-error.js';

const PARTITION_LOCK = 727_002;

/** Writes history batches with a few array-parameter statements; replays are harmless (ON CONFLICT). */
@Injectable()
export class ParkingHistoryWriter implements ParkingHistoryWriterPort {
  constructor(private readonly db: DatabaseService) {}

  async write(batch: ParkingHistoryBatch): Promise<{ inserted: number }> {
    try {
      return await this.writeBatch(batch);
    } catch (error) {
      throw toStorageError(error);
    }
  }

  private async writeBatch(batch: ParkingHistoryBatch): Promise<{ inserted: number }> {
    const ds = await this.db.dataSource();
    return ds.transaction(async (manager) => {
      if (batch.facilities.length > 0) {
        const f = batch.facilities;
        await manager.query(
          `INSERT INTO facility (id, source, local_id, name, kind, lat, lon, address, capacity, disabled_capacity, updated_at)
           SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[], $7::float8[],
                                $8::text[], $9::int[], $10::int[], $11::timestamptz[])
           ON CONFLICT (id) DO UPDATE SET source = EXCLUDED.source, local_id = EXCLUDED.local_id, name = EXCLUDED.name,
             kind = EXCLUDED.kind, lat = EXCLUDED.lat, lon = EXCLUDED.lon, address = EXCLUDED.address,
             capacity = EXCLUDED.capacity, disabled_capacity = EXCLUDED.disabled_capacity, updated_at = EXCLUDED.updated_at
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
          ],
        );
      }
      const o = batch.observations;
      if (o.length === 0) return { inserted: 0 };
      const months = monthPartitions(o.map((r) => r.observedAt));
      await manager.query('SELECT pg_advisory_xact_lock($1)', [PARTITION_LOCK]);
      for (const m of months) {
        await manager.query(
          `CREATE TABLE IF NOT EXISTS ${m.name} PARTITION OF parking_observation FOR VALUES FROM ('${m.from}') TO ('${m.to}')`,
        );
      }
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
      return { inserted: rows.length };
    });
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
