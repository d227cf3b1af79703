import { Injectable } from '@nestjs/common';
import type pg from 'pg';
import type { ScheduledCall } from '../../transit/departures.merge.js';
import { expandFrequencyCalls, type FrequencyTemplateCall } from '../../transit/frequencies.js';
import type { HeadsignTranslation } from '../../transit/headsign-translations.js';
import { NAME_FIELDS, type NameTable, type NameTranslation } from '../../transit/name-translations.js';
import type {
  CallOptions,
  FeedVersion,
  ServiceDayQuery,
  StopSearch,
  TimetablePort,
  TripFrequency,
  TripInfo,
} from '../../transit/ports/timetable.port.js';
import type { ScheduledStop } from '../../transit/realtime/trip-prediction.js';
import { ServiceCalendar } from '../../transit/service-calendar.js';
import type { Route, Stop } from '../../transit/transit.model.js';
import { DatabaseService } from './database.service.js';
import { toStorageError } from './storage-error.js';

interface StopRow {
  feed_version: string;
  stop_id: string;
  code: string | null;
  name: string | null;
  lat: number | null;
  lon: number | null;
  location_type: number;
  parent_station: string | null;
  wheelchair_boarding: number | null;
  distance?: number | null;
}

interface RouteRow {
  feed_version: string;
  route_id: string;
  agency_id: string | null;
  short_name: string | null;
  long_name: string | null;
  type: number;
  color: string | null;
  text_color: string | null;
  url: string | null;
}

const STOP_COLUMNS = `feed_version, stop_id, code, name, lat, lon, location_type, parent_station, wheelchair_boarding`;
const ROUTE_COLUMNS = `feed_version, route_id, agency_id, short_name, long_name, type, color, text_color, url`;
const EARTH_M = 6_371_008.8;

function color(value: string | null): string | null {
  return value === null || value === '' ? null : value.toUpperCase();
}

/** Nobody boards: the trip's last stop, or pickup_type 1 (a stop where nobody alights either is no call at all). */
const ARRIVAL_ONLY = `(st.last_stop OR st.pickup_type IS NOT DISTINCT FROM 1)`;
/** A departure, or with `$n` (include arrivals) a call where the vehicle lets people off. */
const LISTED_CALL = (arrivals: string): string =>
  `(NOT ${ARRIVAL_ONLY} OR (${arrivals}::boolean AND st.drop_off_type IS DISTINCT FROM 1))`;

/**
 * The two stop_times reads, in the indexes' collation (COLLATE "C", migration 1764800000000):
 * a comparison in another collation could not use them. Exported for the EXPLAIN test.
 */
export const SCHEDULES_SQL = `SELECT trip_id, stop_sequence, stop_id, arrival, departure FROM gtfs_stop_time
       WHERE feed_version = $1 AND trip_id COLLATE "C" = ANY($2) ORDER BY trip_id COLLATE "C", stop_sequence`;

export const CALLS_SQL = `SELECT st.trip_id, st.stop_id, st.stop_sequence, st.departure, t.route_id,
              COALESCE(st.headsign, t.headsign) AS headsign, d.date, d.base,
              st.arrival, st.interpolated, ${ARRIVAL_ONLY} AS arrival_only, t.wheelchair_accessible, t.bikes_allowed
       FROM unnest($2::text[], $3::bigint[]) AS d(date, base)
       JOIN gtfs_stop_time st ON st.feed_version = $1 AND st.stop_id COLLATE "C" = ANY($4)
         AND st.departure BETWEEN $5::bigint - d.base AND $6::bigint - d.base
         AND ${LISTED_CALL('$8')}
       JOIN gtfs_trip t ON t.feed_version = $1 AND t.trip_id = st.trip_id
       WHERE d.date || '|' || t.service_id = ANY($7)`;

/**
 * The template calls of frequency-based trips at the stops (expanded by expandFrequencyCalls),
 * with the trip's first departure each instance's times are offsets from.
 */
