import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { GtfsRtSourceConfig, SourceConfig } from '../config/source-config.js';
import { SourceRegistry } from '../config/source-registry.service.js';
import { DeparturesService, type DeparturesHint } from './departures.service.js';
import { TIMETABLE, type FeedVersion, type TimetablePort } from './ports/timetable.port.js';
import { TRANSIT_LIVE_STATE, type TransitLiveStatePort } from './ports/transit-live-state.port.js';
import { nameKeys, type NameTable, NameTranslator, translateRoutes, translateStops } from './name-translations.js';
import type { AlertListQuery, DeparturesQuery, StopListQuery, VehicleListQuery } from './transit-queries.js';
import type { Alert, Departure, Route, Stop, Vehicle } from './transit.model.js';
import { splitId } from './transit.model.js';

export const DEFAULT_STOP_RADIUS_M = 500;

/** True when one of the alert's periods contains `now` (no period means always). */
export function isActive(alert: Alert, now: Date): boolean {
  if (alert.activePeriods.length === 0) return true;
  const t = now.getTime();
  return alert.activePeriods.some(
    (p) => (p.start === null || Date.parse(p.start) <= t) && (p.end === null || Date.parse(p.end) > t),
  );
}

/** Reads for the transit REST API: stops and routes (Postgres), vehicles and alerts (Redis), departures (both). */
@Injectable()
export class TransitQueryService {
  constructor(
    @Inject(TIMETABLE) private readonly timetable: TimetablePort,
    @Inject(TRANSIT_LIVE_STATE) private readonly live: TransitLiveStatePort,
    private readonly departures: DeparturesService,
    private readonly registry: SourceRegistry,
  ) {}

  private sourcesOf(kind: SourceConfig['kind'], wanted?: string[]): SourceConfig[] {
    return this.registry.all().filter((s) => s.kind === kind && (wanted === undefined || wanted.includes(s.id)));
  }

  private async versions(wanted?: string[]): Promise<FeedVersion[]> {
    const found = await Promise.all(this.sourcesOf('gtfs', wanted).map((s) => this.timetable.currentVersion(s.id)));
    return found.filter((v): v is FeedVersion => v !== undefined);
  }

  /** Names in the client's languages (`languages`, Accept-Language order); `q` matches the feed's own names. */
  async stops(q: StopListQuery, languages: readonly string[] = []): Promise<{ data: Stop[]; next: string | null }> {
    const offset = q.cursor ?? 0;
    const near = q.near === undefined ? undefined : { ...q.near, radiusM: q.radius ?? DEFAULT_STOP_RADIUS_M };
    const versions = await this.versions(q.source);
    const data = await this.timetable.searchStops(versions, {
      sources: q.source ?? [],
      q: q.q,
      near,
      bbox: q.bbox,
      limit: q.limit + 1,
      offset,
    });
    const more = data.length > q.limit;
    const page = await this.translatedStops(versions, data.slice(0, q.limit), languages);
    return { data: page, next: more ? String(offset + q.limit) : null };
  }

  async stop(id: string, languages: readonly string[] = []): Promise<Stop> {
    const parts = splitId(id);
    const version = parts === undefined ? undefined : await this.timetable.currentVersion(parts.source);
    const stop =
      version === undefined || parts === undefined ? undefined : await this.timetable.stop(version, parts.localId);
    if (stop === undefined || version === undefined) {
      throw new AppException(ErrorCode.NOT_FOUND, `no stop with id "${id}"`);
    }
    return (await this.translatedStops([version], [stop], languages))[0];
  }

  /**
   * Stop names in the client's languages (Accept-Language, preferred first) from each feed's
   * translations.txt, as headsigns are; the feed's text without one. One query per feed listed.
   */
  private translatedStops(versions: readonly FeedVersion[], stops: Stop[], languages: readonly string[]) {
    return this.translatedNames(versions, stops, languages, {
      table: 'stops',
      names: (s) => [s.name],
      translate: translateStops,
    });
  }

