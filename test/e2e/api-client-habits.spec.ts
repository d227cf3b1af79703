import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, TEST_REDIS_URL, testConfig, type Isolation } from '../support/test-env.js';
import { HERRENBERG } from './api-support.js';

/** Issue #13: what everyday REST clients do (cache-busters, typos, ...) gets an answer that helps. */

interface ListBody {
  data: Array<{ id: string; name: string }>;
  meta: { count: number; next: string | null; ignored?: string[]; hint?: string };
}
interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ parameter: string; message: string }> };
}

const ALTSTADT = '48.593768,8.872705';
/** Poitiers car parks with numbered ids, a few metres apart around 46.58,0.34. */
const POITIERS = { lat: 46.58, lon: 0.34 };
const NUMBERED = ['100', '11', '2', '1', '10', '20'];

function poitiersFile(): string {
  const lots = NUMBERED.map((id, i) => ({
    id,
    name: `P${id}`,
    lot_type: 'Parkplatz',
    state: 'many',
    coords: { lat: POITIERS.lat + i * 0.0001, lng: POITIERS.lon },
    total: 50,
    free: 10,
  }));
  const file = path.join(tmpdir(), `poitiers-${process.pid}.json`);
  writeFileSync(file, JSON.stringify({ last_updated: new Date().toISOString(), lots }));
  return file;
}

/** A hub on the Herrenberg file and the numbered Poitiers lots; resolves once both are served. */
async function startHabitsHub(iso: Isolation): Promise<RunningHub> {
  const sourcesPath = writeSources(`sources:
  - id: herrenberg
    kind: parking
    format: parkapi
    url: ${HERRENBERG}
    interval: 24h
  - id: poitiers
    kind: parking
    format: parkapi
    url: ${poitiersFile()}
    interval: 24h
`);
  const base = testConfig(iso, { sourcesPath });
  const hub = await startHub({ ...base, access: { ...base.access, anonymousPerMinute: 10_000 } });
  const redis = new Redis(TEST_REDIS_URL);
  try {
    await waitFor(async () => {
      const all = await redis.hgetall(`${iso.prefix}:source:health`);
      const ok = ['herrenberg', 'poitiers'].every((id) => {
        const json = all[id];
        return json !== undefined && Boolean((JSON.parse(json) as { lastSuccessAt?: string | null }).lastSuccessAt);
      });
      return ok ? true : undefined;
    });
  } finally {
    redis.disconnect();
  }
  return hub;
}

