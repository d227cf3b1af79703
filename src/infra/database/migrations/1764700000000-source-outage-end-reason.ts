import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why an outage ended: `recovered` (the next successful poll, every row closed so far) or
 * `source-removed` (the source left sources.yaml while down: no poll would ever close it).
 * Set with ended_at, so both are null while the outage lasts.
 */
export class SourceOutageEndReason1764700000000 implements MigrationInterface {
  name = 'SourceOutageEndReason1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE source_outage ADD COLUMN end_reason text`);
    await q.query(`UPDATE source_outage SET end_reason = 'recovered' WHERE ended_at IS NOT NULL`);
    await q.query(`
      ALTER TABLE source_outage ADD CONSTRAINT source_outage_end_reason
        CHECK ((ended_at IS NULL) = (end_reason IS NULL) AND end_reason IN ('recovered', 'source-removed'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE source_outage DROP CONSTRAINT source_outage_end_reason`);
    await q.query(`ALTER TABLE source_outage DROP COLUMN end_reason`);
  }
}
