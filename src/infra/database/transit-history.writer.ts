import { Injectable } from '@nestjs/common';
import type { DelayRow, TransitHistoryPort } from '../../transit/ports/transit-history.port.js';
import type { Alert } from '../../transit/transit.model.js';
import { DatabaseService } from './database.service.js';
import { toStorageError } from './storage-error.js';

/** Alert lifecycles and reported delays, with array-parameter statements (one round trip per kind). */
@Injectable()
export class TransitHistoryWriter implements TransitHistoryPort {
  constructor(private readonly db: DatabaseService) {}

  async recordAlerts(sourceId: string, upserts: readonly Alert[], removed: readonly Alert[], at: Date): Promise<void> {
    if (upserts.length + removed.length === 0) return;
    try {
      const ds = await this.db.dataSource();
      await ds.transaction(async (m) => {
        if (upserts.length > 0) {
          await m.query(
            `UPDATE transit_alert_history h SET data = u.data, last_changed_at = $3
             FROM unnest($1::text[], $2::jsonb[]) AS u(id, data) WHERE h.alert_id = u.id AND h.removed_at IS NULL`,
            [upserts.map((a) => a.id), upserts.map((a) => JSON.stringify(a)), at],
          );
          await m.query(
            `INSERT INTO transit_alert_history (alert_id, source, first_seen_at, last_changed_at, data)
             SELECT u.id, $3, $4, $4, u.data FROM unnest($1::text[], $2::jsonb[]) AS u(id, data)
             WHERE NOT EXISTS (SELECT 1 FROM transit_alert_history h WHERE h.alert_id = u.id AND h.removed_at IS NULL)
             ON CONFLICT DO NOTHING`,
            [upserts.map((a) => a.id), upserts.map((a) => JSON.stringify(a)), sourceId, at],
          );
        }
        if (removed.length > 0) {
          await m.query(
            `UPDATE transit_alert_history SET removed_at = $2 WHERE alert_id = ANY($1) AND removed_at IS NULL`,
            [removed.map((a) => a.id), at],
          );
        }
      });
    } catch (error) {
      throw toStorageError(error);
    }
  }

  async recordDelays(sourceId: string, rows: readonly DelayRow[], observedAt: Date): Promise<number> {
    if (rows.length === 0) return 0;
    try {
      const ds = await this.db.dataSource();
      await ds.query(
        `INSERT INTO transit_delay_observation
           (source, trip_id, service_date, stop_id, stop_sequence, trip_start, delay, observed_at)
         SELECT $1, t, d, s, q, ts, dl, $8
         FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[]) AS u(t, d, s, q, ts, dl)`,
        [
          sourceId,
          rows.map((r) => r.tripId),
          rows.map((r) => r.serviceDate),
          rows.map((r) => r.stopId),
          rows.map((r) => r.seq),
          rows.map((r) => r.tripStart),
          rows.map((r) => r.delay),
          observedAt,
        ],
      );
      return rows.length;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  async prune(olderThan: Date): Promise<number> {
    const ds = await this.db.dataSource();
    const [, deleted] = (await ds.query(`DELETE FROM transit_delay_observation WHERE observed_at < $1`, [
      olderThan,
    ])) as [unknown, number];
    await ds.query(`DELETE FROM transit_alert_history WHERE removed_at < $1`, [olderThan]);
    return deleted;
  }
}
