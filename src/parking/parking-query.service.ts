import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { SourceRegistry } from '../config/source-registry.service.js';
import type { SourceHealth } from '../ops/source-health.model.js';
import { SOURCE_HEALTH_STORE, type SourceHealthStorePort } from '../ops/source-health.port.js';
import { isSourceStale } from '../ops/source-staleness.js';
import type { Parking } from './parking.model.js';
import type { ParkingListQuery } from './parking-list.query.js';
import { isParkingStale, MAX_TREND_WINDOW_MS, trendAt, trendWindowMs } from './served-freshness.js';
import { PARKING_LIVE_STATE, type ParkingLiveStatePort } from './ports/parking-live-state.port.js';
import type { StoredParking } from './stored-parking.js';

export const DEFAULT_RADIUS_M = 1_000;

export type ServedParking = Parking & { distance?: number };

export interface ParkingPage {
  data: ServedParking[];
  next: string | null;
  /** Set when a near/bbox query found nothing but the same point or box with lat and lon swapped would. */
  hint?: string;
}

/** Reads live parking state for the REST API: filters, geo, staleness, keyset pagination. */
@Injectable()
export class ParkingQueryService {
  constructor(
    @Inject(PARKING_LIVE_STATE) private readonly live: ParkingLiveStatePort,
    @Inject(SOURCE_HEALTH_STORE) private readonly health: SourceHealthStorePort,
    private readonly registry: SourceRegistry,
  ) {}

  async get(id: string, now = new Date()): Promise<ServedParking> {
    const stored = await this.live.get(id);
    if (stored === undefined) throw new AppException(ErrorCode.NOT_FOUND, `no parking with id "${id}"`);
    const health = await this.sourceHealth();
    return this.serve(stored, health, now);
  }

  async list(q: ParkingListQuery, now = new Date()): Promise<ParkingPage> {
    const { stored, distances } = await this.candidates(q);
    const sources = q.source?.split(',');
    const health = await this.sourceHealth();
    const items = stored
      .map((s) => this.serve(s, health, now, distances?.get(s.parking.id)))
      .filter(
        (p) =>
          (sources === undefined || sources.includes(p.source)) &&
          (q.kind === undefined || p.kind === q.kind) &&
          (q.status === undefined || p.status === q.status) &&
          (q.minFree === undefined || (p.free !== null && p.free >= q.minFree)),
      )
      .sort(byKey);
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    const start = after === undefined ? 0 : items.findIndex((p) => compareKeys(sortKey(p), after) > 0);
    const page = start < 0 ? [] : items.slice(start, start + q.limit);
    const more = start >= 0 && start + q.limit < items.length;
    const next = more ? encodeCursor(sortKey(page[page.length - 1])) : null;
    const hint = stored.length === 0 ? await this.swapHint(q) : undefined;
    return hint === undefined ? { data: page, next } : { data: page, next, hint };
  }

  /**
   * `near=0.34,46.58` for Poitiers (lon,lat, the GeoJSON order) finds nothing and is valid: when
   * no car park is in the area at all, one extra geo query with lat and lon swapped tells the
   * client whether that is the likely mistake (docs/interface.md § Routes).
   */
  private async swapHint(q: ParkingListQuery): Promise<string | undefined> {
    if (q.near !== undefined) {
      const { lat, lon } = q.near;
      const radius = q.radius ?? DEFAULT_RADIUS_M;
      if (Math.abs(lon) > 90 || lat === lon) return undefined;
      if ((await this.live.near(lon, lat, radius)).length === 0) return undefined;
      return `no car park within ${radius} m of (${lat}, ${lon}); did you swap lat and lon? near is lat,lon`;
    }
    if (q.bbox !== undefined) {
      const [minLon, minLat, maxLon, maxLat] = q.bbox;
      if (Math.abs(minLon) > 90 || Math.abs(maxLon) > 90) return undefined;
      if ((await this.live.withinBox([minLat, minLon, maxLat, maxLon])).length === 0) return undefined;
      return `no car park in bbox ${q.bbox.join(',')}; did you swap lat and lon? bbox is minLon,minLat,maxLon,maxLat`;
    }
    return undefined;
  }

  private async candidates(q: ParkingListQuery): Promise<{ stored: StoredParking[]; distances?: Map<string, number> }> {
    if (q.near !== undefined) {
      const hits = await this.live.near(q.near.lat, q.near.lon, q.radius ?? DEFAULT_RADIUS_M);
      const found = await this.live.getMany(hits.map((h) => h.id));
      return { stored: [...found.values()], distances: new Map(hits.map((h) => [h.id, Math.round(h.distance)])) };
    }
    if (q.bbox !== undefined) {
      const found = await this.live.getMany(await this.live.withinBox(q.bbox));
      return { stored: [...found.values()] };
    }
    return { stored: await this.live.all() };
  }

  /** Each source's health, by id: whether it is stale right now. */
  private async sourceHealth(): Promise<Map<string, SourceHealth>> {
    return new Map((await this.health.all()).map((h) => [h.id, h]));
  }

  /**
   * `stale` and `trend` at read time, so they move with the clock (docs/interface.md § Staleness):
   * stale from the car park's own `observedAt` against the source's limit (or, with
   * `timestamps: change`, from its source's staleness); a trend decays to `stable` once the free
   * count has kept its value for 3 x the source interval, at most 30 min.
   */
  private serve(s: StoredParking, health: Map<string, SourceHealth>, now: Date, distance?: number): ServedParking {
    const source = this.registry.get(s.parking.source);
    const limit = source?.staleAfterMs ?? 30 * 60_000;
    const sourceHealth = health.get(s.parking.source);
    const nowMs = now.getTime();
    const stale = isParkingStale({
      observedMs: Date.parse(s.parking.observedAt),
      sourceStale: sourceHealth === undefined ? undefined : isSourceStale(sourceHealth, limit, nowMs),
      staleAfterMs: limit,
      timestamps: source?.kind === 'parking' ? (source.timestamps ?? 'observation') : 'observation',
      nowMs,
    });
    const window = source === undefined ? MAX_TREND_WINDOW_MS : trendWindowMs(source.intervalMs);
    const trend = trendAt(s.parking.trend, Date.parse(s.valueSince), window, nowMs);
    const served: ServedParking = { ...s.parking, trend, stale };
    if (distance !== undefined) served.distance = distance;
    return served;
  }
}

type SortKey = [number, string];

function sortKey(p: ServedParking): SortKey {
  return [p.distance ?? 0, p.id];
}

/** Digits compare as numbers (`p:2` before `p:10` before `p:100`), as people read ids. */
const ID_ORDER = new Intl.Collator('en', { numeric: true });

/**
 * Distance, then id in ID_ORDER; ids the collator holds equal (`p:01`, `p:1`) by code unit, so
 * the order is total and a cursor (the last key of a page) never skips or repeats a car park.
 */
export function compareKeys(a: SortKey, b: SortKey): number {
  return a[0] - b[0] || ID_ORDER.compare(a[1], b[1]) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
}

function byKey(a: ServedParking, b: ServedParking): number {
  return compareKeys(sortKey(a), sortKey(b));
}

function encodeCursor(key: SortKey): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): SortKey {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && typeof key[0] === 'number' && typeof key[1] === 'string') return [key[0], key[1]];
  } catch {
    // falls through to the error below
  }
  throw new AppException(ErrorCode.BAD_REQUEST, 'cursor: not a cursor this API gave out', {
    details: [{ parameter: 'cursor', message: 'invalid cursor' }],
  });
}