export const FREQUENCY_CALLS_SQL = `SELECT f.trip_id, f.start_time, f.end_time, f.headway_secs, f.exact_times,
              st.stop_id, st.stop_sequence, st.arrival, st.departure, st.interpolated, ${ARRIVAL_ONLY} AS arrival_only,
              t.route_id, t.service_id, COALESCE(st.headsign, t.headsign) AS headsign,
              t.wheelchair_accessible, t.bikes_allowed, first.departure AS first_departure
       FROM gtfs_frequency f
       JOIN gtfs_trip t ON t.feed_version = $1 AND t.trip_id = f.trip_id
       JOIN gtfs_stop_time st ON st.feed_version = $1 AND st.trip_id COLLATE "C" = f.trip_id
         AND st.stop_id COLLATE "C" = ANY($2) AND st.departure IS NOT NULL AND ${LISTED_CALL('$4')}
       CROSS JOIN LATERAL (SELECT s0.departure FROM gtfs_stop_time s0
         WHERE s0.feed_version = $1 AND s0.trip_id COLLATE "C" = f.trip_id AND s0.departure IS NOT NULL
         ORDER BY s0.trip_id COLLATE "C", s0.stop_sequence LIMIT 1) first
       WHERE f.feed_version = $1 AND t.service_id = ANY($3)`;

/**
 * CALLS_SQL for a version believed current, with the check in the same statement (one round
 * trip, one snapshot): every row carries the feed's current version ($9 is the feed), and the
 * one row without a call (trip_id null) says the stop has none in the window.
 */
export const CURRENT_CALLS_SQL = `WITH calls AS (${CALLS_SQL})
       SELECT (SELECT version_id FROM gtfs_feed_current WHERE source = $9) AS current_version, calls.*
       FROM (VALUES (1)) AS one(x) LEFT JOIN calls ON true`;

interface CallRow {
  trip_id: string;
  stop_id: string;
  stop_sequence: number;
  departure: number;
  route_id: string;
  headsign: string | null;
  date: string;
  base: string;
  arrival: number;
  interpolated: boolean;
  arrival_only: boolean;
  wheelchair_accessible: number | null;
  bikes_allowed: number | null;
}

function toCall(r: CallRow): ScheduledCall {
  const call: ScheduledCall = {
    tripId: r.trip_id,
    routeId: r.route_id,
    headsign: r.headsign,
    stopId: r.stop_id,
    seq: r.stop_sequence,
    serviceDate: r.date,
    base: Number(r.base),
    time: r.arrival_only ? r.arrival : r.departure,
    wheelchairAccessible: r.wheelchair_accessible,
    bikesAllowed: r.bikes_allowed,
  };
  if (r.interpolated) call.interpolated = true;
  if (r.arrival_only) call.arrivalOnly = true;
  return call;
}

const HELD_FAMILY_VERSIONS = 32;
const MAX_HELD_FAMILIES = 100_000;

/** Timetable reads over the current feed versions; calendars are cached per version (they never change). */
@Injectable()
export class TransitTimetableRepository implements TimetablePort {
  private readonly calendars = new Map<number, ServiceCalendar>();
  private readonly frequencyTripIds = new Map<number, Set<string>>();
  /** stopFamily answers by version, then stop id (ids asked that exist or not: both are facts of the version). */
  private readonly families = new Map<number, Map<string, string[]>>();
  /** Every stop's family, by version (read at once: one query per version). */
  private readonly allFamilies = new Map<number, Promise<Map<string, string[]> | undefined>>();

  constructor(private readonly db: DatabaseService) {}

  private async query<T>(sql: string, params: unknown[]): Promise<T[]> {
    try {
      const ds = await this.db.dataSource();
      return (await ds.query(sql, params)) as T[];
    } catch (error) {
      throw toStorageError(error);
    }
  }

  /** A named statement on the pool TypeORM holds (same connections and settings, no query runner around it). */
  private async named<T>(name: string, text: string, values: unknown[]): Promise<T[]> {
    try {
      const pool = (await this.db.dataSource()).driver as unknown as { master: pg.Pool };
      return (await pool.master.query<T & pg.QueryResultRow>({ name, text, values })).rows;
    } catch (error) {
      throw toStorageError(error);
    }
  }

