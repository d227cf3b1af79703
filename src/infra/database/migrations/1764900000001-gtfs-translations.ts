import type { MigrationInterface, QueryRunner } from 'typeorm';
import { GTFS_VERSION_TABLES } from './1764900000000-transit-depth.js';

/** Every table of one static GTFS feed version since this migration (translations.txt added). */
export const GTFS_FEED_TABLES = [...GTFS_VERSION_TABLES, 'gtfs_translation'] as const;

/**
 * translations.txt (issue #16), the current GTFS form (table_name, field_name, language,
 * translation, record_id, record_sub_id, field_value), partitioned by feed_version like the other
 * GTFS tables; versions already imported get an empty partition.
 */
export class GtfsTranslations1764900000001 implements MigrationInterface {
  name = 'GtfsTranslations1764900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE gtfs_translation (
        feed_version bigint NOT NULL, table_name text NOT NULL, field_name text NOT NULL, language text NOT NULL,
        translation text NOT NULL, record_id text, record_sub_id text, field_value text
      ) PARTITION BY LIST (feed_version)`);
    const versions = (await q.query(
      `SELECT id FROM gtfs_feed_version WHERE status IN ('current', 'previous')`,
    )) as Array<{ id: string }>;
    for (const { id } of versions) {
      await q.query(
        `CREATE TABLE gtfs_translation_v${Number(id)} PARTITION OF gtfs_translation FOR VALUES IN (${Number(id)})`,
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE gtfs_translation`);
  }
}