describe('REST client habits (issue #13)', () => {
  const iso = isolation('api_habits');
  let hub: RunningHub;
  let base: string;

  beforeAll(async () => {
    hub = await startHabitsHub(iso);
    base = hub.url as string;
  });
  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  describe('unknown query parameters', () => {
    it('a cache-buster is ignored and listed in meta.ignored', async () => {
      const res = await fetch(`${base}/v1/parkings?near=${ALTSTADT}&radius=300&_=1733100000000&callback=x`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as ListBody;
      expect(body.meta.count).toBe(7);
      expect(body.meta.ignored).toEqual(['_', 'callback']);
      const plain = (await (await fetch(`${base}/v1/parkings?near=${ALTSTADT}&radius=300`)).json()) as ListBody;
      expect(plain.meta).not.toHaveProperty('ignored');
      expect(plain.data).toEqual(body.data);
    });

    it.each([
      ['/v1/parkings/herrenberg:ac230e00-2cea-11eb-93e4-7f8bf428cc7a/history?_=1', 200],
      ['/v1/stops?_=1', 200],
      ['/v1/routes?_=1', 200],
      ['/v1/vehicles?_=1', 200],
      ['/v1/alerts?_=1', 200],
      ['/v1/sources/herrenberg/outages?_=1', 200],
      ['/v1/outages?_=1', 200],
    ])('%s: ignored too', async (path, status) => {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(status);
      expect(((await res.json()) as ListBody).meta.ignored).toEqual(['_']);
    });

    it.each([
      ['/v1/parkings?near=48.59,8.87&radus=300', 'radus', 'radius'],
      ['/v1/parkings?limt=5', 'limt', 'limit'],
      ['/v1/parkings?minfree=5', 'minfree', 'minFree'],
      ['/v1/stops?limt=5', 'limt', 'limit'],
      [
        '/v1/parkings/herrenberg:ac230e00-2cea-11eb-93e4-7f8bf428cc7a/history?form=2025-01-01T00:00:00Z',
        'form',
        'from',
      ],
      ['/v1/sources/herrenberg/outages?cursr=x', 'cursr', 'cursor'],
      ['/v1/outages?persource=2', 'persource', 'perSource'],
    ])('%s: a typo of a known name is a 400 naming the nearest one', async (path, typo, meant) => {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('BAD_REQUEST');
      expect(body.error.message).toBe(`unknown parameter ${typo}; did you mean ${meant}?`);
      expect(body.error.details).toEqual([{ parameter: typo, message: `unknown parameter; did you mean ${meant}?` }]);
    });
  });

  describe('a parameter given twice', () => {
    it.each([
      ['/v1/parkings?limit=1&limit=2', 'limit', 2],
      ['/v1/parkings?near=48.59,8.87&near=48.6,8.8&near=1,2', 'near', 3],
      ['/v1/stops?q=a&q=b', 'q', 2],
      ['/v1/sources/herrenberg/outages?limit=1&limit=1', 'limit', 2],
      ['/v1/outages?source=herrenberg&source=herrenberg', 'source', 2],
    ])('%s: a 400 saying it was given more than once', async (path, parameter, times) => {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(400);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.message).toBe(`${parameter}: given ${times} times; give it once`);
      expect(body.error.details).toEqual([{ parameter, message: `given ${times} times; give it once` }]);
    });

    it('a repeated unknown parameter is still only ignored', async () => {
      const res = await fetch(`${base}/v1/parkings?limit=2&_=1&_=2`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as ListBody).meta.ignored).toEqual(['_']);
    });
  });

  describe('id order', () => {
    const expected = ['1', '2', '10', '11', '20', '100'].map((n) => `poitiers:${n}`);

    it('lists sort ids numeric-aware (1, 2, 10, 11, 20, 100), and cursor pages keep that order', async () => {
      const all = (await (await fetch(`${base}/v1/parkings?source=poitiers`)).json()) as ListBody;
      expect(all.data.map((p) => p.id)).toEqual(expected);
      const seen: string[] = [];
      let url: string | null = `${base}/v1/parkings?source=poitiers&limit=2`;
      while (url !== null) {
        const page = (await (await fetch(url)).json()) as ListBody;
        seen.push(...page.data.map((p) => p.id));
        url = page.meta.next === null ? null : `${base}/v1/parkings?source=poitiers&limit=2&cursor=${page.meta.next}`;
      }
      expect(seen).toEqual(expected);
    });
  });

  describe('lat and lon swapped', () => {
    it('near=lon,lat: an empty list whose meta.hint says near is lat,lon', async () => {
      const res = await fetch(`${base}/v1/parkings?near=${POITIERS.lon},${POITIERS.lat}&radius=500`);
      expect(res.status).toBe(200);
      const body = (await res.json()) as ListBody;
      expect(body.data).toEqual([]);
      expect(body.meta.hint).toBe(
        'no car park within 500 m of (0.34, 46.58); did you swap lat and lon? near is lat,lon',
      );
      const right = (await (
        await fetch(`${base}/v1/parkings?near=${POITIERS.lat},${POITIERS.lon}&radius=500`)
      ).json()) as ListBody;
      expect(right.meta.count).toBe(NUMBERED.length);
      expect(right.meta).not.toHaveProperty('hint');
    });

    it('bbox with lat and lon swapped: a hint in words too, in GeoJSON as well', async () => {
      const res = await fetch(`${base}/v1/parkings?bbox=46.57,0.33,46.59,0.35&format=geojson`);
      const body = (await res.json()) as { features: unknown[]; meta: { hint?: string } };
      expect(body.features).toEqual([]);
      expect(body.meta.hint).toBe(
        'no car park in bbox 46.57,0.33,46.59,0.35; did you swap lat and lon? bbox is minLon,minLat,maxLon,maxLat',
      );
      const right = (await (await fetch(`${base}/v1/parkings?bbox=0.33,46.57,0.35,46.59`)).json()) as ListBody;
      expect(right.meta.count).toBe(NUMBERED.length);
    });

    it('an empty area whose swap is empty too gets no hint', async () => {
      const body = (await (await fetch(`${base}/v1/parkings?near=10,20&radius=500`)).json()) as ListBody;
      expect(body.data).toEqual([]);
      expect(body.meta).not.toHaveProperty('hint');
    });
  });

  describe('a method the route does not take', () => {
    it.each([
      ['POST', '/v1/parkings', 'GET, HEAD'],
      ['PUT', '/v1/parkings/herrenberg:ac230e00-2cea-11eb-93e4-7f8bf428cc7a', 'GET, HEAD'],
      ['DELETE', '/v1/stops', 'GET, HEAD'],
      ['PATCH', '/v1/admin/keys/some-id', 'DELETE'],
      ['GET', '/v1/admin/sources/reload', 'POST'],
    ])('%s %s: 405 METHOD_NOT_ALLOWED with Allow: %s', async (method, path, allow) => {
      const res = await fetch(`${base}${path}`, { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe(allow);
      const body = (await res.json()) as ErrorBody;
      expect(body.error.code).toBe('METHOD_NOT_ALLOWED');
      expect(body.error.message).toBe(`${method} is not allowed on ${path}; allowed: ${allow}`);
    });

    it('an unknown path stays 404, whatever the method', async () => {
      for (const method of ['GET', 'POST']) {
        const res = await fetch(`${base}/v1/nothing-here`, { method });
        expect(res.status).toBe(404);
        expect(res.headers.get('allow')).toBeNull();
        expect(((await res.json()) as ErrorBody).error.code).toBe('NOT_FOUND');
      }
      // Strict, case-sensitive routing: another spelling of a path is not that path.
      expect((await fetch(`${base}/v1/Parkings`, { method: 'POST' })).status).toBe(404);
    });
  });
});
