import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables of one static GTFS feed version; each is LIST-partitioned by feed_version. */
export const GTFS_TABLES = [
  'gtfs_agency',
  'gtfs_stop',
  'gtfs_route',
  'gtfs_trip',
  'gtfs_stop_time',
  'gtfs_calendar',
  'gtfs_calendar_date',
  'gtfs_shape',
] as const;

/**
 * Static GTFS feed versions and transit history.
 * Every GTFS table is partitioned by feed_version: an import loads fresh partitions (indexes
 * built after the COPY), the switch to the new version is one row update, and retiring a version
 * drops its partitions instead of deleting millions of rows.
 */
export class Transit1764400000000 implements MigrationInterface {
  name = 'Transit1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gtfs_feed_version (
        id bigserial PRIMARY KEY,
        source text NOT NULL,
        content_hash text NOT NULL,
        etag text,
        last_modified text,
        status text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        timezone text,
        max_time integer,
        row_counts jsonb NOT NULL DEFAULT '{}',
        bad_rows jsonb NOT NULL DEFAULT '{}',
        error text
      )`);
    await q.query(`CREATE INDEX gtfs_feed_version_source_idx ON gtfs_feed_version (source, id DESC)`);
    await q.query(`
      CREATE TABLE gtfs_feed_current (
        source text PRIMARY KEY,
        version_id bigint NOT NULL REFERENCES gtfs_feed_version (id),
        switched_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE gtfs_agency (
        feed_version bigint NOT NULL, agency_id text NOT NULL, name text, url text, timezone text NOT NULL, lang text
      ) PARTITION BY LIST (feed_version)`);
    await q.query(`
      CREATE TABLE gtfs_stop (
        feed_version bigint NOT NULL, stop_id text NOT NULL, code text, name text, lat double precision,
        lon double precision, location_type smallint NOT NULL DEFAULT 0, parent_station text,
        wheelchair_boarding smallint, timezone text
      ) PARTITION BY LIST (feed_version)`);
    await q.query(`CREATE INDEX gtfs_stop_id_idx ON gtfs_stop (stop_id)`);
    await q.query(`CREATE INDEX gtfs_stop_parent_idx ON gtfs_stop (parent_station)`);
    await q.query(`
      CREATE TABLE gtfs_route (
        feed_version bigint NOT NULL, route_id text NOT NULL, agency_id text, short_name text, long_name text,
        type integer NOT NULL, color text, text_color text, url text
      ) PARTITION BY LIST (feed_version)`);
    await q.query(`CREATE INDEX gtfs_route_id_idx ON gtfs_route (route_id)`);
    await q.query(`
      CREATE TABLE gtfs_trip (
        feed_version bigint NOT NULL, trip_id text NOT NULL, route_id text NOT NULL, service_id text NOT NULL,
        headsign text, short_name text, direction_id smallint, block_id text, shape_id text
      ) PARTITION BY LIST (feed_version)`);
    await q.query(`CREATE INDEX gtfs_trip_id_idx ON gtfs_trip (trip_id)`);
    await q.query(`
      CREATE TABLE gtfs_stop_time (
        feed_version bigint NOT NULL, trip_id text NOT NULL, stop_sequence integer NOT NULL, stop_id text NOT NULL,
        arrival integer, departure integer, headsign text, pickup_type smallint, drop_off_type smallint
      ) PARTITION BY LIST (feed_version)`);
    await q.query(`CREATE INDEX gtfs_stop_time_stop_idx ON gtfs_stop_time (stop_id, departure)`);
    await q.query(`CREATE INDEX gtfs_stop_time_trip_idx ON gtfs_stop_time (trip_id, stop_sequence)`);
    await q.query(`
      CREATE TABLE gtfs_calendar (
        feed_version bigint NOT NULL, service_id text NOT NULL, days boolean[] NOT NULL,
        start_date text NOT NULL, end_date text NOT NULL
      ) PARTITION BY LIST (feed_version)`);
    await q.query(`
      CREATE TABLE gtfs_calendar_date (
        feed_version bigint NOT NULL, service_id text NOT NULL, date text NOT NULL, exception_type smallint NOT NULL
      ) PARTITION BY LIST (feed_version)`);
    await q.query(`
      CREATE TABLE gtfs_shape (
        feed_version bigint NOT NULL, shape_id text NOT NULL, seq integer NOT NULL, lat double precision NOT NULL,
        lon double precision NOT NULL, dist double precision
      ) PARTITION BY LIST (feed_version)`);
    await q.query(`CREATE INDEX gtfs_shape_idx ON gtfs_shape (shape_id, seq)`);
    await q.query(`
      CREATE TABLE transit_alert_history (
        alert_id text NOT NULL,
        source text NOT NULL,
        first_seen_at timestamptz NOT NULL,
        last_changed_at timestamptz NOT NULL,
        removed_at timestamptz,
        data jsonb NOT NULL,
        PRIMARY KEY (alert_id, first_seen_at)
      )`);
    await q.query(
      `CREATE INDEX transit_alert_history_open_idx ON transit_alert_history (alert_id) WHERE removed_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE transit_delay_observation (
        source text NOT NULL,
        trip_id text NOT NULL,
        service_date text NOT NULL,
        stop_id text,
        stop_sequence integer,
        delay integer NOT NULL,
        observed_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX transit_delay_trip_idx ON transit_delay_observation (trip_id, observed_at)`);
    await q.query(`CREATE INDEX transit_delay_time_idx ON transit_delay_observation (observed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE transit_delay_observation`);
    await q.query(`DROP TABLE transit_alert_history`);
    for (const table of [...GTFS_TABLES].reverse()) await q.query(`DROP TABLE ${table}`);
    await q.query(`DROP TABLE gtfs_feed_current`);
    await q.query(`DROP TABLE gtfs_feed_version`);
  }
}