  async currentVersion(feedId: string): Promise<FeedVersion | undefined> {
    const rows = await this.query<{
      id: string;
      timezone: string;
      max_time: number;
      finished_at: Date;
      row_counts: Record<string, number>;
      bad_rows: FeedVersion['badRows'];
      service_start: string | null;
      service_end: string | null;
    }>(
      `SELECT v.id, v.timezone, v.max_time, v.finished_at, v.row_counts, v.bad_rows, v.service_start, v.service_end
       FROM gtfs_feed_current c JOIN gtfs_feed_version v ON v.id = c.version_id WHERE c.source = $1`,
      [feedId],
    );
    if (rows.length === 0) return undefined;
    const r = rows[0];
    return {
      feedId,
      versionId: Number(r.id),
      timezone: r.timezone,
      maxTime: r.max_time,
      importedAt: r.finished_at.toISOString(),
      rowCounts: r.row_counts,
      badRows: r.bad_rows,
      serviceStart: r.service_start,
      serviceEnd: r.service_end,
    };
  }

  async calendar(version: FeedVersion): Promise<ServiceCalendar> {
    const cached = this.calendars.get(version.versionId);
    if (cached !== undefined) return cached;
    const [calendar, dates] = await Promise.all([
      this.query<{ service_id: string; days: boolean[]; start_date: string; end_date: string }>(
        `SELECT service_id, days, start_date, end_date FROM gtfs_calendar WHERE feed_version = $1`,
        [version.versionId],
      ),
      this.query<{ service_id: string; date: string; exception_type: number }>(
        `SELECT service_id, date, exception_type FROM gtfs_calendar_date WHERE feed_version = $1`,
        [version.versionId],
      ),
    ]);
    const built = new ServiceCalendar(
      calendar.map((r) => ({ serviceId: r.service_id, days: r.days, startDate: r.start_date, endDate: r.end_date })),
      dates.map((r) => ({ serviceId: r.service_id, date: r.date, exceptionType: r.exception_type === 1 ? 1 : 2 })),
    );
    this.calendars.set(version.versionId, built);
    return built;
  }

  async trips(version: FeedVersion, tripIds: readonly string[]): Promise<Map<string, TripInfo>> {
    if (tripIds.length === 0) return new Map();
    const rows = await this.query<{ trip_id: string; route_id: string; service_id: string; headsign: string | null }>(
      `SELECT trip_id, route_id, service_id, headsign FROM gtfs_trip WHERE feed_version = $1 AND trip_id = ANY($2)`,
      [version.versionId, tripIds],
    );
    return new Map(
      rows.map((r) => [r.trip_id, { routeId: r.route_id, serviceId: r.service_id, headsign: r.headsign }]),
    );
  }

  async frequencies(version: FeedVersion, tripIds: readonly string[]): Promise<Map<string, TripFrequency[]>> {
    const byTrip = new Map<string, TripFrequency[]>();
    if (tripIds.length === 0 || (version.rowCounts['frequencies.txt'] ?? 0) === 0) return byTrip;
    const rows = await this.query<{
      trip_id: string;
      start_time: number;
      end_time: number;
      headway_secs: number;
      exact_times: number;
    }>(
      `SELECT trip_id, start_time, end_time, headway_secs, exact_times FROM gtfs_frequency
       WHERE feed_version = $1 AND trip_id = ANY($2) ORDER BY trip_id, start_time`,
      [version.versionId, tripIds],
    );
    for (const r of rows) {
      let list = byTrip.get(r.trip_id);
      if (list === undefined) byTrip.set(r.trip_id, (list = []));
      list.push({
        startTime: Number(r.start_time),
        endTime: Number(r.end_time),
        headwaySecs: Number(r.headway_secs),
        exactTimes: Number(r.exact_times) === 1,
      });
    }
    return byTrip;
  }

