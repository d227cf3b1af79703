import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { SourceConfig } from '../config/source-config.js';
import { SourceRegistry } from '../config/source-registry.service.js';
import { mergeDepartures, predictionKeys, type ScheduledCall } from './departures.merge.js';
import { translateHeadsigns } from './headsign-translations.js';
import { TIMETABLE, type FeedVersion, type ServiceDayQuery, type TimetablePort } from './ports/timetable.port.js';
import { TRANSIT_LIVE_STATE, type TransitLiveStatePort } from './ports/transit-live-state.port.js';
import { realtimeOnlyDepartures } from './realtime/realtime-only-departures.js';
import type { TripPrediction } from './realtime/trip-prediction.js';
import { LocalDateMemo } from './local-date-memo.js';
import { nameKeys, NameTranslator, translateDepartureRoutes } from './name-translations.js';
import { candidateServiceDays } from './service-calendar.js';
import { localDate, serviceDayStartMs } from './service-time.js';
import type { Departure, DepartureRoute } from './transit.model.js';
import { splitId } from './transit.model.js';

/** How far before `at` scheduled calls are read, so a late vehicle still shows. */
export const LOOKBACK_S = 3_600;

export interface DepartureWindow {
  at: Date;
  windowS: number;
  limit: number;
  /** Also list arrivals (a trip's last stop, stops without pickup), marked `arrivalOnly`. */
  arrivals?: boolean;
  /** The client's languages, preferred first (Accept-Language): headsigns and route names from translations.txt. */
  languages?: readonly string[];
}

/** Why a departures answer may be empty though the stop exists: the feed's service does not cover the day. */
export interface DeparturesHint {
  code: ErrorCode.FEED_EXPIRED | ErrorCode.FEED_NOT_STARTED;
  message: string;
}

