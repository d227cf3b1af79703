import { prepareResponse } from '../../common/http/cached-response.js';
import type { SourceConfig } from '../../config/source-config.js';
import type { SourceRegistry } from '../../config/source-registry.service.js';
import type { SourceHealthStorePort } from '../../ops/source-health.port.js';
import type { ParkingListQuery } from '../../parking/parking-list.query.js';
import { ParkingQueryService } from '../../parking/parking-query.service.js';
import type { ParkingLiveStatePort } from '../../parking/ports/parking-live-state.port.js';
import type { StoredParking } from '../../parking/stored-parking.js';
import { ParkingListAnswers } from './parking-list.answers.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const source = { id: 's', kind: 'parking', intervalMs: 120_000, staleAfterMs: 600_000 } as SourceConfig;

const states: StoredParking[] = Array.from({ length: 12 }, (_, i) => ({
  parking: {
    id: `s:${i}`,
    source: 's',
    name: `Gare ${i}`,
    kind: 'car-park',
    location: { lat: 46.58, lon: 0.34 },
    capacity: 200,
    free: i * 3,
    occupied: 200 - i * 3,
    status: 'open',
    trend: i % 2 === 0 ? 'filling' : 'stable',
    observedAt: new Date(NOW.getTime() - i * 60_000).toISOString(),
    receivedAt: NOW.toISOString(),
    stale: false,
    quality: [],
  },
  valueSince: new Date(NOW.getTime() - i * 100_000).toISOString(),
}));

function answersOver(): { answers: ParkingListAnswers; service: ParkingQueryService } {
  const json = new Map(states.map((s) => [s.parking.id, JSON.stringify(s)]));
  const live = {
    // Car parks only around (46.58, 0.34): the swapped point finds them, hence a hint for (0.34, 46.58).
    near: async (lat: number) => (lat > 40 ? states.map((s, i) => ({ id: s.parking.id, distance: i * 12.4 })) : []),
    getManyJson: async (ids: string[]) => ids.map((id) => json.get(id) ?? null),
    withinBox: async () => [],
    all: async () => states,
  } as unknown as ParkingLiveStatePort;
  const health = { all: async () => [] } as unknown as SourceHealthStorePort;
  const registry = { get: () => source, all: () => [source] } as unknown as SourceRegistry;
  const service = new ParkingQueryService(live, health, registry);
  return { answers: new ParkingListAnswers(service, registry), service };
}

const cases: Array<[string, ParkingListQuery, string[]]> = [
  ['a page with a next cursor', { near: { lat: 46.58, lon: 0.34 }, limit: 5 }, []],
  ['ignored parameters', { near: { lat: 46.58, lon: 0.34 }, limit: 50 }, ['_', 'utm']],
  ['nothing found, with a hint', { near: { lat: 0.34, lon: 46.58 }, limit: 50 }, []],
  ['all', { limit: 100 }, []],
];

describe('ParkingListAnswers: the JSON answer assembled around the page JSON', () => {
  it.each(cases)(
    '%s: body and ETag as JSON.stringify({ data, meta }) and [false, page] give them',
    async (_n, q, ignored) => {
      const { answers, service } = answersOver();
      const prepared = await answers.json(q, ignored, NOW);
      const page = await service.list(q, NOW);
      const body = JSON.parse(prepared.body) as { meta: { generatedAt: string } };
      const meta = {
        count: page.data.length,
        next: page.next,
        generatedAt: body.meta.generatedAt,
        ...(ignored.length === 0 ? {} : { ignored }),
        ...(page.hint === undefined ? {} : { hint: page.hint }),
      };
      const before = prepareResponse([false, page], { data: page.data, meta }, 60, 'application/json');
      expect(prepared).toEqual(before);
      if (q.near?.lat === 0.34) expect(page.hint).toMatch(/swap/);
    },
  );

  it('leaves GeoJSON and negotiated Accept headers to the controller, and refuses what the controller refuses', () => {
    const { answers } = answersOver();
    expect(answers.prepare({ near: '46.58,0.34' }, undefined)).toBeInstanceOf(Function);
    expect(answers.prepare({ near: '46.58,0.34' }, '*/*')).toBeInstanceOf(Function);
    expect(answers.prepare({ near: '46.58,0.34', format: 'json' }, 'application/geo+json')).toBeInstanceOf(Function);
    expect(answers.prepare({ near: '46.58,0.34', format: 'geojson' }, undefined)).toBeUndefined();
    expect(answers.prepare({ near: '46.58,0.34' }, 'application/geo+json')).toBeUndefined();
    expect(answers.prepare({ near: '46.58,0.34' }, 'text/html, application/json;q=0.9')).toBeUndefined();
    expect(() => answers.prepare({ near: '46.58,0.34', radus: '5' }, undefined)).toThrow(/radius/);
  });
});