  async existingStops(version: FeedVersion, stopIds: readonly string[]): Promise<Set<string>> {
    if (stopIds.length === 0) return new Set();
    const rows = await this.query<{ stop_id: string }>(
      `SELECT stop_id FROM gtfs_stop WHERE feed_version = $1 AND stop_id = ANY($2)`,
      [version.versionId, stopIds],
    );
    return new Set(rows.map((r) => r.stop_id));
  }

  async existingRoutes(version: FeedVersion, routeIds: readonly string[]): Promise<Set<string>> {
    if (routeIds.length === 0) return new Set();
    const rows = await this.query<{ route_id: string }>(
      `SELECT route_id FROM gtfs_route WHERE feed_version = $1 AND route_id = ANY($2)`,
      [version.versionId, routeIds],
    );
    return new Set(rows.map((r) => r.route_id));
  }

  async schedules(version: FeedVersion, tripIds: readonly string[]): Promise<Map<string, ScheduledStop[]>> {
    const byTrip = new Map<string, ScheduledStop[]>();
    if (tripIds.length === 0) return byTrip;
    const rows = await this.query<{
      trip_id: string;
      stop_sequence: number;
      stop_id: string;
      arrival: number | null;
      departure: number | null;
    }>(SCHEDULES_SQL, [version.versionId, tripIds]);
    for (const r of rows) {
      let list = byTrip.get(r.trip_id);
      if (list === undefined) byTrip.set(r.trip_id, (list = []));
      list.push({ seq: r.stop_sequence, stopId: r.stop_id, arr: r.arrival, dep: r.departure });
    }
    return byTrip;
  }

  async calls(
    version: FeedVersion,
    stopIds: readonly string[],
    days: readonly ServiceDayQuery[],
    from: number,
    to: number,
    options: CallOptions = {},
  ): Promise<ScheduledCall[]> {
    const active = days.flatMap((d) => d.serviceIds.map((s) => `${d.date}|${s}`));
    if (stopIds.length === 0 || active.length === 0) return [];
    const arrivals = options.arrivals === true;
    const rows = await this.query<CallRow>(CALLS_SQL, [
      version.versionId,
      days.map((d) => d.date),
      days.map((d) => d.base),
      stopIds,
      from,
      to,
      active,
      arrivals,
    ]);
    return this.withFrequencies(version, rows.map(toCall), stopIds, days, from, to, arrivals);
  }

  /**
   * calls() and the check that `version` is still its feed's current one, in one round trip (a
   * named statement: parsed and planned once per connection); undefined when it is not (a switch
   * happened: the caller reads the current version and asks again).
   */
  async currentCalls(
    version: FeedVersion,
    stopIds: readonly string[],
    days: readonly ServiceDayQuery[],
    from: number,
    to: number,
    options: CallOptions = {},
  ): Promise<ScheduledCall[] | undefined> {
    const active = days.flatMap((d) => d.serviceIds.map((s) => `${d.date}|${s}`));
    const arrivals = options.arrivals === true;
    const rows = await this.named<CallRow & { current_version: string | null }>(
      'hub_current_calls',
      CURRENT_CALLS_SQL,
      [
        version.versionId,
        days.map((d) => d.date),
        days.map((d) => d.base),
        stopIds,
        from,
        to,
        active,
        arrivals,
        version.feedId,
      ],
    );
    if (rows.length === 0 || Number(rows[0].current_version) !== version.versionId) return undefined;
    if (stopIds.length === 0 || active.length === 0) return [];
    const calls = rows[0].trip_id === null ? [] : rows.map(toCall);
    return this.withFrequencies(version, calls, stopIds, days, from, to, arrivals);
  }

  private async withFrequencies(
    version: FeedVersion,
    calls: ScheduledCall[],
    stopIds: readonly string[],
    days: readonly ServiceDayQuery[],
    from: number,
    to: number,
    arrivals: boolean,
  ): Promise<ScheduledCall[]> {
    if ((version.rowCounts['frequencies.txt'] ?? 0) === 0) return calls;
    // A frequency-based trip's own stop times are a template: its instances replace them.
    const templates = await this.frequencyTemplates(version, stopIds, days, arrivals);
    const frequencyTrips = await this.frequencyTrips(version);
    return [...calls.filter((c) => !frequencyTrips.has(c.tripId)), ...expandFrequencyCalls(templates, days, from, to)];
  }

