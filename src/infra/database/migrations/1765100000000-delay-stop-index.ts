import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Punctuality by stop (GET /v1/stops/:id/punctuality, issue #16) reads the delay history of a
 * stop over a range: an index on (stop_id, observed_at), as transit_delay_trip_idx serves a
 * route's trips.
 */
export class DelayStopIndex1765100000000 implements MigrationInterface {
  name = 'DelayStopIndex1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX transit_delay_stop_idx ON transit_delay_observation (stop_id, observed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX transit_delay_stop_idx`);
  }
}
