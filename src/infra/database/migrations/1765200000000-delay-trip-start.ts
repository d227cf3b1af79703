import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The delay history keeps frequency-based trip instances apart (issue #16): `trip_start` is the
 * instance's start (s after the service day's origin, the instance a trip update's start_time
 * named), NULL for a trip without frequencies.txt. Two instances of one trip on one day are then
 * two calls in the punctuality reads. A nullable column without default: no table rewrite.
 */
export class DelayTripStart1765200000000 implements MigrationInterface {
  name = 'DelayTripStart1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE transit_delay_observation ADD COLUMN trip_start integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE transit_delay_observation DROP COLUMN trip_start`);
  }
}