  /** The trips frequencies.txt names (cached per version: a version never changes). */
  private async frequencyTrips(version: FeedVersion): Promise<Set<string>> {
    let trips = this.frequencyTripIds.get(version.versionId);
    if (trips === undefined) {
      const rows = await this.query<{ trip_id: string }>(
        `SELECT DISTINCT trip_id FROM gtfs_frequency WHERE feed_version = $1`,
        [version.versionId],
      );
      trips = new Set(rows.map((r) => r.trip_id));
      this.frequencyTripIds.set(version.versionId, trips);
    }
    return trips;
  }

  private async frequencyTemplates(
    version: FeedVersion,
    stopIds: readonly string[],
    days: readonly ServiceDayQuery[],
    arrivals: boolean,
  ): Promise<FrequencyTemplateCall[]> {
    const services = [...new Set(days.flatMap((d) => d.serviceIds))];
    const rows = await this.query<{
      trip_id: string;
      start_time: number;
      end_time: number;
      headway_secs: number;
      exact_times: number;
      stop_id: string;
      stop_sequence: number;
      arrival: number;
      departure: number;
      interpolated: boolean;
      arrival_only: boolean;
      route_id: string;
      service_id: string;
      headsign: string | null;
      wheelchair_accessible: number | null;
      bikes_allowed: number | null;
      first_departure: number;
    }>(FREQUENCY_CALLS_SQL, [version.versionId, stopIds, services, arrivals]);
    return rows.map((r) => ({
      tripId: r.trip_id,
      routeId: r.route_id,
      serviceId: r.service_id,
      headsign: r.headsign,
      stopId: r.stop_id,
      seq: r.stop_sequence,
      arrival: r.arrival,
      departure: r.departure,
      firstDeparture: r.first_departure,
      startTime: r.start_time,
      endTime: r.end_time,
      headwaySecs: r.headway_secs,
      exactTimes: r.exact_times === 1,
      interpolated: r.interpolated,
      arrivalOnly: r.arrival_only,
      wheelchairAccessible: r.wheelchair_accessible,
      bikesAllowed: r.bikes_allowed,
    }));
  }

  async headsignTranslations(
    version: FeedVersion,
    tripIds: readonly string[],
    texts: readonly string[],
  ): Promise<HeadsignTranslation[]> {
    if ((version.rowCounts['translations.txt'] ?? 0) === 0 || (tripIds.length === 0 && texts.length === 0)) return [];
    const rows = await this.query<TranslationRow>(
      `SELECT table_name, field_name, language, translation, record_id, field_value FROM gtfs_translation
       WHERE feed_version = $1 AND ((table_name = 'trips' AND field_name = 'trip_headsign'
           AND (field_value = ANY($3) OR (field_value IS NULL AND record_id = ANY($2))))
         OR (table_name = 'stop_times' AND field_name = 'stop_headsign' AND field_value = ANY($3)))`,
      [version.versionId, tripIds, texts],
    );
    return rows.map(translationOf);
  }

  async nameTranslations(
    version: FeedVersion,
    table: NameTable,
    recordIds: readonly string[],
    texts: readonly string[],
  ): Promise<NameTranslation[]> {
    if ((version.rowCounts['translations.txt'] ?? 0) === 0 || (recordIds.length === 0 && texts.length === 0)) {
      return [];
    }
    const rows = await this.query<TranslationRow>(
      `SELECT table_name, field_name, language, translation, record_id, field_value FROM gtfs_translation
       WHERE feed_version = $1 AND table_name = $2 AND field_name = ANY($3)
         AND (field_value = ANY($5) OR (field_value IS NULL AND record_id = ANY($4)))`,
      [version.versionId, table, NAME_FIELDS[table], recordIds, texts],
    );
    return rows.map(translationOf);
  }

