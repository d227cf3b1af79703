import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { FETCH_STATE_STORE, type FetchStateStorePort } from '../../src/ingest/fetch-state.port.js';
import { STATIC_ROLE } from '../../src/ingest/gtfs/gtfs-static-poll.service.js';
import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { startHub, waitFor, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';
import { fixture } from './transit-support.js';

const { transit_realtime: rt } = GtfsRealtimeBindings;

/**
 * Transit feeds asked with a POST and a body (issue #15), as some operator APIs serve them:
 * `request:` on `gtfs-rt` sources (once for every URL, or per URL) and on `gtfs` sources, against
 * an operator on loopback that answers only the POST it expects (a GET is a 405). The vehicle
 * count is read from the .pb with gtfs-realtime-bindings.
 */

interface Health {
  lastPollAt?: string | null;
  lastSuccessAt?: string | null;
  entities: number;
  lastError?: { code: string; message: string };
}

interface Seen {
  url: string;
  method: string;
  type?: string;
  body: string;
  ifNoneMatch?: string;
}

const VEHICLES = readFileSync(fixture('gtfs-rt/caltrain-vehiclepositions.pb'));
const TRIPS = readFileSync(fixture('gtfs-rt/caltrain-tripupdates.pb'));
const ZIP = readFileSync(fixture('gtfs/caltrain-gtfs.zip'));
const ZIP_ETAG = `"${createHash('sha256').update(ZIP).digest('hex').slice(0, 16)}"`;
const ZIP_QUERY = '{"feed":"caltrain","kind":"static"}';

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

describe('gtfs-rt and gtfs sources with request: (POST with a body)', () => {
  const iso = isolation('fetch_ways_rt_post');
  const dir = mkdtempSync(path.join(tmpdir(), 'hub-fetch-ways-rt-post-'));
  const seen: Seen[] = [];
  let api: LocalOperator;
  let hub: RunningHub;

  const health = async (id: string): Promise<Health> =>
    (await (await fetch(`${hub.url}/v1/sources/${id}`)).json()) as Health;

  beforeAll(async () => {
    // One endpoint that answers what the posted body asks for, and nothing to a GET.
    api = await startLocalOperator('/api');
    api.handle((req, res) => {
      void bodyOf(req).then((body) => {
        seen.push({
          url: req.url ?? '',
          method: req.method ?? '',
          type: req.headers['content-type'],
          body,
          ...(req.headers['if-none-match'] === undefined ? {} : { ifNoneMatch: String(req.headers['if-none-match']) }),
        });
        if (req.method !== 'POST') return void res.writeHead(405).end();
        if (req.url === '/api/gtfs' && body === ZIP_QUERY) {
          if (req.headers['if-none-match'] === ZIP_ETAG) return void res.writeHead(304, { etag: ZIP_ETAG }).end();
          return void res.writeHead(200, { 'content-type': 'application/zip', etag: ZIP_ETAG }).end(ZIP);
        }
        const pb = body === 'vehicles' ? VEHICLES : body === 'trips' ? TRIPS : undefined;
        if (req.url !== '/api/rt' || pb === undefined) return void res.writeHead(400).end();
        res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end(pb);
      });
    });
    writeFileSync(path.join(dir, 'gtfs-query.json'), ZIP_QUERY);
    const origin = new URL(api.url).origin;
    const yaml = `sources:
  - id: rt-post
    kind: gtfs-rt
    urls: { vehiclePositions: "${origin}/api/rt" }
    interval: 24h
    allowPrivateNetwork: true
    request: { method: POST, body: vehicles, contentType: text/plain }
  - id: rt-post-per-url
    kind: gtfs-rt
    urls:
      tripUpdates:
        url: "${origin}/api/rt"
        allowPrivateNetwork: true
        request: { method: POST, body: trips, contentType: text/plain }
      vehiclePositions: "${origin}/api/rt"
    interval: 24h
    allowPrivateNetwork: true
    request: { method: POST, body: vehicles, contentType: text/plain }
  - id: static-post
    kind: gtfs
    url: "${origin}/api/gtfs"
    interval: 24h
    allowPrivateNetwork: true
    request: { method: POST, body: { file: gtfs-query.json }, contentType: application/json }
`;
    writeFileSync(path.join(dir, 'sources.yaml'), yaml);
    hub = await startHub(testConfig(iso, { sourcesPath: path.join(dir, 'sources.yaml') }));
    for (const id of ['rt-post', 'rt-post-per-url', 'static-post']) {
      await waitFor(async () => ((await health(id)).lastPollAt ? true : undefined), 30_000);
    }
  }, 60_000);

  afterAll(async () => {
    await hub?.close();
    await api?.close();
    await iso.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  const positioned = rt.FeedMessage.decode(VEHICLES).entity.filter(
    (e) => e.vehicle !== null && e.vehicle !== undefined && Object.prototype.hasOwnProperty.call(e.vehicle, 'position'),
  ).length;

  it('gtfs-rt: the source’s request is POSTed with its body and content type, and the vehicles counted', async () => {
    expect(positioned).toBe(14);
    const h = await health('rt-post');
    expect(h.lastError).toBeUndefined();
    expect(h.entities).toBe(positioned);
    expect(seen.filter((s) => s.url === '/api/rt').every((s) => s.method === 'POST')).toBe(true);
    expect(seen).toContainEqual({ url: '/api/rt', method: 'POST', type: 'text/plain', body: 'vehicles' });
  });

  it('gtfs-rt: the same bytes answered to the same body again are not processed (the body hash is kept with the request)', async () => {
    const record = await hub.app.get(PollSourceService).poll('rt-post');
    expect(record).toMatchObject({ outcome: 'unchanged', bytes: null, changes: 0 });
  });

  it('gtfs-rt: a URL object’s own request replaces the source’s; two bodies at one URL are two fetches', async () => {
    const before = seen.length;
    const record = await hub.app.get(PollSourceService).poll('rt-post-per-url');
    expect(record?.outcome).not.toBe('failed');
    expect((await health('rt-post-per-url')).lastError).toBeUndefined();
    const bodies = seen
      .slice(before)
      .filter((s) => s.url === '/api/rt')
      .map((s) => s.body)
      .sort();
    expect(bodies).toEqual(['trips', 'vehicles']);
  });

  it('gtfs: the zip is asked with the body read from its file, and its ETag is sent with that body next time', async () => {
    await waitFor(async () => ((await health('static-post')).lastSuccessAt ? true : undefined), 30_000);
    expect((await health('static-post')).lastError).toBeUndefined();
    const zips = seen.filter((s) => s.url === '/api/gtfs');
    expect(zips[0]).toEqual({ url: '/api/gtfs', method: 'POST', type: 'application/json', body: ZIP_QUERY });
    // The import job keeps the validators once the zip is loaded.
    const state = hub.app.get<FetchStateStorePort>(FETCH_STATE_STORE);
    await waitFor(
      async () => ((await state.get('static-post', STATIC_ROLE)).etag === ZIP_ETAG ? true : undefined),
      30_000,
    );
    const record = await hub.app.get(PollSourceService).poll('static-post');
    expect(record?.outcome).toBe('not-modified');
    expect(seen.filter((s) => s.url === '/api/gtfs').at(-1)).toMatchObject({ method: 'POST', ifNoneMatch: ZIP_ETAG });
  });
});
