import { Injectable } from '@nestjs/common';
import type { OutageEndReason, SourceOutage } from '../../ops/outages/source-outage.model.js';
import type { AllOutagesQuery, OutageListQuery, SourceOutageStorePort } from '../../ops/outages/source-outage.port.js';
import { DatabaseService } from './database.service.js';
import { toStorageError } from './storage-error.js';

interface OutageRow {
  source_id: string;
  started_at: Date;
  ended_at: Date | null;
  cause_code: string;
  cause_message: string;
  polls_failed: number;
  end_reason: OutageEndReason | null;
}

const COLUMNS = 'source_id, started_at, ended_at, cause_code, cause_message, polls_failed, end_reason';

/** Outage rows in Postgres; the mapper names every field it copies. */
@Injectable()
export class SourceOutageRepository implements SourceOutageStorePort {
  constructor(private readonly db: DatabaseService) {}

  async write(outage: SourceOutage): Promise<void> {
    try {
      const ds = await this.db.dataSource();
      // A close that arrives first inserts the whole row; the open arriving later changes nothing.
      await ds.query(
        `INSERT INTO source_outage (${COLUMNS})
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (source_id, started_at) DO UPDATE SET
           ended_at = COALESCE(EXCLUDED.ended_at, source_outage.ended_at),
           end_reason = COALESCE(EXCLUDED.end_reason, source_outage.end_reason),
           polls_failed = GREATEST(EXCLUDED.polls_failed, source_outage.polls_failed)`,
        [
          outage.sourceId,
          outage.startedAt,
          outage.endedAt,
          outage.cause.code,
          outage.cause.message,
          outage.pollsFailed,
          // A close queued by a version without endReason (upgrade during a Postgres outage) is a recovery.
          outage.endReason ?? (outage.endedAt === null ? null : 'recovered'),
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
        `SELECT ${COLUMNS}
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

  /**
   * One query. Without `perSource`, over the index on (started_at, source_id) (migration
   * SourceOutageStartedAt) read backwards: the keyset (started_at, source_id) < cursor and the
   * order match it, so a page reads about `limit` rows whatever the history's length. With it,
   * each source's latest over the primary key (source_id, started_at), then the keyset and order
   * over those: the set paged is the same on every page.
   */
  async listAll(q: AllOutagesQuery): Promise<SourceOutage[]> {
    if (q.sourceIds.length === 0) return [];
    const filters = `($2::timestamptz IS NULL OR COALESCE(ended_at, 'infinity') > $2)
           AND ($3::timestamptz IS NULL OR started_at < $3)
           AND ($6::boolean IS NULL OR (ended_at IS NULL) = $6)`;
    const keyset = `($4::timestamptz IS NULL OR (started_at, source_id) < ($4, $5::text))`;
    const sql =
      q.perSource === undefined
        ? `SELECT ${COLUMNS}
         FROM source_outage
         WHERE source_id = ANY($1::text[]) AND ${filters} AND ${keyset}
         ORDER BY started_at DESC, source_id DESC
         LIMIT $7`
        : `SELECT ${COLUMNS}
         FROM unnest($1::text[]) AS asked(id)
         CROSS JOIN LATERAL (
           SELECT ${COLUMNS} FROM source_outage
           WHERE source_id = asked.id AND ${filters}
           ORDER BY started_at DESC
           LIMIT $8
         ) AS latest
         WHERE ${keyset}
         ORDER BY started_at DESC, source_id DESC
         LIMIT $7`;
    const params: unknown[] = [
      q.sourceIds,
      q.from ?? null,
      q.to ?? null,
      q.after?.startedAt ?? null,
      q.after?.sourceId ?? null,
      q.ongoing ?? null,
      q.limit,
    ];
    if (q.perSource !== undefined) params.push(q.perSource);
    try {
      const ds = await this.db.dataSource();
      const rows = (await ds.query(sql, params)) as OutageRow[];
      return rows.map(toOutage);
    } catch (error) {
      throw toStorageError(error);
    }
  }

  async open(): Promise<SourceOutage[]> {
    try {
      const ds = await this.db.dataSource();
      const rows = (await ds.query(
        `SELECT ${COLUMNS} FROM source_outage WHERE ended_at IS NULL ORDER BY source_id, started_at`,
      )) as OutageRow[];
      return rows.map(toOutage);
    } catch (error) {
      throw toStorageError(error);
    }
  }

  async prune(olderThan: Date): Promise<number> {
    try {
      const ds = await this.db.dataSource();
      const [, deleted] = (await ds.query(`DELETE FROM source_outage WHERE ended_at < $1`, [olderThan])) as [
        unknown,
        number,
      ];
      return deleted;
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
    endReason: row.end_reason,
  };
}