  async stop(version: FeedVersion, stopId: string): Promise<Stop | undefined> {
    const rows = await this.query<StopRow>(
      `SELECT ${STOP_COLUMNS} FROM gtfs_stop WHERE feed_version = $1 AND stop_id = $2`,
      [version.versionId, stopId],
    );
    return rows.length === 0 ? undefined : toStop(version.feedId, rows[0]);
  }

  /**
   * A stop and its platforms, held per version (a version never changes): every stop's family is
   * read in one query the first time a version is asked (a version of more than
   * MAX_HELD_FAMILIES stops: one query per stop asked). Same rows as
   * `stop_id = $2 OR parent_station = $2`: the stop if it exists, and every stop naming it as its
   * parent station.
   */
  async stopFamily(version: FeedVersion, stopId: string): Promise<string[]> {
    const whole = await this.wholeFamilies(version);
    if (whole !== undefined) return [...(whole.get(stopId) ?? [])];
    let families = this.families.get(version.versionId);
    const held = families?.get(stopId);
    if (held !== undefined) return [...held];
    const rows = await this.query<{ stop_id: string }>(
      `SELECT stop_id FROM gtfs_stop WHERE feed_version = $1 AND (stop_id = $2 OR parent_station = $2)`,
      [version.versionId, stopId],
    );
    const family = rows.map((r) => r.stop_id);
    if (families === undefined) {
      families = new Map();
      this.families.set(version.versionId, families);
      keepNewest(this.families);
    }
    if (families.size < MAX_HELD_FAMILIES) families.set(stopId, family);
    return [...family];
  }

  /** Every stop's family of the version, from one read of its stops; undefined when it has too many stops to hold. */
  private wholeFamilies(version: FeedVersion): Promise<Map<string, string[]> | undefined> {
    let held = this.allFamilies.get(version.versionId);
    if (held === undefined) {
      held = this.query<{ stop_id: string; parent_station: string | null }>(
        `SELECT stop_id, parent_station FROM gtfs_stop WHERE feed_version = $1 LIMIT $2`,
        [version.versionId, MAX_HELD_FAMILIES + 1],
      ).then((rows) => {
        if (rows.length > MAX_HELD_FAMILIES) return undefined;
        const families = new Map<string, string[]>();
        const add = (key: string, stopId: string): void => {
          const list = families.get(key);
          if (list === undefined) families.set(key, [stopId]);
          else list.push(stopId);
        };
        for (const r of rows) {
          add(r.stop_id, r.stop_id);
          if (r.parent_station !== null && r.parent_station !== r.stop_id) add(r.parent_station, r.stop_id);
        }
        return families;
      });
      const loading = held;
      this.allFamilies.set(version.versionId, loading);
      keepNewest(this.allFamilies);
      // A failed read is not held: the next request reads again.
      loading.catch(() => {
        if (this.allFamilies.get(version.versionId) === loading) this.allFamilies.delete(version.versionId);
      });
    }
    return held;
  }

