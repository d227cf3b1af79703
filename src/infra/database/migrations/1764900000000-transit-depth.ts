import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GTFS_TABLES } from './1764400000000-transit.js';

/** Every table of one static GTFS feed version since this migration (frequencies.txt added). */
export const GTFS_VERSION_TABLES = [...GTFS_TABLES, 'gtfs_frequency'] as const;

/**
 * Transit depth (issue #16): frequencies.txt, interpolated stop times, last stops, trip
 * accessibility and the feed's service range.
 * - `gtfs_frequency`: one row per frequencies.txt row, partitioned like the other GTFS tables;
 *   the versions already imported get an empty partition so ATTACH/DROP stay uniform.
 * - `gtfs_stop_time.shape_dist` (shape_dist_traveled), `interpolated` (the import filled a blank
 *   time between timepoints), `last_stop` (the trip's last call: an arrival, not a departure).
 * - `gtfs_trip.wheelchair_accessible`, `bikes_allowed`.
 * - `gtfs_feed_version.service_start` / `service_end` (YYYYMMDD, the dates its calendars cover).
 */
export class TransitDepth1764900000000 implements MigrationInterface {
  name = 'TransitDepth1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gtfs_frequency (
        feed_version bigint NOT NULL, trip_id text NOT NULL, start_time integer NOT NULL, end_time integer NOT NULL,
        headway_secs integer NOT NULL, exact_times smallint NOT NULL DEFAULT 0
      ) PARTITION BY LIST (feed_version)`);
    await q.query(`CREATE INDEX gtfs_frequency_trip_idx ON gtfs_frequency (trip_id)`);
    const versions = (await q.query(
      `SELECT id FROM gtfs_feed_version WHERE status IN ('current', 'previous')`,
    )) as Array<{ id: string }>;
    for (const { id } of versions) {
      await q.query(
        `CREATE TABLE gtfs_frequency_v${Number(id)} PARTITION OF gtfs_frequency FOR VALUES IN (${Number(id)})`,
      );
    }
    await q.query(`ALTER TABLE gtfs_stop_time ADD COLUMN shape_dist double precision`);
    await q.query(`ALTER TABLE gtfs_stop_time ADD COLUMN interpolated boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE gtfs_stop_time ADD COLUMN last_stop boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE gtfs_trip ADD COLUMN wheelchair_accessible smallint`);
    await q.query(`ALTER TABLE gtfs_trip ADD COLUMN bikes_allowed smallint`);
    await q.query(`ALTER TABLE gtfs_feed_version ADD COLUMN service_start text`);
    await q.query(`ALTER TABLE gtfs_feed_version ADD COLUMN service_end text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE gtfs_feed_version DROP COLUMN service_end`);
    await q.query(`ALTER TABLE gtfs_feed_version DROP COLUMN service_start`);
    await q.query(`ALTER TABLE gtfs_trip DROP COLUMN bikes_allowed`);
    await q.query(`ALTER TABLE gtfs_trip DROP COLUMN wheelchair_accessible`);
    await q.query(`ALTER TABLE gtfs_stop_time DROP COLUMN last_stop`);
    await q.query(`ALTER TABLE gtfs_stop_time DROP COLUMN interpolated`);
    await q.query(`ALTER TABLE gtfs_stop_time DROP COLUMN shape_dist`);
    await q.query(`DROP TABLE gtfs_frequency`);
  }
}
