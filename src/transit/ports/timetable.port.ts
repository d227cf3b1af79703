import type { ScheduledCall } from '../departures.merge.js';
import type { HeadsignTranslation } from '../headsign-translations.js';
import type { NameTable, NameTranslation } from '../name-translations.js';
import type { ScheduledStop } from '../realtime/trip-prediction.js';
import type { ServiceCalendar } from '../service-calendar.js';
import type { Route, Stop } from '../transit.model.js';

/** The current version of one static feed. */
export interface FeedVersion {
  feedId: string;
  versionId: number;
  timezone: string;
  /** Latest stop time in the feed, seconds (may exceed 86 400). */
  maxTime: number;
  importedAt: string;
  rowCounts: Record<string, number>;
  badRows: Record<string, { count: number; samples: Array<{ line: number; reason: string }> }>;
  /** The dates (YYYYMMDD) its calendars cover; null for versions imported before they were recorded. */
  serviceStart?: string | null;
  serviceEnd?: string | null;
}

export interface CallOptions {
  /** Also the calls where nobody boards (a trip's last stop, pickup_type 1), marked `arrivalOnly`. */
  arrivals?: boolean;
}

export interface TripInfo {
  routeId: string;
  serviceId: string;
  headsign: string | null;
}

/** A frequencies.txt row of a trip (times in s after the service day's origin). */
export interface TripFrequency {
  startTime: number;
  endTime: number;
  headwaySecs: number;
  exactTimes: boolean;
}

/** One service day to look up: the services running that day and the day's origin. */
export interface ServiceDayQuery {
  date: string;
  base: number;
  serviceIds: string[];
}

export interface StopSearch {
  sources: string[];
  q?: string;
  near?: { lat: number; lon: number; radiusM: number };
  bbox?: [number, number, number, number];
  limit: number;
  offset: number;
}

export const TIMETABLE = Symbol('TIMETABLE');

/** Reads of the current static feed versions (Postgres). */
export interface TimetablePort {
  currentVersion(feedId: string): Promise<FeedVersion | undefined>;
  calendar(version: FeedVersion): Promise<ServiceCalendar>;
  trips(version: FeedVersion, tripIds: readonly string[]): Promise<Map<string, TripInfo>>;
  existingStops(version: FeedVersion, stopIds: readonly string[]): Promise<Set<string>>;
  existingRoutes(version: FeedVersion, routeIds: readonly string[]): Promise<Set<string>>;
  schedules(version: FeedVersion, tripIds: readonly string[]): Promise<Map<string, ScheduledStop[]>>;
  /** frequencies.txt rows of these trips (none for trips without): realtime is matched to their instances. */
  frequencies(version: FeedVersion, tripIds: readonly string[]): Promise<Map<string, TripFrequency[]>>;
  /**
   * Calls at the stops whose time (s after the day's origin) lies in [from - base, to - base] per
   * day: departures (no last stops, no pickup_type 1), frequency-based trips expanded.
   */
  calls(
    version: FeedVersion,
    stopIds: readonly string[],
    days: readonly ServiceDayQuery[],
    from: number,
    to: number,
    options?: CallOptions,
  ): Promise<ScheduledCall[]>;
  /**
   * calls(), and in the same round trip the check that `version` is still its feed's current
   * one: undefined when it is not (read the current version and ask again).
   */
  currentCalls(
    version: FeedVersion,
    stopIds: readonly string[],
    days: readonly ServiceDayQuery[],
    from: number,
    to: number,
    options?: CallOptions,
  ): Promise<ScheduledCall[] | undefined>;
  /** translations.txt rows for headsigns: of these texts (field_value) or these trips (record_id). */
  headsignTranslations(
    version: FeedVersion,
    tripIds: readonly string[],
    texts: readonly string[],
  ): Promise<HeadsignTranslation[]>;
  /**
   * translations.txt rows for the names of a table (stops: stop_name; routes: route_short_name,
   * route_long_name): of these texts (field_value) or these records (record_id).
   */
  nameTranslations(
    version: FeedVersion,
    table: NameTable,
    recordIds: readonly string[],
    texts: readonly string[],
  ): Promise<NameTranslation[]>;
  stop(version: FeedVersion, stopId: string): Promise<Stop | undefined>;
  /** The stop and, for a station, its platforms. */
  stopFamily(version: FeedVersion, stopId: string): Promise<string[]>;
  searchStops(versions: readonly FeedVersion[], search: StopSearch): Promise<Stop[]>;
  routes(versions: readonly FeedVersion[]): Promise<Route[]>;
  route(version: FeedVersion, routeId: string): Promise<Route | undefined>;
}
