import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { Redis } from 'ioredis';
import type { GtfsRtSourceConfig } from '../../src/config/source-config.js';
import { SourceRegistry } from '../../src/config/source-registry.service.js';
import { GtfsImportService } from '../../src/ingest/gtfs/gtfs-import.service.js';
import { contentHash } from '../../src/ingest/gtfs/gtfs-static-poll.service.js';
import { GtfsRtIngestService } from '../../src/ingest/gtfs-rt/gtfs-rt-ingest.service.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, TEST_REDIS_URL, testConfig } from '../support/test-env.js';
import { ADMIN_TOKEN, startHerrenbergHub } from './api-support.js';

interface Raw {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A GET with node:http, so the bytes and headers are seen as sent (fetch would decompress). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<Raw> {
  return new Promise((resolve, reject) => {
    httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

/** Headers that differ between any two responses (time, id, count, framing). */
const PER_RESPONSE = new Set([
  'date',
  'x-request-id',
  'ratelimit-remaining',
  'ratelimit-reset',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'connection',
]);

function stableHeaders(res: Raw): Record<string, unknown> {
  return Object.fromEntries(Object.entries(res.headers).filter(([name]) => !PER_RESPONSE.has(name)));
}

function decoded(res: Raw): string {
  const coding = res.headers['content-encoding'];
  const body = coding === 'gzip' ? gunzipSync(res.body) : coding === 'br' ? brotliDecompressSync(res.body) : res.body;
  return body.toString('utf8');
}

/** The body without its one per-answer field (meta.generatedAt, the clock): two computed answers compare on the rest. */
function timeless(res: Raw): string {
  return decoded(res).replace(/"generatedAt":"[^"]*"/, '"generatedAt":"-"');
}

describe('fast read path: a reused or computed answer goes out before Express, exactly as Express sends it', () => {
  const iso = isolation('api_fast_read');
  let hub: RunningHub;
  let base: string;
  /** A second API process on the same data with HUB_FAST_READS=false: every request through Express (the normal path). */
  let normalHub: RunningHub;
  let normal: string;
  let redis: Redis;

  /** hub_http_fast_reads_total, all series summed. */
  async function fastReads(): Promise<number> {
    const text = await (await fetch(`${base}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith('hub_http_fast_reads_total{'))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  }

  beforeAll(async () => {
    hub = await startHerrenbergHub(iso);
    base = hub.url as string;
    normalHub = await startHerrenbergHub(iso, { role: 'api', fastReads: false });
    normal = normalHub.url as string;
    redis = new Redis(TEST_REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await normalHub.close();
    await hub.close();
    await iso.cleanup();
  });

  const variants: Array<[string, Record<string, string>]> = [
    ['plain', {}],
    ['gzip', { 'Accept-Encoding': 'gzip, deflate' }],
    ['br', { 'Accept-Encoding': 'gzip, deflate, br' }],
    ['GeoJSON by Accept', { Accept: 'application/geo+json' }],
    ['cross-origin', { Origin: 'https://app.example', 'Accept-Encoding': 'gzip' }],
    ['anonymous behind the trusted loopback proxy', { 'X-Forwarded-For': '198.51.100.4' }],
  ];

  it.each(variants)(
    '%s: same status, headers and body as the normal path, computed then held; counted once',
    async (name, headers) => {
      const query = `/v1/parkings?near=48.5937,8.8727&radius=400&limit=${5 + variants.findIndex(([n]) => n === name)}`;
      const viaExpress = await rawGet(`${normal}${query}`, headers);
      const before = await fastReads();
      const computed = await rawGet(`${base}${query}`, headers);
      // GeoJSON chosen by Accept needs Express's content negotiation: its first answer is the controller's.
      const computedOnFastPath = name === 'GeoJSON by Accept' ? 0 : 1;
      expect(await fastReads()).toBe(before + computedOnFastPath);
      const held = await rawGet(`${base}${query}`, headers);
      expect(await fastReads()).toBe(before + computedOnFastPath + 1);

      for (const res of [viaExpress, computed, held]) expect(res.status).toBe(200);
      expect(stableHeaders(computed)).toEqual(stableHeaders(viaExpress));
      expect(stableHeaders(held)).toEqual(stableHeaders(viaExpress));
      expect(timeless(computed)).toBe(timeless(viaExpress));
      expect(decoded(held)).toBe(decoded(computed));
      expect(computed.headers['content-encoding']).toBe(viaExpress.headers['content-encoding']);
      expect(held.headers['content-encoding']).toBe(viaExpress.headers['content-encoding']);
      // Counted: one less at least. The normal hub shares the budget (same client, same prefix) and its
      // counts reach Redis at its next sync, which may land between the two.
      expect(Number(held.headers['ratelimit-remaining'])).toBeLessThanOrEqual(
        Number(computed.headers['ratelimit-remaining']) - 1,
      );
      expect(held.headers['x-request-id']).not.toBe(computed.headers['x-request-id']);
    },
  );

  it('If-None-Match: the same 304 as Express sends', async () => {
    const query = '/v1/parkings?near=48.5937,8.8727&radius=300';
    const first = await rawGet(`${base}${query}`);
    const etag = first.headers.etag as string;
    // Another URL with the same data (and so the same ETag).
    const twin = `${query}&limit=100`;
    const viaExpress = await rawGet(`${normal}${twin}`, { 'If-None-Match': etag });
    const before = await fastReads();
    const computed = await rawGet(`${base}${twin}`, { 'If-None-Match': etag });
    const held = await rawGet(`${base}${twin}`, { 'If-None-Match': etag });
    expect(await fastReads()).toBe(before + 2);
    expect([viaExpress.status, computed.status, held.status]).toEqual([304, 304, 304]);
    expect(stableHeaders(computed)).toEqual(stableHeaders(viaExpress));
    expect(stableHeaders(held)).toEqual(stableHeaders(viaExpress));
    expect(computed.body.length).toBe(0);
    expect(held.body.length).toBe(0);
  });

  it("varied near (a different point each request): every computed answer is the normal path's, byte for byte", async () => {
    let seed = 18;
    const random = (): number => {
      seed = (seed * 16_807) % 2_147_483_647;
      return seed / 2_147_483_647;
    };
    const queries: string[] = [];
    for (let i = 0; i < 40; i += 1) {
      const lat = (48.5937 + (random() - 0.5) * 0.03).toFixed(6);
      const lon = (8.8727 + (random() - 0.5) * 0.045).toFixed(6);
      const radius = 100 + Math.floor(random() * 1_900);
      queries.push(`/v1/parkings?near=${lat},${lon}&radius=${radius}&limit=50`);
    }
    const first = await rawGet(`${normal}/v1/parkings?near=48.5937,8.8727&radius=2000&limit=3`);
    const next = (JSON.parse(first.body.toString('utf8')) as { meta: { next: string | null } }).meta.next;
    expect(next).not.toBeNull();
    queries.push(
      `/v1/parkings?near=48.5937,8.8727&radius=2000&limit=3&cursor=${next}`, // the second page
      '/v1/parkings?near=48.5937,8.8727&radius=1500&minFree=20&status=open',
      '/v1/parkings?near=48.5937,8.8727&radius=1500&source=herrenberg,other&kind=car-park',
      // Facility detail filters (issue #15): Herrenberg counts disabled places at 6 lots, no charging, no wheelchair.
      '/v1/parkings?near=48.5937,8.8727&radius=2000&disabled=true',
      '/v1/parkings?disabled=true&limit=4',
      '/v1/parkings?near=48.5937,8.8727&radius=2000&evCharging=true&wheelchair=yes,limited',
      '/v1/parkings?near=48.5937,8.8727&_=1733200000&radius=900', // ignored, listed in meta
      '/v1/parkings?near=8.8727,48.5937&radius=500', // lat and lon swapped: meta.hint
      '/v1/parkings?near=10.5,20.5', // nothing, no hint
      '/v1/parkings?near=48.5937,8.8727&radius=2000&format=json',
      '/v1/parkings?bbox=8.85,48.58,8.9,48.61&limit=7',
      '/v1/parkings?limit=6',
    );
    let nonEmpty = 0;
    const before = await fastReads();
    for (const query of queries) {
      const headers = { 'Accept-Encoding': 'gzip' };
      const viaExpress = await rawGet(`${normal}${query}`, headers);
      const computed = await rawGet(`${base}${query}`, headers);
      expect([query, computed.status]).toEqual([query, 200]);
      expect([query, stableHeaders(computed)]).toEqual([query, stableHeaders(viaExpress)]);
      expect([query, timeless(computed)]).toEqual([query, timeless(viaExpress)]);
      if ((JSON.parse(decoded(computed)) as { data: unknown[] }).data.length > 0) nonEmpty += 1;
    }
    expect(await fastReads()).toBe(before + queries.length);
    expect(nonEmpty).toBeGreaterThan(20);
    const hinted = JSON.parse(decoded(await rawGet(`${base}/v1/parkings?near=8.8727,48.5937&radius=500`))) as {
      meta: { hint?: string };
    };
    expect(hinted.meta.hint).toMatch(/swap/);
  });

  it('a query the normal path refuses or negotiates is left to it: same status, headers and error', async () => {
    for (const query of [
      '/v1/parkings?near=48.5937,8.8727&radus=500',
      '/v1/parkings?near=48.5937,8.8727&radius=500&radius=600',
      '/v1/parkings?near=91,8.8727',
      '/v1/parkings?near=48.5937,8.8727&bbox=8.85,48.58,8.9,48.61',
      '/v1/parkings?near=48.5937,8.8727&cursor=bm90IGEgY3Vyc29y',
      '/v1/parkings?near=48.5937,8.8727&format=geojson',
      '/v1/parkings?near=48.5937,8.8727&evCharging=false',
      '/v1/parkings?near=48.5937,8.8727&wheelchair=sometimes',
    ]) {
      const before = await fastReads();
      const viaExpress = await rawGet(`${normal}${query}`);
      const viaHub = await rawGet(`${base}${query}`);
      expect([query, viaHub.status]).toEqual([query, viaExpress.status]);
      expect([query, stableHeaders(viaHub)]).toEqual([query, stableHeaders(viaExpress)]);
      const body = (r: Raw): unknown => {
        const parsed = JSON.parse(decoded(r)) as { error?: { requestId?: string }; meta?: { generatedAt?: string } };
        if (parsed.error?.requestId !== undefined) parsed.error.requestId = '-';
        if (parsed.meta?.generatedAt !== undefined) parsed.meta.generatedAt = '-';
        return parsed;
      };
      expect([query, body(viaHub)]).toEqual([query, body(viaExpress)]);
      expect(await fastReads()).toBe(before);
    }
  });

  it('a caller-given X-Request-Id is echoed as Express echoes it', async () => {
    const url = `${base}/v1/parkings?limit=2`;
    await rawGet(url);
    const res = await rawGet(url, { 'X-Request-Id': 'trace-42' });
    expect(res.headers['x-request-id']).toBe('trace-42');
    const hostile = await rawGet(url, { 'X-Request-Id': 'a b\u00e9' });
    expect(hostile.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a change moves the cursor: once the reader has seen it, the kept answer is not sent again', async () => {
    const url = `${base}/v1/parkings?limit=3`;
    type Page = { data: Array<{ id: string; free: number | null }> };
    const first = (await (await fetch(url)).json()) as Page;
    await fetch(url); // kept and reused
    const target = first.data[0];
    const stored = JSON.parse((await redis.hget(`${iso.prefix}:parking:state`, target.id)) as string) as {
      parking: { free: number | null };
    };
    stored.parking.free = 4242;
    // What a worker does: the state and the change event in one MULTI.
    await redis
      .multi()
      .hset(`${iso.prefix}:parking:state`, target.id, JSON.stringify(stored))
      .xadd(`${iso.prefix}:changes`, '*', 'type', 'parking', 'id', target.id, 'data', JSON.stringify(stored.parking))
      .exec();
    // The process's change-stream reader sees the entry within its wake-up time (milliseconds).
    const freeNow = async (): Promise<number | null | undefined> =>
      ((await (await fetch(url)).json()) as Page).data.find((p) => p.id === target.id)?.free;
    await waitFor(async () => ((await freeNow()) === 4242 ? true : undefined), 2_000, 5);
    const before = await fastReads();
    expect(await freeNow()).toBe(4242);
    expect(await fastReads()).toBe(before + 1);
  });

  it('a key is counted once per request, refused at its quota with the 429 shape, and refused at once when revoked', async () => {
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 50_000) await new Promise((r) => setTimeout(r, 60_000 - intoWindow + 200));
    const created = await fetch(`${base}/v1/admin/keys`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'fast read app', perMinute: 3 }),
    });
    const key = (await created.json()) as { id: string; key: string };
    const url = `${base}/v1/parkings?limit=4`;
    const before = await fastReads();
    const seen: Array<[number, string | undefined]> = [];
    for (let i = 0; i < 4; i += 1) {
      const res = await rawGet(url, { 'X-API-Key': key.key });
      seen.push([res.status, res.headers['ratelimit-remaining'] as string | undefined]);
      if (res.status === 429) {
        expect(JSON.parse(res.body.toString('utf8'))).toMatchObject({ error: { code: 'RATE_LIMITED' } });
        expect(res.headers['retry-after']).toBe(res.headers['ratelimit-reset']);
      }
    }
    expect(seen).toEqual([
      [200, '2'],
      [200, '1'],
      [200, '0'],
      [429, '0'],
    ]);
    expect(await fastReads()).toBe(before + 2);

    const revoked = await fetch(`${base}/v1/admin/keys/${key.id}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(revoked.status).toBe(200);
    const afterRevoke = await rawGet(url, { 'X-API-Key': key.key });
    expect(afterRevoke.status).toBe(401);
  });
});

describe('fast read path: departures at any stop are computed before Express, exactly as Express sends them', () => {
  const iso = isolation('api_fast_departures');
  const fixture = (sub: string): string => path.join(process.cwd(), 'test/fixtures', sub);
  let hub: RunningHub;
  let normalHub: RunningHub;
  let stopIds: string[];

  async function fastReads(): Promise<number> {
    const text = await (await fetch(`${hub.url}/metrics`)).text();
    return text
      .split('\n')
      .filter((line) => line.startsWith('hub_http_fast_reads_total{') && line.includes('departures'))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  }

  beforeAll(async () => {
    const sourcesPath = writeSources(`sources:
  - id: caltrain
    kind: gtfs
    url: ${fixture('gtfs/caltrain-gtfs.zip')}
    interval: 24h
    enabled: false
  - id: caltrain-rt
    kind: gtfs-rt
    feed: caltrain
    urls: { tripUpdates: ${fixture('gtfs-rt/caltrain-tripupdates.pb')} }
    interval: 15s
    enabled: false
`);
    const config = testConfig(iso, { sourcesPath });
    const access = { ...config.access, anonymousPerMinute: 10_000 };
    hub = await startHub({ ...config, access });
    const zip = fixture('gtfs/caltrain-gtfs.zip');
    await hub.app.get(GtfsImportService).importFile('caltrain', zip, { contentHash: contentHash(readFileSync(zip)) });
    const rt = hub.app.get(SourceRegistry).get('caltrain-rt') as GtfsRtSourceConfig;
    const feed = readFileSync(fixture('gtfs-rt/caltrain-tripupdates.pb'));
    await hub.app.get(GtfsRtIngestService).ingest(rt, ['tripUpdates'], feed, new Date('2023-11-08T01:05:34Z'));
    normalHub = await startHub({ ...config, access, role: 'api', fastReads: false });
    const stops = (await (await fetch(`${hub.url}/v1/stops?source=caltrain&limit=500`)).json()) as {
      data: Array<{ id: string }>;
    };
    stopIds = stops.data.map((s) => s.id);
  }, 120_000);

  afterAll(async () => {
    await normalHub?.close();
    await hub?.close();
    await iso.cleanup();
  });

  it("every stop, with realtime, languages, arrivals, hints and ignored parameters: the normal path's bytes and headers", async () => {
    expect(stopIds.length).toBeGreaterThan(40);
    const at = encodeURIComponent('2023-11-08T01:05:34Z');
    const queries = stopIds.map(
      (id, i) => `/v1/stops/${id}/departures?at=${at}&window=${60 + (i % 4) * 30}m&limit=${3 + (i % 8)}`,
    );
    queries.push(
      `/v1/stops/caltrain:santa_clara/departures?at=${at}&include=arrivals`,
      `/v1/stops/caltrain:palo_alto/departures?at=${at}&window=3h&limit=50&_=1700000000`, // a station: its platforms; ignored `_`
      '/v1/stops/caltrain:palo_alto/departures', // now: the feed has ended, meta.hint
      `/v1/stops/caltrain%3Apalo_alto/departures?at=${at}`, // an escaped colon: left to Express (not the canonical spelling)
    );
    let realtime = 0;
    const before = await fastReads();
    for (const [i, query] of queries.entries()) {
      const headers: Record<string, string> =
        i % 3 === 0 ? { 'Accept-Encoding': 'gzip, br' } : i % 3 === 1 ? { 'Accept-Language': 'es, en;q=0.5' } : {};
      const viaExpress = await rawGet(`${normalHub.url}${query}`, headers);
      const computed = await rawGet(`${hub.url}${query}`, headers);
      expect([query, computed.status]).toEqual([query, viaExpress.status]);
      expect([query, computed.status]).toEqual([query, 200]);
      expect([query, stableHeaders(computed)]).toEqual([query, stableHeaders(viaExpress)]);
      expect([query, timeless(computed)]).toEqual([query, timeless(viaExpress)]);
      if (/"realtime":true/.test(decoded(computed))) realtime += 1;
    }
    expect(realtime).toBeGreaterThan(5);
    // All but the escaped colon: a path not in canonical form is the router's and the guard's to judge.
    expect(await fastReads()).toBe(before + queries.length - 1);
    // Never kept: the same request again is computed again (the answer follows the clock and Accept-Language).
    const again = `/v1/stops/caltrain:palo_alto/departures?at=${at}`;
    await rawGet(`${hub.url}${again}`);
    await rawGet(`${hub.url}${again}`);
    expect(await fastReads()).toBe(before + queries.length - 1 + 2);
  });

  it('If-None-Match: the same 304; an unknown stop, a refused query or another spelling: left to Express, same answer', async () => {
    const query = `/v1/stops/caltrain:santa_clara/departures?at=${encodeURIComponent('2023-11-08T01:05:34Z')}`;
    const etag = (await rawGet(`${normalHub.url}${query}`)).headers.etag as string;
    const before = await fastReads();
    const viaExpress = await rawGet(`${normalHub.url}${query}`, { 'If-None-Match': etag });
    const computed = await rawGet(`${hub.url}${query}`, { 'If-None-Match': etag });
    expect([viaExpress.status, computed.status]).toEqual([304, 304]);
    expect(stableHeaders(computed)).toEqual(stableHeaders(viaExpress));
    expect(await fastReads()).toBe(before + 1);
    for (const other of [
      '/v1/stops/caltrain:nope/departures',
      '/v1/stops/caltrain:santa_clara/departures?window=banana',
      '/v1/stops/caltrain:santa_clara/departures?limt=3',
      '/v1/stops/caltrain:santa_clara/departures/',
      '/v1/stops/caltrain:santa%ZZclara/departures',
      '/v1/Stops/caltrain:santa_clara/departures',
    ]) {
      const a = await rawGet(`${normalHub.url}${other}`);
      const b = await rawGet(`${hub.url}${other}`);
      expect([other, b.status]).toEqual([other, a.status]);
      expect([other, stableHeaders(b)]).toEqual([other, stableHeaders(a)]);
      const body = (r: Raw): string => decoded(r).replace(/"requestId":"[^"]*"/, '"requestId":"-"');
      expect([other, body(b)]).toEqual([other, body(a)]);
    }
    expect(await fastReads()).toBe(before + 1);
  });
});
