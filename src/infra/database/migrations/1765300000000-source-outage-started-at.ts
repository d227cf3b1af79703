import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * GET /v1/outages lists every source's outages newest first, then by source id: the primary key
 * (source_id, started_at) serves one source's list, this index the list across sources (read
 * backwards, keyset (started_at, source_id)).
 */
export class SourceOutageStartedAt1765300000000 implements MigrationInterface {
  name = 'SourceOutageStartedAt1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX source_outage_started_at ON source_outage (started_at, source_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX source_outage_started_at`);
  }
}
