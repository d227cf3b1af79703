import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { haversineM } from '../../src/common/geo.js';
import type { RunningHub } from '../support/hub-app.js';
import { Redis } from 'ioredis';
import { isolation, TEST_REDIS_URL } from '../support/test-env.js';
import { HERRENBERG, startHerrenbergHub } from './api-support.js';

interface Lot {
  name: string;
  coords: { lat: number; lng: number };
  free?: number;
  total?: number;
}
interface ParkingBody {
  id: string;
  name: string;
  free: number | null;
  capacity: number | null;
  occupied: number | null;
  location: { lat: number; lon: number } | null;
  distance?: number;
}
interface ListBody {
  data: ParkingBody[];
  meta: { count: number; next: string | null; generatedAt: string };
}

const LOTS = (JSON.parse(readFileSync(HERRENBERG, 'utf8')) as { lots: Lot[] }).lots;
const ALTSTADT = { lat: 48.593768, lon: 8.872705 };

describe('GET /v1/parkings on the Herrenberg ParkAPI file', () => {
  const iso = isolation('api_parkings');
  let hub: RunningHub;
  let base: string;

  beforeAll(async () => {
    hub = await startHerrenbergHub(iso);
    base = hub.url as string;
  });
  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  it('near: the lots within the radius, nearest first, with their distance', async () => {
    const res = await fetch(`${base}/v1/parkings?near=${ALTSTADT.lat},${ALTSTADT.lon}&radius=300`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as ListBody;
    const expected = LOTS.map((l) => ({ l, d: haversineM(ALTSTADT.lat, ALTSTADT.lon, l.coords.lat, l.coords.lng) }))
      .filter((x) => x.d <= 300)
      .sort((a, b) => a.d - b.d);
    expect(body.data.map((p) => p.name)).toEqual([
      'Altstadtgarage',
      'Hasenplatz',
      'Gültsteiner Straße',
      'Oberer Graben',
      'Wilhelmstraße',
      'Volksbank',
      'Spitalgasse - Parkplatz für Menschen mit Behinderung',
    ]);
    expect(body.data.map((p) => p.name)).toEqual(expected.map((x) => x.l.name));
    body.data.forEach((p, i) => expect(Math.abs((p.distance as number) - expected[i].d)).toBeLessThanOrEqual(2));
    expect(body.data[0]).toMatchObject({ free: 62, capacity: 97, occupied: 35, distance: 0 });
    expect(body.meta).toMatchObject({ count: 7, next: null });
  });

  it('bbox: exactly the lots inside the box', async () => {
    const box = [8.868, 48.593, 8.873, 48.596];
    const res = await fetch(`${base}/v1/parkings?bbox=${box.join(',')}`);
    const body = (await res.json()) as ListBody;
    const inside = LOTS.filter(
      (l) => l.coords.lng >= box[0] && l.coords.lng <= box[2] && l.coords.lat >= box[1] && l.coords.lat <= box[3],
    ).map((l) => l.name);
    expect(inside).toHaveLength(7);
    expect(body.data.map((p) => p.name).sort()).toEqual(inside.sort());
  });

  it('cursor pages walk all 25 lots once, and minFree keeps the lots with that many free places', async () => {
    const seen: string[] = [];
    let url: string | null = `${base}/v1/parkings?limit=10`;
    let pages = 0;
    while (url !== null) {
      const body = (await (await fetch(url)).json()) as ListBody;
      seen.push(...body.data.map((p) => p.id));
      pages += 1;
      url = body.meta.next === null ? null : `${base}/v1/parkings?limit=10&cursor=${body.meta.next}`;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(LOTS.length);
    expect(new Set(seen).size).toBe(25);
    const rich = (await (await fetch(`${base}/v1/parkings?minFree=20`)).json()) as ListBody;
    expect(rich.data.map((p) => [p.name, p.free]).sort()).toEqual([
      ['Altstadtgarage', 62],
      ['Nufringer Tor', 142],
      ['Volksbank', 20],
    ]);
  });

  it('GeoJSON by format=geojson and by Accept: a valid RFC 7946 FeatureCollection', async () => {
    const variants: Array<{ url: string; headers: Record<string, string> }> = [
      { url: '/v1/parkings?format=geojson&limit=500', headers: {} },
      { url: '/v1/parkings?limit=500', headers: { Accept: 'application/geo+json' } },
    ];
    for (const init of variants) {
      const res = await fetch(`${base}${init.url}`, { headers: init.headers });
      expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/);
      const fc = (await res.json()) as {
        type: string;
        features: Array<{
          type: string;
          id: string;
          geometry: { type: string; coordinates: number[] };
          properties: { name: string };
        }>;
      };
      expect(fc.type).toBe('FeatureCollection');
      expect(fc.features).toHaveLength(25);
      for (const f of fc.features) {
        expect(f.type).toBe('Feature');
        expect(f.geometry.type).toBe('Point');
        expect(f.geometry.coordinates).toHaveLength(2);
        const lot = LOTS.find((l) => l.name === f.properties.name) as Lot;
        // RFC 7946: longitude first.
        expect(f.geometry.coordinates).toEqual([lot.coords.lng, lot.coords.lat]);
        expect(f.properties).not.toHaveProperty('location');
      }
    }
  });

  it.each([
    ['near=abc', 'near'],
    ['near=91,0', 'near'],
    ['bbox=1,2,3', 'bbox'],
    ['bbox=9,48,8,49', 'bbox'],
    ['near=48.59,8.87&radius=-5', 'radius'],
    ['near=48.59,8.87&radius=60000', 'radius'],
    ['radius=100', 'radius'],
    ['near=48.59,8.87&bbox=8,48,9,49', 'bbox'],
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['kind=boat', 'kind'],
    ['status=maybe', 'status'],
    ['minFree=-1', 'minFree'],
    ['source=Not_An_Id', 'source'],
    ['format=xml', 'format'],
    ['cursor=garbage', 'cursor'],
    ['limt=5', 'limt'],
  ])('400 for %s naming %s', async (query, parameter) => {
    const res = await fetch(`${base}/v1/parkings?${query}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as {
      error: { code: string; message: string; details: Array<{ parameter: string }> };
    };
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.details.map((d) => d.parameter)).toContain(parameter);
  });

  it('GET /v1/parkings/:id: the lot, 404 with the error shape for an unknown id', async () => {
    const list = (await (
      await fetch(`${base}/v1/parkings?near=${ALTSTADT.lat},${ALTSTADT.lon}&radius=1`)
    ).json()) as ListBody;
    const id = list.data[0].id;
    expect(id).toBe('herrenberg:ac230e00-2cea-11eb-93e4-7f8bf428cc7a');
    const one = (await (await fetch(`${base}/v1/parkings/${id}`)).json()) as ParkingBody;
    expect(one).toMatchObject({ name: 'Altstadtgarage', free: 62, capacity: 97, location: ALTSTADT });
    const missing = await fetch(`${base}/v1/parkings/herrenberg:nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no parking with id "herrenberg:nope"' },
    });
  });

  it('ETag + If-None-Match: 304 without a body; Cache-Control is half the 24 h interval', async () => {
    const first = await fetch(`${base}/v1/parkings?limit=5`);
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=43200');
    const again = await fetch(`${base}/v1/parkings?limit=5`, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await fetch(`${base}/v1/parkings?limit=6`, { headers: { 'If-None-Match': etag } });
    expect(other.status).toBe(200);
  });

  it('the same list request reuses its answer until the change stream moves', async () => {
    const meta = async (): Promise<ListBody['meta']> =>
      ((await (await fetch(`${base}/v1/parkings?limit=4`)).json()) as ListBody).meta;
    const first = await meta();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect((await meta()).generatedAt).toBe(first.generatedAt);
    // Any change (here the source's own health, as the poller appends it) moves the cursor.
    const redis = new Redis(TEST_REDIS_URL);
    try {
      const health = (await redis.hget(`${iso.prefix}:source:health`, 'herrenberg')) as string;
      await redis.xadd(`${iso.prefix}:changes`, '*', 'type', 'source', 'id', 'herrenberg', 'data', health);
    } finally {
      redis.disconnect();
    }
    expect((await meta()).generatedAt).not.toBe(first.generatedAt);
  });

  it('GET /v1/sources and /v1/sources/:id: the source, 404 for an unknown one', async () => {
    const list = (await (await fetch(`${base}/v1/sources`)).json()) as {
      data: Array<{ id: string; entities: number }>;
    };
    expect(list.data).toEqual([
      expect.objectContaining({ id: 'herrenberg', kind: 'parking', format: 'parkapi', entities: 25 }),
    ]);
    const one = (await (await fetch(`${base}/v1/sources/herrenberg`)).json()) as { id: string; recentPolls: unknown[] };
    expect(one.id).toBe('herrenberg');
    expect((await fetch(`${base}/v1/sources/nope`)).status).toBe(404);
  });

  it('CORS: any origin may read, preflights are answered with the allowed headers', async () => {
    const read = await fetch(`${base}/v1/parkings?limit=1`, { headers: { Origin: 'https://app.example' } });
    expect(read.headers.get('access-control-allow-origin')).toBe('*');
    expect(read.headers.get('access-control-expose-headers')).toContain('ETag');
    const preflight = await fetch(`${base}/v1/parkings`, {
      method: 'OPTIONS',
      headers: {
        Origin: 'https://app.example',
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'x-api-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('X-API-Key');
  });

  it('security headers, and gzip when asked for', async () => {
    const res = await rawGet(`${base}/v1/parkings?limit=500`, { 'Accept-Encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(res.headers['x-powered-by']).toBeUndefined();
    expect(res.headers.vary).toContain('Accept');
    const plain = await rawGet(`${base}/v1/parkings?limit=500`, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
  });
});

function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}
