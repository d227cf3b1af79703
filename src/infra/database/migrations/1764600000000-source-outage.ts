import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outage history: one row per period a source was `down`, opened when it went down and closed
 * (ended_at) at its next successful poll. (source_id, started_at) makes every write an upsert.
 */
export class SourceOutage1764600000000 implements MigrationInterface {
  name = 'SourceOutage1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE source_outage (
        source_id text NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz,
        cause_code text NOT NULL,
        cause_message text NOT NULL,
        polls_failed integer NOT NULL,
        PRIMARY KEY (source_id, started_at),
        CHECK (ended_at IS NULL OR ended_at >= started_at)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE source_outage`);
  }
}
