import { Injectable } from '@nestjs/common';
import type {
  PunctualityGroup,
  PunctualityReaderPort,
  PunctualityRequest,
  PunctualityStats,
} from '../../transit/ports/punctuality-read.port.js';
import { DatabaseService } from './database.service.js';
import { toStorageError } from './storage-error.js';

interface Row {
  overall: number;
  hour: number | null;
  observations: number;
  early: number;
  late: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
}

/**
 * One statement: the reports of the scope from `from` on (index `transit_delay_trip_idx` for a
 * route's trips, `transit_delay_stop_idx` for stops), the last one per call (DISTINCT ON: trip,
 * service day, frequency instance start, stop_sequence, stop), those
 * inside [from, to), then the overall group and one per local hour (GROUPING SETS) with
 * percentile_cont. Reports after `to` are read so that a call reported on both sides of `to`
 * counts in the range of its last report only.
 */
const PUNCTUALITY_SQL = (scope: string) => `
  WITH last_report AS (
    SELECT DISTINCT ON (o.trip_id, o.service_date, o.trip_start, o.stop_sequence, o.stop_id) o.delay, o.observed_at
    FROM transit_delay_observation o
    WHERE ${scope} AND o.observed_at >= $1
    ORDER BY o.trip_id, o.service_date, o.trip_start, o.stop_sequence, o.stop_id, o.observed_at DESC
  ), calls AS (
    SELECT delay, extract(hour FROM observed_at AT TIME ZONE $3)::int AS hour
    FROM last_report WHERE observed_at < $2
  )
  SELECT GROUPING(hour) AS overall, hour, count(*)::int AS observations,
    count(*) FILTER (WHERE delay < -$4::int)::int AS early,
    count(*) FILTER (WHERE delay >= $5::int)::int AS late,
    percentile_cont(0.5) WITHIN GROUP (ORDER BY delay) AS p50,
    percentile_cont(0.9) WITHIN GROUP (ORDER BY delay) AS p90,
    percentile_cont(0.95) WITHIN GROUP (ORDER BY delay) AS p95
  FROM calls GROUP BY GROUPING SETS ((), (hour))`;

const ROUTE_SCOPE = `o.trip_id IN (SELECT $6 || t.trip_id FROM gtfs_trip t WHERE t.feed_version = $7 AND t.route_id = $8)`;
const STOPS_SCOPE = `o.stop_id = ANY($6::text[]) AND starts_with(o.trip_id, $7)`;

/** Punctuality from `transit_delay_observation` (written by TransitHistoryWriter.recordDelays). */
@Injectable()
export class TransitPunctualityReader implements PunctualityReaderPort {
  constructor(private readonly db: DatabaseService) {}

  async punctuality(r: PunctualityRequest): Promise<PunctualityStats> {
    const prefix = `${r.scope.feedId}:`;
    const [sql, scopeParams] =
      r.scope.kind === 'route'
        ? [PUNCTUALITY_SQL(ROUTE_SCOPE), [prefix, r.scope.versionId, r.scope.routeId]]
        : [PUNCTUALITY_SQL(STOPS_SCOPE), [[...r.scope.stopIds], prefix]];
    let rows: Row[];
    try {
      const ds = await this.db.dataSource();
      rows = (await ds.query(sql, [
        r.from,
        r.to,
        r.timezone,
        r.earlyToleranceS,
        r.lateToleranceS,
        ...scopeParams,
      ])) as Row[];
    } catch (error) {
      throw toStorageError(error);
    }
    const group = (row: Row): PunctualityGroup => ({
      observations: row.observations,
      early: row.early,
      late: row.late,
      p50: row.p50,
      p90: row.p90,
      p95: row.p95,
    });
    const overall = rows.find((row) => Number(row.overall) === 1);
    const byHour = new Map<number, PunctualityGroup>();
    for (const row of rows) if (Number(row.overall) === 0 && row.hour !== null) byHour.set(row.hour, group(row));
    return {
      overall:
        overall === undefined
          ? { observations: 0, early: 0, late: 0, p50: null, p90: null, p95: null }
          : group(overall),
      byHour,
    };
  }
}