  async searchStops(versions: readonly FeedVersion[], s: StopSearch): Promise<Stop[]> {
    if (versions.length === 0) return [];
    const feedOf = new Map(versions.map((v) => [String(v.versionId), v.feedId]));
    const params: unknown[] = [versions.map((v) => v.versionId)];
    const where = ['feed_version = ANY($1)'];
    let distance = 'NULL::float8';
    if (s.q !== undefined) {
      params.push(`%${s.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`);
      where.push(`(name ILIKE $${params.length} OR code ILIKE $${params.length})`);
    }
    if (s.bbox !== undefined) {
      params.push(...s.bbox);
      const n = params.length;
      where.push(`lon BETWEEN $${n - 3} AND $${n - 1} AND lat BETWEEN $${n - 2} AND $${n}`);
    }
    if (s.near !== undefined) {
      const dLat = (s.near.radiusM / EARTH_M) * (180 / Math.PI);
      const dLon = dLat / Math.max(0.01, Math.cos((s.near.lat * Math.PI) / 180));
      params.push(s.near.lat, s.near.lon, dLat, dLon, s.near.radiusM);
      const n = params.length;
      const [lat, lon, dla, dlo, r] = [n - 4, n - 3, n - 2, n - 1, n].map((i) => `$${i}`);
      distance = `${EARTH_M} * 2 * asin(sqrt(power(sin(radians(lat - ${lat}) / 2), 2) +
        cos(radians(${lat})) * cos(radians(lat)) * power(sin(radians(lon - ${lon}) / 2), 2)))`;
      where.push(`lat BETWEEN ${lat} - ${dla} AND ${lat} + ${dla} AND lon BETWEEN ${lon} - ${dlo} AND ${lon} + ${dlo}`);
      where.push(`${distance} <= ${r}`);
    }
    params.push(s.limit, s.offset);
    const order = s.near !== undefined ? 'distance, stop_id' : 'name, stop_id';
    const rows = await this.query<StopRow>(
      `SELECT ${STOP_COLUMNS}, ${distance} AS distance FROM gtfs_stop WHERE ${where.join(' AND ')}
       ORDER BY ${order} LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    );
    return rows.map((r) => toStop(feedOf.get(String(r.feed_version)) ?? '', r));
  }

  async routes(versions: readonly FeedVersion[]): Promise<Route[]> {
    if (versions.length === 0) return [];
    const feedOf = new Map(versions.map((v) => [String(v.versionId), v.feedId]));
    const rows = await this.query<RouteRow>(
      `SELECT ${ROUTE_COLUMNS} FROM gtfs_route WHERE feed_version = ANY($1) ORDER BY feed_version, short_name, route_id`,
      [versions.map((v) => v.versionId)],
    );
    return rows.map((r) => toRoute(feedOf.get(String(r.feed_version)) ?? '', r));
  }

  async route(version: FeedVersion, routeId: string): Promise<Route | undefined> {
    const rows = await this.query<RouteRow>(
      `SELECT ${ROUTE_COLUMNS} FROM gtfs_route WHERE feed_version = $1 AND route_id = $2`,
      [version.versionId, routeId],
    );
    return rows.length === 0 ? undefined : toRoute(version.feedId, rows[0]);
  }
}

/** Versions are numbered upwards: keep the newest ones (every feed's current, and those being switched from). */
function keepNewest<T>(byVersion: Map<number, T>): void {
  for (const id of [...byVersion.keys()].sort((a, b) => b - a).slice(HELD_FAMILY_VERSIONS)) byVersion.delete(id);
}

function toStop(feedId: string, r: StopRow): Stop {
  const stop: Stop = {
    id: `${feedId}:${r.stop_id}`,
    source: feedId,
    code: r.code,
    name: r.name ?? '',
    location: r.lat === null || r.lon === null ? null : { lat: r.lat, lon: r.lon },
    locationType: r.location_type,
    parentStation: r.parent_station === null || r.parent_station === '' ? null : `${feedId}:${r.parent_station}`,
    wheelchairBoarding: r.wheelchair_boarding,
  };
  if (r.distance !== null && r.distance !== undefined) stop.distance = Math.round(r.distance);
  return stop;
}

function toRoute(feedId: string, r: RouteRow): Route {
  return {
    id: `${feedId}:${r.route_id}`,
    source: feedId,
    agencyId: r.agency_id,
    shortName: r.short_name,
    longName: r.long_name,
    type: r.type,
    color: color(r.color),
    textColor: color(r.text_color),
    url: r.url,
  };
}

/** A gtfs_translation row as read by the headsign and name translation reads. */
interface TranslationRow {
  table_name: string;
  field_name: string;
  language: string;
  translation: string;
  record_id: string | null;
  field_value: string | null;
}

function translationOf(r: TranslationRow): HeadsignTranslation {
  return {
    tableName: r.table_name,
    fieldName: r.field_name,
    language: r.language,
    translation: r.translation,
    recordId: r.record_id,
    fieldValue: r.field_value,
  };
}
