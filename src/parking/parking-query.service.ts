import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { SourceRegistry } from '../config/source-registry.service.js';
import type { SourceHealth } from '../ops/source-health.model.js';
import { SOURCE_HEALTH_STORE, type SourceHealthStorePort } from '../ops/source-health.port.js';
import { isSourceStale } from '../ops/source-staleness.js';
import type { Parking, ParkingTrend } from './parking.model.js';
import type { ParkingListQuery } from './parking-list.query.js';
import { matchesDetailFilters } from './parking-detail-filters.js';
import {
  isParkingStale,
  MAX_TREND_WINDOW_MS,
  type TimestampMeaning,
  trendAt,
  trendWindowMs,
} from './served-freshness.js';
import { type HeldState, servedJson, ServedParkingJson } from './served-parking-json.js';
import { PARKING_LIVE_STATE, type ParkingLiveStatePort } from './ports/parking-live-state.port.js';
import type { StoredParking } from './stored-parking.js';

export const DEFAULT_RADIUS_M = 1_000;

export type ServedParking = Parking & { distance?: number };

/** A page of list(), serialised: `data` is the JSON array of the served parkings. */
export interface ParkingPageJson {
  data: string;
  count: number;
  next: string | null;
  hint?: string;
}

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

  private readonly held = new ServedParkingJson();

  async get(id: string, now = new Date()): Promise<ServedParking> {
    const stored = await this.live.get(id);
    if (stored === undefined) throw new AppException(ErrorCode.NOT_FOUND, `no parking with id "${id}"`);
    const health = await this.sourceHealth();
    return this.serve(stored, health, now);
  }

  async list(q: ParkingListQuery, now = new Date()): Promise<ParkingPage> {
    const { rows, next, hint } = await this.page(q, now);
    const data = rows.map((r) => {
      const served: ServedParking = { ...r.stored.parking, trend: r.trend, stale: r.stale };
      if (r.distance !== undefined) served.distance = r.distance;
      return served;
    });
    return hint === undefined ? { data, next } : { data, next, hint };
  }

  /**
   * list(), with the page already serialised: `data` is byte for byte JSON.stringify(list().data),
   * built from each facility's served JSON held while its stored bytes are the same.
   */
  async listJson(q: ParkingListQuery, now = new Date()): Promise<ParkingPageJson> {
    const { rows, next, hint } = await this.page(q, now);
    const parts: string[] = new Array<string>(rows.length);
    for (let i = 0; i < rows.length; i += 1) {
      const r = rows[i];
      const held = r.held ?? { ...heldOf(r.stored), variants: [] };
      parts[i] = servedJson(held, r.trend, r.stale, r.distance);
    }
    const data = `[${parts.join(',')}]`;
    const page = { data, count: rows.length, next };
    return hint === undefined ? page : { ...page, hint };
  }

  /** The page's rows: candidates filtered, then served (stale, trend), sorted, after the cursor. */
  private async page(q: ParkingListQuery, now: Date): Promise<{ rows: Row[]; next: string | null; hint?: string }> {
    const found = await this.candidates(q);
    const sources = q.source?.split(',');
    const kept: Row[] = [];
    for (const row of found) {
      const p = row.stored.parking;
      if (
        (sources === undefined || sources.includes(p.source)) &&
        (q.kind === undefined || p.kind === q.kind) &&
        (q.status === undefined || p.status === q.status) &&
        (q.minFree === undefined || (p.free !== null && p.free >= q.minFree)) &&
        matchesDetailFilters(p, q)
      ) {
        kept.push(row);
      }
    }
    const rules = await this.readRules(kept, now.getTime());
    for (const row of kept) this.serveRow(row, rules, now.getTime());
    kept.sort(compareRows);
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor);
    const start = after === undefined ? 0 : kept.findIndex((r) => compareKeys(rowKey(r), after) > 0);
    const rows = start < 0 ? [] : kept.slice(start, start + q.limit);
    const more = start >= 0 && start + q.limit < kept.length;
    const next = more ? encodeCursor(rowKey(rows[rows.length - 1])) : null;
    const hint = found.length === 0 ? await this.swapHint(q) : undefined;
    return hint === undefined ? { rows, next } : { rows, next, hint };
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

  private async candidates(q: ParkingListQuery): Promise<Row[]> {
    if (q.near !== undefined) {
      const hits = await this.live.near(q.near.lat, q.near.lon, q.radius ?? DEFAULT_RADIUS_M);
      const ids = hits.map((h) => h.id);
      return this.heldRows(ids, await this.live.getManyJson(ids), (i) => Math.round(hits[i].distance));
    }
    if (q.bbox !== undefined) {
      const ids = await this.live.withinBox(q.bbox);
      return this.heldRows(ids, await this.live.getManyJson(ids), () => undefined);
    }
    return (await this.live.all()).map((stored) => newRow(stored, undefined, undefined));
  }

  /** Rows from stored JSON (in the order of `ids`; ids without a state left out), parsed once per stored bytes. */
  private heldRows(ids: string[], json: Array<string | null>, distanceOf: (i: number) => number | undefined): Row[] {
    const rows: Row[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < ids.length; i += 1) {
      const raw = json[i];
      if (raw === null || raw === undefined || seen.has(ids[i])) continue;
      seen.add(ids[i]);
      const held = this.held.state(ids[i], raw);
      rows.push(newRow(held.stored, held, distanceOf(i)));
    }
    return rows;
  }

  /** Each source's health, by id: whether it is stale right now. */
  private async sourceHealth(): Promise<Map<string, SourceHealth>> {
    return new Map((await this.health.all()).map((h) => [h.id, h]));
  }

  /**
   * The staleness and trend rules of each source of the rows, looked up once per request. Source
   * health is read only when a source's `stale` depends on it (`timestamps: change`).
   */
  private async readRules(rows: Row[], nowMs: number): Promise<Map<string, SourceRules>> {
    const rules = new Map<string, SourceRules>();
    let healthNeeded = false;
    for (const row of rows) {
      const id = row.stored.parking.source;
      if (rules.has(id)) continue;
      const source = this.registry.get(id);
      const timestamps = source?.kind === 'parking' ? (source.timestamps ?? 'observation') : 'observation';
      if (timestamps === 'change') healthNeeded = true;
      rules.set(id, {
        limit: source?.staleAfterMs ?? 30 * 60_000,
        timestamps,
        window: source === undefined ? MAX_TREND_WINDOW_MS : trendWindowMs(source.intervalMs),
        sourceStale: undefined,
      });
    }
    if (healthNeeded) {
      const health = await this.sourceHealth();
      for (const [id, r] of rules) {
        const h = health.get(id);
        r.sourceStale = h === undefined ? undefined : isSourceStale(h, r.limit, nowMs);
      }
    }
    return rules;
  }

  private serveRow(row: Row, rules: Map<string, SourceRules>, nowMs: number): void {
    const p = row.stored.parking;
    const r = rules.get(p.source) as SourceRules;
    const observedMs = row.held?.observedMs ?? Date.parse(p.observedAt);
    const valueSinceMs = row.held?.valueSinceMs ?? Date.parse(row.stored.valueSince);
    row.stale = isParkingStale({
      observedMs,
      sourceStale: r.sourceStale,
      staleAfterMs: r.limit,
      timestamps: r.timestamps,
      nowMs,
    });
    row.trend = trendAt(p.trend, valueSinceMs, r.window, nowMs);
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

/** A candidate of a list: its stored state (held when read as JSON), distance, then its read-time trend and stale. */
interface Row {
  stored: StoredParking;
  held: HeldState | undefined;
  distance: number | undefined;
  trend: ParkingTrend;
  stale: boolean;
}

interface SourceRules {
  limit: number;
  timestamps: TimestampMeaning;
  window: number;
  sourceStale: boolean | undefined;
}

function newRow(stored: StoredParking, held: HeldState | undefined, distance: number | undefined): Row {
  return { stored, held, distance, trend: stored.parking.trend, stale: stored.parking.stale };
}

function heldOf(stored: StoredParking): Omit<HeldState, 'variants'> {
  return {
    raw: '',
    stored,
    observedMs: Date.parse(stored.parking.observedAt),
    valueSinceMs: Date.parse(stored.valueSince),
  };
}

function rowKey(r: Row): SortKey {
  return [r.distance ?? 0, r.stored.parking.id];
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

/** compareKeys(rowKey(a), rowKey(b)), without building the keys. */
function compareRows(a: Row, b: Row): number {
  const x = a.stored.parking.id;
  const y = b.stored.parking.id;
  return (a.distance ?? 0) - (b.distance ?? 0) || ID_ORDER.compare(x, y) || (x < y ? -1 : x > y ? 1 : 0);
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
