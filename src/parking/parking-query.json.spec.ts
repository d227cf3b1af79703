import type { SourceConfig } from '../config/source-config.js';
import type { SourceRegistry } from '../config/source-registry.service.js';
import { initialHealth, type SourceHealth } from '../ops/source-health.model.js';
import type { SourceHealthStorePort } from '../ops/source-health.port.js';
import { isSourceStale } from '../ops/source-staleness.js';
import type { Parking, ParkingTrend } from './parking.model.js';
import type { ParkingListQuery } from './parking-list.query.js';
import { compareKeys, ParkingQueryService, type ServedParking } from './parking-query.service.js';
import type { GeoHit, ParkingLiveStatePort } from './ports/parking-live-state.port.js';
import { isParkingStale, trendAt, trendWindowMs } from './served-freshness.js';
import type { StoredParking } from './stored-parking.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const TRENDS: ParkingTrend[] = ['filling', 'emptying', 'stable', 'unknown'];

const config = (id: string, patch: Partial<SourceConfig> = {}): SourceConfig =>
  ({
    id,
    kind: 'parking',
    format: 'parkapi',
    intervalMs: 60_000,
    enabled: true,
    staleAfterMs: 180_000,
    ...patch,
  }) as SourceConfig;
const SOURCES = [config('a'), config('b', { timestamps: 'change' } as Partial<SourceConfig>)];

/** 60 car parks of two sources with every shape a state takes: optional members, each trend, old and new times. */
function states(): StoredParking[] {
  return Array.from({ length: 60 }, (_, i) => {
    const parking: Parking = {
      id: `${i % 2 === 0 ? 'a' : 'b'}:${i % 7 === 0 ? `0${i}` : i}`,
      source: i % 2 === 0 ? 'a' : 'b',
      name: i % 5 === 0 ? null : `P "${i}" é`,
      kind: i % 3 === 0 ? 'park-and-ride' : 'car-park',
      location: { lat: 46.58 + i / 1_000, lon: 0.34 },
      ...(i % 4 === 0 ? { address: `${i} rue de la Gare` } : {}),
      capacity: i % 9 === 0 ? null : 100 + i,
      free: i % 11 === 0 ? null : i,
      occupied: i % 11 === 0 ? null : 100,
      ...(i % 6 === 0 ? { disabled: { capacity: 4, free: i % 5 } } : {}),
      status: i % 8 === 0 ? 'closed' : 'open',
      trend: TRENDS[i % 4],
      observedAt: new Date(NOW.getTime() - i * 9_000).toISOString(),
      receivedAt: NOW.toISOString(),
      stale: i % 10 === 0,
      quality: i % 3 === 0 ? ['estimated'] : [],
    };
    return { parking, valueSince: new Date(NOW.getTime() - i * 7_000).toISOString() };
  });
}

function serviceOver(all: StoredParking[], health: SourceHealth[]) {
  const byId = new Map(all.map((s) => [s.parking.id, s]));
  const json = new Map(all.map((s) => [s.parking.id, JSON.stringify(s)]));
  // Distances with fractions and ties once rounded, in Redis' ASC order.
  const hits: GeoHit[] = all.map((s, i) => ({ id: s.parking.id, distance: Math.floor(i / 3) * 10 + (i % 3) * 0.2 }));
  const live = {
    all: async () => [...byId.values()],
    near: async () => hits,
    withinBox: async () => all.map((s) => s.parking.id).reverse(),
    getManyJson: async (ids: string[]) => ids.map((id) => json.get(id) ?? null),
  } as unknown as ParkingLiveStatePort;
  const store = { all: async () => health } as unknown as SourceHealthStorePort;
  const registry = { get: (id: string) => SOURCES.find((s) => s.id === id) } as unknown as SourceRegistry;
  return { service: new ParkingQueryService(live, store, registry), json, hits };
}

/** What list() served before answers were assembled from held JSON: each state spread, stale and trend at read time, distance last, sorted by key. */
function expected(
  all: StoredParking[],
  hits: GeoHit[] | undefined,
  health: SourceHealth[],
  q: ParkingListQuery,
): ServedParking[] {
  const nowMs = NOW.getTime();
  const served = all.map((s) => {
    const source = SOURCES.find((c) => c.id === s.parking.source) as SourceConfig;
    const h = health.find((x) => x.id === source.id);
    const stale = isParkingStale({
      observedMs: Date.parse(s.parking.observedAt),
      sourceStale: h === undefined ? undefined : isSourceStale(h, source.staleAfterMs, nowMs),
      staleAfterMs: source.staleAfterMs,
      timestamps: source.kind === 'parking' ? (source.timestamps ?? 'observation') : 'observation',
      nowMs,
    });
    const trend = trendAt(s.parking.trend, Date.parse(s.valueSince), trendWindowMs(source.intervalMs), nowMs);
    const p: ServedParking = { ...s.parking, trend, stale };
    const hit = hits?.find((x) => x.id === s.parking.id);
    if (hit !== undefined) p.distance = Math.round(hit.distance);
    return p;
  });
  return served
    .filter(
      (p) =>
        (q.minFree === undefined || (p.free !== null && p.free >= q.minFree)) &&
        (q.kind === undefined || p.kind === q.kind),
    )
    .sort((x, y) => compareKeys([x.distance ?? 0, x.id], [y.distance ?? 0, y.id]));
}

