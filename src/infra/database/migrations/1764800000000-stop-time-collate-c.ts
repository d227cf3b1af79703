import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The two stop_times indexes compare their text keys (trip_id, stop_id) byte by byte
 * (COLLATE "C") instead of with the database's collation: GTFS ids are opaque codes, so
 * language-aware order buys nothing, and strcoll() on a million rows is most of an index build
 * (docs/benchmarks.md, gtfs-import). The queries that use them say COLLATE "C" too (an index is
 * used only by comparisons in its own collation); the import builds each new version's indexes
 * with the same definition (transit-feed.writer.ts), so ATTACH adopts them. Rebuilds the
 * indexes of the versions present.
 */
export class StopTimeCollateC1764800000000 implements MigrationInterface {
  name = 'StopTimeCollateC1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await this.rebuild(q, ' COLLATE "C"');
  }

  async down(q: QueryRunner): Promise<void> {
    await this.rebuild(q, '');
  }

  private async rebuild(q: QueryRunner, collate: string): Promise<void> {
    await q.query(`DROP INDEX gtfs_stop_time_stop_idx`);
    await q.query(`DROP INDEX gtfs_stop_time_trip_idx`);
    await q.query(`CREATE INDEX gtfs_stop_time_stop_idx ON gtfs_stop_time (stop_id${collate}, departure)`);
    await q.query(`CREATE INDEX gtfs_stop_time_trip_idx ON gtfs_stop_time (trip_id${collate}, stop_sequence)`);
  }
}
