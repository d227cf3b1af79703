import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Facilities (reference) and parking observations (history of changes only).
 * Observations are range-partitioned by month on observed_at; monthly partitions are created
 * by the history writer before it inserts, and dropped past the retention by its maintenance job.
 */
export class ParkingHistory1764320000000 implements MigrationInterface {
  name = 'ParkingHistory1764320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE facility (
        id text PRIMARY KEY,
        source text NOT NULL,
        local_id text NOT NULL,
        name text,
        kind text NOT NULL,
        lat double precision,
        lon double precision,
        address text,
        capacity integer,
        disabled_capacity integer,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX facility_source_idx ON facility (source)`);
    await q.query(`
      CREATE TABLE parking_observation (
        facility_id text NOT NULL,
        observed_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL,
        free integer,
        occupied integer,
        capacity integer,
        status text NOT NULL,
        quality text[] NOT NULL DEFAULT '{}',
        PRIMARY KEY (facility_id, observed_at)
      ) PARTITION BY RANGE (observed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE parking_observation`);
    await q.query(`DROP TABLE facility`);
  }
}
