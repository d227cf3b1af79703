import { Injectable } from '@nestjs/common';
import type { SourceOutage } from '../../ops/outages/source-outage.model.js';
import type { OutageListQuery, SourceOutageStorePort } from '../../ops/outages/source-outage.port.js';
import { DatabaseService } from './database.service.js';
import { toStorageError } from './storage-error.js';

interface OutageRow {
  source_id: string;
  started_at: Date;
  ended_at: Date | null;
  cause_code: string;
  cause_message: string;
  polls_failed: number;
}

/** Outage rows in Postgres; the mapper names every field it copies. */
@Injectable()
export class SourceOutageRepository implements SourceOutageStorePort {
  constructor(private readonly db: DatabaseService) {}

  async write(outage: SourceOutage): Promise<void> {
    try {
      const ds = await this.db.dataSource();
      // A close that arrives first inserts the whole row; the open arriving later changes nothing.
      await ds.query(
        `INSERT INTO source_outage (source_id, started_at, ended_at, cause_code, cause_message, polls_failed)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (source_id, started_at) DO UPDATE SET
           ended_at = COALESCE(EXCLUDED.ended_at, source_outage.ended_at),
           polls_failed = GREATEST(EXCLUDED.polls_failed, source_outage.polls_failed)`,
        [
          outage.sourceId,
          outage.startedAt,
          outage.endedAt,
          outage.cause.code,
          outage.cause.message,
          outage.pollsFailed,
        ],
      );
    } catch (error) {
      throw toStorageError(error);
    }
  }

  async list(sourceId: string, q: OutageListQuery): Promise<SourceOutage[]> {
    try {
      const ds = await this.db.dataSource();
      const rows = (await ds.query(
        `SELECT source_id, started_at, ended_at, cause_code, cause_message, polls_failed
         FROM source_outage
         WHERE source_id = $1
           AND ($2::timestamptz IS NULL OR COALESCE(ended_at, 'infinity') > $2)
           AND ($3::timestamptz IS NULL OR started_at < $3)
           AND ($4::timestamptz IS NULL OR started_at < $4)
         ORDER BY started_at DESC
         LIMIT $5`,
        [sourceId, q.from ?? null, q.to ?? null, q.before ?? null, q.limit],
      )) as OutageRow[];
      return rows.map(toOutage);
    } catch (error) {
      throw toStorageError(error);
    }
  }
}

function toOutage(row: OutageRow): SourceOutage {
  return {
    sourceId: row.source_id,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at === null ? null : row.ended_at.toISOString(),
    cause: { code: row.cause_code, message: row.cause_message },
    pollsFailed: row.polls_failed,
  };
}
