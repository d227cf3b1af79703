import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hourly rollup of parking history, filled by the history endpoint on first read of an hour
 * that can no longer change (it ends before the facility's latest observation). 1h and 1d
 * buckets then read 24 rows a day instead of every observation: 90 days of 1-minute data is
 * 2,160 rows instead of 129,600. Sums and weights are kept (not averages), so days add up exactly.
 *
 * An observation inserted late, into an hour already rolled up, deletes that facility's rows
 * from that hour on (the value it brings holds until the next observation).
 */
export class ParkingHistoryHour1764500000001 implements MigrationInterface {
  name = 'ParkingHistoryHour1764500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE parking_history_hour (
        facility_id text NOT NULL,
        hour timestamptz NOT NULL,
        free_min integer,
        free_max integer,
        free_wsum double precision NOT NULL,
        free_w double precision NOT NULL,
        occ_wsum double precision NOT NULL,
        occ_w double precision NOT NULL,
        PRIMARY KEY (facility_id, hour)
      )`);
    await q.query(`
      CREATE FUNCTION parking_history_hour_invalidate() RETURNS trigger
      LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
      BEGIN
        DELETE FROM parking_history_hour
        WHERE facility_id = NEW.facility_id
          AND hour >= date_bin('1 hour', NEW.observed_at, TIMESTAMPTZ '2001-01-01 00:00:00+00');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER parking_history_hour_invalidate AFTER INSERT ON parking_observation
      FOR EACH ROW EXECUTE FUNCTION parking_history_hour_invalidate()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER parking_history_hour_invalidate ON parking_observation`);
    await q.query(`DROP FUNCTION parking_history_hour_invalidate()`);
    await q.query(`DROP TABLE parking_history_hour`);
  }
}