describe('ParkingQueryService.listJson: the served JSON, held per stored bytes, is what list() serialises', () => {
  const silent: SourceHealth = {
    ...initialHealth(SOURCES[1]),
    status: 'ok',
    lastPollAt: '2026-11-28T11:59:50Z',
    lastSuccessAt: '2026-11-28T11:00:00Z',
  };
  const queries: Array<[string, ParkingListQuery]> = [
    ['near, every result', { near: { lat: 46.58, lon: 0.34 }, radius: 5_000, limit: 500 }],
    ['near, a page', { near: { lat: 46.58, lon: 0.34 }, limit: 7 }],
    ['near, filtered', { near: { lat: 46.58, lon: 0.34 }, limit: 50, minFree: 20, kind: 'car-park' }],
    ['bbox', { bbox: [0, 46, 1, 47], limit: 500 }],
    ['all', { limit: 500 }],
  ];

  it.each(queries)('%s: data is JSON.stringify(list().data), and list() serves each state as before', async (_n, q) => {
    for (const health of [[], [silent]]) {
      const all = states();
      const { service, hits } = serviceOver(all, health);
      const page = await service.list(q, NOW);
      const json = await service.listJson(q, NOW);
      expect(json.data).toBe(JSON.stringify(page.data));
      expect(json.count).toBe(page.data.length);
      expect(json.next).toBe(page.next);
      const want = expected(all, q.near === undefined ? undefined : hits, health, q);
      expect(JSON.stringify(page.data)).toBe(JSON.stringify(want.slice(0, q.limit)));
      // Asked again (held copies now), the same bytes.
      expect((await service.listJson(q, NOW)).data).toBe(json.data);
    }
  });

  it('the cursor pages through the same order as list()', async () => {
    const { service } = serviceOver(states(), []);
    const q: ParkingListQuery = { near: { lat: 46.58, lon: 0.34 }, limit: 9 };
    let cursor: string | undefined;
    const seen: string[] = [];
    do {
      const [page, json] = [await service.list({ ...q, cursor }, NOW), await service.listJson({ ...q, cursor }, NOW)];
      expect(json.data).toBe(JSON.stringify(page.data));
      expect(json.next).toBe(page.next);
      seen.push(...page.data.map((p) => p.id));
      cursor = page.next ?? undefined;
    } while (cursor !== undefined);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
  });

  it('a changed state (other stored bytes) is served changed; stale and trend still move with the clock', async () => {
    const all = states();
    const { service, json } = serviceOver(all, []);
    const q: ParkingListQuery = { near: { lat: 46.58, lon: 0.34 }, limit: 500 };
    await service.listJson(q, NOW);
    const target = all[4];
    json.set(target.parking.id, JSON.stringify({ ...target, parking: { ...target.parking, free: 4242 } }));
    const after = JSON.parse((await service.listJson(q, NOW)).data) as ServedParking[];
    expect(after.find((p) => p.id === target.parking.id)?.free).toBe(4242);
    const later = new Date(NOW.getTime() + 3_600_000);
    const hourLater = JSON.parse((await service.listJson(q, later)).data) as ServedParking[];
    expect(hourLater.every((p) => p.source !== 'a' || p.stale)).toBe(true);
    expect(hourLater.some((p) => p.trend === 'filling' || p.trend === 'emptying')).toBe(false);
    expect((await service.listJson(q, later)).data).toBe(JSON.stringify((await service.list(q, later)).data));
  });

  it('reads source health only when a source of the rows needs it (timestamps: change)', async () => {
    const all = states().filter((s) => s.parking.source === 'a');
    let reads = 0;
    const { service } = serviceOver(all, []);
    const counting = service as unknown as { health: { all: () => Promise<SourceHealth[]> } };
    counting.health = { all: async () => ((reads += 1), []) };
    await service.listJson({ near: { lat: 46.58, lon: 0.34 }, limit: 50 }, NOW);
    expect(reads).toBe(0);
    const withB = serviceOver(states(), []).service as unknown as { health: { all: () => Promise<SourceHealth[]> } };
    withB.health = { all: async () => ((reads += 1), []) };
    await (withB as unknown as ParkingQueryService).listJson({ near: { lat: 46.58, lon: 0.34 }, limit: 50 }, NOW);
    expect(reads).toBe(1);
  });
});