/** YYYYMMDD → YYYY-MM-DD */
function isoDate(date: string): string {
  return `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
}

/** The hint for `at` when the version's calendars end before (or start after) its local date. */
export function serviceHint(
  version: FeedVersion,
  at: Date,
  day = localDate(at.getTime(), version.timezone),
): DeparturesHint | undefined {
  const end = version.serviceEnd ?? null;
  const start = version.serviceStart ?? null;
  if (end !== null && day > end) {
    return {
      code: ErrorCode.FEED_EXPIRED,
      message: `the timetable of "${version.feedId}" ended on ${isoDate(end)}: no service on ${isoDate(day)}`,
    };
  }
  if (start !== null && day < start) {
    return {
      code: ErrorCode.FEED_NOT_STARTED,
      message: `the timetable of "${version.feedId}" starts on ${isoDate(start)}: no service on ${isoDate(day)}`,
    };
  }
  return undefined;
}

const MAX_HELD_DAY_SETS = 1_000;

/** Timetable (Postgres) + predictions (Redis) → departures, for the REST API and the `departures` events. */
@Injectable()
export class DeparturesService {
  private readonly routeCache = new Map<number, Map<string, DepartureRoute>>();
  /**
   * The version each feed was last seen current at: a stop's departures are read with it and
   * checked against the current one in the same statement (currentCalls), so a switch is seen
   * on the very next request, and costs one more read then.
   */
  private readonly lastVersions = new Map<string, FeedVersion>();
  /** The service days (with their origins and active services) by version and local dates. */
  private readonly days = new Map<string, ServiceDayQuery[]>();
  private readonly localDates = new LocalDateMemo();
  private rtSources?: { list: readonly SourceConfig[]; byFeed: Map<string, readonly string[]> };

  constructor(
    @Inject(TIMETABLE) private readonly timetable: TimetablePort,
    @Inject(TRANSIT_LIVE_STATE) private readonly live: TransitLiveStatePort,
    private readonly registry: SourceRegistry,
  ) {}

  /** The GTFS-RT sources whose ids resolve against this static feed (held per list of sources: a reload makes a new one). */
  realtimeSources(feedId: string): readonly string[] {
    const list = this.registry.all();
    if (this.rtSources?.list !== list) this.rtSources = { list, byFeed: new Map() };
    let ids = this.rtSources.byFeed.get(feedId);
    if (ids === undefined) {
      ids = list.filter((s) => s.kind === 'gtfs-rt' && s.feed === feedId).map((s) => s.id);
      this.rtSources.byFeed.set(feedId, ids);
    }
    return ids;
  }

  async requireVersion(feedId: string): Promise<FeedVersion> {
    const version = await this.timetable.currentVersion(feedId);
    if (version === undefined) {
      this.lastVersions.delete(feedId);
      throw new AppException(ErrorCode.NOT_FOUND, `no timetable loaded for source "${feedId}"`);
    }
    this.lastVersions.set(feedId, version);
    return version;
  }

  /** Departures of a stop (a station includes its platforms). */
  async forStop(stopId: string, w: DepartureWindow): Promise<Departure[]> {
    return (await this.forStopWithHint(stopId, w)).departures;
  }

  /** Departures of a stop, with a hint when the feed's service does not cover the day asked. */
  async forStopWithHint(
    stopId: string,
    w: DepartureWindow,
  ): Promise<{ departures: Departure[]; hint?: DeparturesHint }> {
    const id = splitId(stopId);
    if (id === undefined) throw new AppException(ErrorCode.NOT_FOUND, `no stop with id "${stopId}"`);
    const source = this.registry.get(id.source);
    if (source?.kind === 'gtfs-rt' && source.feed === undefined) {
      return { departures: await realtimeOnlyDepartures(this.live, source.id, id.localId, w) };
    }
    const last = this.lastVersions.get(id.source);
    // With the version last seen current: answered unless it is no longer current (or the stop is not in it).
    const answer = last === undefined ? undefined : await this.stopAnswer(last, id.localId, w, true);
    if (answer !== undefined) return answer;
    const version = await this.requireVersion(id.source);
    const checked = await this.stopAnswer(version, id.localId, w, false);
    if (checked === undefined) throw new AppException(ErrorCode.NOT_FOUND, `no stop with id "${stopId}"`);
    return checked;
  }

  /**
   * The answer for a stop of `version`, or undefined when the stop is not in it or (`checkCurrent`)
   * the version is no longer its feed's current one.
   */
  private async stopAnswer(
    version: FeedVersion,
    localStopId: string,
    w: DepartureWindow,
    checkCurrent: boolean,
  ): Promise<{ departures: Departure[]; hint?: DeparturesHint } | undefined> {
    const family = await this.timetable.stopFamily(version, localStopId);
    if (family.length === 0) return undefined;
    const merged = await this.merge(version, family, w, checkCurrent, false);
    if (merged === undefined) return undefined;
    const departures = await this.translated(version, merged.all, w.languages ?? []);
    const hint = serviceHint(version, w.at, this.localDates.of(w.at.getTime(), version.timezone));
    return hint === undefined ? { departures } : { departures, hint };
  }

  private async translated(
    version: FeedVersion,
    departures: Departure[],
    languages: readonly string[],
  ): Promise<Departure[]> {
    // A version without translations.txt has nothing to translate (the reads below would give none).
    if (languages.length === 0 || departures.length === 0 || (version.rowCounts['translations.txt'] ?? 0) === 0) {
      return departures;
    }
    const tripIds = [...new Set(departures.map((d) => d.tripId.slice(version.feedId.length + 1)))];
    const texts = [...new Set(departures.flatMap((d) => (d.headsign === null ? [] : [d.headsign])))];
    const routes = nameKeys(
      version.feedId,
      departures.map((d) => ({ id: d.route.id, names: [d.route.shortName, d.route.longName] })),
    );
    const [rows, routeRows] = await Promise.all([
      this.timetable.headsignTranslations(version, tripIds, texts),
      this.timetable.nameTranslations(version, 'routes', routes.recordIds, routes.texts),
    ]);
    const withHeadsigns =
      rows.length === 0 ? departures : translateHeadsigns(departures, version.feedId, rows, languages);
    return routeRows.length === 0
      ? withHeadsigns
      : translateDepartureRoutes(withHeadsigns, version.feedId, new NameTranslator(routeRows, languages));
  }

  /** Departures of each stop on its own (platform level), in one timetable query. */
  async forStops(
    version: FeedVersion,
    localStopIds: readonly string[],
    w: DepartureWindow,
  ): Promise<Map<string, Departure[]>> {
    return ((await this.merge(version, localStopIds, w, false, true)) as { byStop: Map<string, Departure[]> }).byStop;
  }

  /**
   * The departures of the stops together (`all`), or of each on its own (`byStop`, when
   * `perStop`); undefined when `checkCurrent` and the version is no longer current.
   */
  private async merge(
    version: FeedVersion,
    stopIds: readonly string[],
    w: DepartureWindow,
    checkCurrent: boolean,
    perStop: boolean,
  ): Promise<{ all: Departure[]; byStop: Map<string, Departure[]> } | undefined> {
    const from = Math.floor(w.at.getTime() / 1000);
    const to = from + w.windowS;
    const days = await this.serviceDays(version, from, to);
    const options = { arrivals: w.arrivals === true };
    const calls = checkCurrent
      ? await this.timetable.currentCalls(version, stopIds, days, from - LOOKBACK_S, to, options)
      : await this.timetable.calls(version, stopIds, days, from - LOOKBACK_S, to, options);
    if (calls === undefined) return undefined;
    const sources = this.realtimeSources(version.feedId);
    const keys = calls.flatMap(predictionKeys);
    const stopSet = new Set(stopIds);
    // Predictions and the trips not in the timetable at these stops: one Redis round trip.
    const [{ predictions, extra: unscheduled }, routes] = await Promise.all([
      this.live.liveAt(sources, [...new Set(keys)], stopSet),
      this.routes(version),
    ]);
    const extra = await this.notInTimetable(version, unscheduled);
    const base = { feedId: version.feedId, predictions, routes, from, to, limit: w.limit };
    const byStop = new Map<string, Departure[]>();
    if (!perStop) return { all: mergeDepartures({ ...base, calls, extra, stopIds: stopSet }), byStop };
    const callsByStop = groupBy(calls, (c) => c.stopId);
    for (const stopId of stopIds) {
      const departures = mergeDepartures({
        ...base,
        calls: callsByStop.get(stopId) ?? [],
        extra,
        stopIds: new Set([stopId]),
      });
      byStop.set(`${version.feedId}:${stopId}`, departures);
    }
    return { all: [], byStop };
  }

  /**
   * Trips stored as unscheduled because the timetable did not have them when their update came
   * (e.g. before the first import finished) are listed from the timetable now, not twice.
   */
  private async notInTimetable(version: FeedVersion, trips: TripPrediction[]): Promise<TripPrediction[]> {
    if (trips.length === 0) return trips;
    const known = await this.timetable.trips(version, [...new Set(trips.map((t) => t.tripId))]);
    return trips.filter((t) => t.relationship === 'added' || !known.has(t.tripId));
  }

  /** Held per version and local dates: a version's calendar never changes. */
  private async serviceDays(version: FeedVersion, from: number, to: number): Promise<ServiceDayQuery[]> {
    const first = this.localDates.of((from - LOOKBACK_S) * 1000, version.timezone);
    const last = this.localDates.of(to * 1000, version.timezone);
    const key = `${version.versionId} ${first} ${last}`;
    const held = this.days.get(key);
    if (held !== undefined) return held;
    const calendar = await this.timetable.calendar(version);
    const forward = first === last ? 0 : 1;
    const days = candidateServiceDays(first, version.maxTime, forward).map((date) => ({
      date,
      base: Math.round(serviceDayStartMs(date, version.timezone) / 1000),
      serviceIds: [...calendar.activeServices(date)],
    }));
    if (this.days.size >= MAX_HELD_DAY_SETS) this.days.clear();
    this.days.set(key, days);
    return days;
  }

  private async routes(version: FeedVersion): Promise<Map<string, DepartureRoute>> {
    let cached = this.routeCache.get(version.versionId);
    if (cached === undefined) {
      const list = await this.timetable.routes([version]);
      cached = new Map(
        list.map((r) => [
          r.id.slice(version.feedId.length + 1),
          { id: r.id, shortName: r.shortName, longName: r.longName, color: r.color },
        ]),
      );
      this.routeCache.set(version.versionId, cached);
    }
    return cached;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list === undefined) map.set(k, [item]);
    else list.push(item);
  }
  return map;
}

export type { ScheduledCall };
