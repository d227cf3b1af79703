import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The facility model beyond places (issue #15): charging and restricted capacities, opening
 * hours, fees, maximum height, park-and-ride, operator, OSM id, wheelchair access, page, as one
 * JSON object of the fields known (null when none is). Reference data only: free counts stay in
 * live state.
 */
export class FacilityDetails1765000000000 implements MigrationInterface {
  name = 'FacilityDetails1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE facility ADD COLUMN details jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE facility DROP COLUMN details`);
  }
}