  /** Route names (short and long) in the client's languages, as stop names. */
  private translatedRoutes(versions: readonly FeedVersion[], routes: Route[], languages: readonly string[]) {
    return this.translatedNames(versions, routes, languages, {
      table: 'routes',
      names: (r) => [r.shortName, r.longName],
      translate: translateRoutes,
    });
  }

  private async translatedNames<T extends { id: string; source: string }>(
    versions: readonly FeedVersion[],
    items: T[],
    languages: readonly string[],
    of: {
      table: NameTable;
      names: (item: T) => Array<string | null>;
      translate: (items: readonly T[], feedId: string, t: NameTranslator) => T[];
    },
  ): Promise<T[]> {
    if (languages.length === 0 || items.length === 0) return items;
    const out = new Map<string, T>();
    await Promise.all(
      versions.map(async (version) => {
        const mine = items.filter((item) => item.source === version.feedId);
        if (mine.length === 0) return;
        const keys = nameKeys(
          version.feedId,
          mine.map((item) => ({ id: item.id, names: of.names(item) })),
        );
        const rows = await this.timetable.nameTranslations(version, of.table, keys.recordIds, keys.texts);
        if (rows.length === 0) return;
        for (const item of of.translate(mine, version.feedId, new NameTranslator(rows, languages)))
          out.set(item.id, item);
      }),
    );
    return out.size === 0 ? items : items.map((item) => out.get(item.id) ?? item);
  }

  async stopDepartures(id: string, q: DeparturesQuery, now = new Date()): Promise<Departure[]> {
    return this.departures.forStop(id, { at: q.at ?? now, windowS: q.window, limit: q.limit });
  }

  /**
   * GET /v1/stops/:id/departures: with `include=arrivals`, headsigns in the client's languages
   * (Accept-Language, preferred first), and a hint when the feed's service does not cover the day.
   */
  async stopDeparturesPage(
    id: string,
    q: DeparturesQuery,
    languages: readonly string[] = [],
    now = new Date(),
  ): Promise<{ departures: Departure[]; hint?: DeparturesHint }> {
    return this.departures.forStopWithHint(id, {
      at: q.at ?? now,
      windowS: q.window,
      limit: q.limit,
      arrivals: q.include?.includes('arrivals') === true,
      languages,
    });
  }

  async routes(source?: string[], languages: readonly string[] = []): Promise<Route[]> {
    const versions = await this.versions(source);
    return this.translatedRoutes(versions, await this.timetable.routes(versions), languages);
  }

  async route(id: string, languages: readonly string[] = []): Promise<Route> {
    const parts = splitId(id);
    const version = parts === undefined ? undefined : await this.timetable.currentVersion(parts.source);
    const route =
      version === undefined || parts === undefined ? undefined : await this.timetable.route(version, parts.localId);
    if (route === undefined || version === undefined) {
      throw new AppException(ErrorCode.NOT_FOUND, `no route with id "${id}"`);
    }
    return (await this.translatedRoutes([version], [route], languages))[0];
  }

  async vehicles(q: VehicleListQuery, now = new Date()): Promise<Vehicle[]> {
    const sources = this.sourcesOf('gtfs-rt', q.source) as GtfsRtSourceConfig[];
    const staleAfter = new Map(sources.map((s) => [s.id, s.staleAfterMs]));
    const inBox = q.bbox === undefined ? undefined : await this.live.vehicleIdsInBox(q.bbox);
    const all = await this.live.vehicles(sources.map((s) => s.id));
    return all
      .filter((v) => (q.route === undefined || v.routeId === q.route) && (inBox === undefined || inBox.has(v.id)))
      .map((v) => ({ ...v, stale: now.getTime() - Date.parse(v.observedAt) > (staleAfter.get(v.source) ?? Infinity) }))
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  async alerts(q: AlertListQuery, now = new Date()): Promise<Alert[]> {
    const sources = this.sourcesOf('gtfs-rt', q.source).map((s) => s.id);
    const all = await this.live.alerts(sources);
    return all
      .filter((a) => isActive(a, now))
      .filter((a) => q.route === undefined || a.routes.includes(q.route))
      .filter((a) => q.stop === undefined || a.stops.includes(q.stop))
      .sort((a, b) => a.id.localeCompare(b.id));
  }
}
