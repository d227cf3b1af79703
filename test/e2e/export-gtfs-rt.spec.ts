import { writeFileSync } from 'node:fs';
import { expect, jest } from '@jest/globals';
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { startDemoOperator, type DemoOperatorHandle } from '../../src/demo/demo-operator.server.js';
import type { Departure, Stop } from '../../src/transit/transit.model.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig, type Isolation } from '../support/test-env.js';

jest.setTimeout(180_000);

const { FeedMessage } = GtfsRealtimeBindings.transit_realtime;
const FEED = 'vitalis-gtfs';

const ADMIN_TOKEN = 'export-rt-admin-token-0123456789';

/** The demo timetable, and with `rt` one realtime source polled once a day: its state holds still. */
function sourcesYaml(gtfsUrl: string, rt?: { tripUpdates: string; vehiclePositions: string; alerts: string }): string {
  const gtfs = `sources:
  - id: ${FEED}
    kind: gtfs
    url: ${gtfsUrl}
    interval: 24h
    allowPrivateNetwork: true
`;
  if (rt === undefined) return gtfs;
  return `${gtfs}  - id: vitalis-rt
    kind: gtfs-rt
    feed: ${FEED}
    urls: { tripUpdates: "${rt.tripUpdates}", vehiclePositions: "${rt.vehiclePositions}", alerts: "${rt.alerts}" }
    interval: 24h
    allowPrivateNetwork: true
`;
}

/**
 * A hub that imports the timetable first and only then gets its realtime source (by a reload),
 * so its one realtime poll is matched against the timetable (a feed polled before the import
 * would stay unmatched until its bytes change).
 */
async function startTransitHub(
  iso: Isolation,
  gtfsUrl: string,
  rt: { tripUpdates: string; vehiclePositions: string; alerts: string },
): Promise<RunningHub> {
  const file = writeSources(sourcesYaml(gtfsUrl));
  const base = testConfig(iso, { sourcesPath: file });
  const hub = await startHub({
    ...base,
    access: { ...base.access, anonymousPerMinute: 100_000, adminToken: ADMIN_TOKEN },
  });
  await waitFor(
    async () => ((await json<{ data: Stop[] }>(hub, '/v1/stops?limit=1')).data.length > 0 ? true : undefined),
    90_000,
    300,
  );
  writeFileSync(file, sourcesYaml(gtfsUrl, rt));
  const reload = await fetch(`${hub.url}/v1/admin/sources/reload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  });
  expect(reload.status).toBe(200);
  await waitFor(
    async () => {
      const v = await json<{ data: unknown[] }>(hub, '/v1/vehicles');
      const al = await json<{ data: unknown[] }>(hub, '/v1/alerts');
      return v.data.length > 0 && al.data.length > 0 ? true : undefined;
    },
    90_000,
    300,
  );
  return hub;
}

async function json<T>(hub: RunningHub, path: string): Promise<T> {
  const res = await fetch(`${hub.url}${path}`);
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  return (await res.json()) as T;
}

/**
 * GTFS-RT out: hub A polls the demo operator's timetable and GTFS-RT once; hub B has the same
 * timetable and polls hub A's three exports as its GTFS-RT source. Both must give the same departures.
 */
describe('GET /v1/export/gtfs-rt/* (round trip through a second hub)', () => {
  const isoA = isolation('export_rt_a');
  const isoB = isolation('export_rt_b');
  let demo: DemoOperatorHandle;
  let a: RunningHub;
  let b: RunningHub;
  let stops: Stop[];
  const at = new Date().toISOString();

  beforeAll(async () => {
    demo = await startDemoOperator({ port: 0 });
    a = await startTransitHub(isoA, `${demo.url}/gtfs.zip`, {
      tripUpdates: `${demo.url}/gtfs-rt/trip-updates`,
      vehiclePositions: `${demo.url}/gtfs-rt/vehicle-positions`,
      alerts: `${demo.url}/gtfs-rt/alerts`,
    });
    stops = (await json<{ data: Stop[] }>(a, '/v1/stops?limit=500')).data;
    const exportUrl = (kind: string) => `${a.url}/v1/export/gtfs-rt/${kind}?feed=${FEED}`;
    b = await startTransitHub(isoB, `${demo.url}/gtfs.zip`, {
      tripUpdates: exportUrl('trip-updates'),
      vehiclePositions: exportUrl('vehicle-positions'),
      alerts: exportUrl('alerts'),
    });
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await demo?.close();
    await isoA.cleanup();
    await isoB.cleanup();
  });

  it('decodes with gtfs-realtime-bindings: FULL_DATASET, a header timestamp, entity ids of the source', async () => {
    for (const kind of ['trip-updates', 'vehicle-positions', 'alerts']) {
      const res = await fetch(`${a.url}/v1/export/gtfs-rt/${kind}?feed=${FEED}`);
      expect([kind, res.status]).toEqual([kind, 200]);
      expect(res.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
      const feed = FeedMessage.decode(new Uint8Array(await res.arrayBuffer()));
      expect(feed.header.gtfsRealtimeVersion).toBe('2.0');
      expect(feed.header.incrementality).toBe(
        GtfsRealtimeBindings.transit_realtime.FeedHeader.Incrementality.FULL_DATASET,
      );
      const ts = Number(feed.header.timestamp);
      expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(60);
      expect(feed.entity.length).toBeGreaterThan(0);
      expect(feed.entity.every((e) => e.id.startsWith('vitalis-rt:'))).toBe(true);
      expect(new Set(feed.entity.map((e) => e.id)).size).toBe(feed.entity.length);
    }
  });

  it('fed back as a gtfs-rt source, gives the same departures, vehicles and alerts', async () => {
    let predicted = 0;
    for (const stop of stops) {
      const path = `/v1/stops/${encodeURIComponent(stop.id)}/departures?at=${encodeURIComponent(at)}&window=3h&limit=50`;
      const fromA = (await json<{ data: Departure[] }>(a, path)).data;
      const fromB = (await json<{ data: Departure[] }>(b, path)).data;
      expect([stop.id, fromB]).toEqual([stop.id, fromA]);
      predicted += fromA.filter((d) => d.realtime).length;
    }
    expect(predicted).toBeGreaterThan(0);
    const vehicles = async (hub: RunningHub) =>
      (await json<{ data: Array<Record<string, unknown>> }>(hub, '/v1/vehicles')).data.map((v) => ({ ...v, stale: 0 }));
    expect(await vehicles(b)).toEqual(await vehicles(a));
    // Entity ids are `<rt source>:<the feed's entity id>`, so hub B prefixes its source id once more.
    const alerts = async (hub: RunningHub) => (await json<{ data: Array<{ id: string }> }>(hub, '/v1/alerts')).data;
    const fromB = (await alerts(b)).map((al) => ({ ...al, id: al.id.replace(/^vitalis-rt:/, '') }));
    expect(fromB).toEqual(await alerts(a));
    expect(fromB.length).toBeGreaterThan(0);
  });

  it('answers ETag / If-None-Match (304) and Cache-Control, and the JSON form with ?format=json', async () => {
    const url = `${a.url}/v1/export/gtfs-rt/vehicle-positions?feed=${FEED}`;
    const first = await fetch(url);
    const etag = first.headers.get('etag') as string;
    expect(etag).toMatch(/^W\/"/);
    expect(first.headers.get('cache-control')).toBe(`public, max-age=${(24 * 3600) / 2}`);
    expect((await fetch(url, { headers: { 'if-none-match': etag } })).status).toBe(304);
    const asJson = await fetch(`${url}&format=json`);
    expect(asJson.headers.get('content-type')).toMatch(/^application\/json/);
    expect(asJson.headers.get('etag')).not.toBe(etag);
    const body = (await asJson.json()) as { header: { incrementality: string }; entity: Array<{ vehicle: unknown }> };
    expect(body.header.incrementality).toBe('FULL_DATASET');
    const decoded = FeedMessage.decode(new Uint8Array(await (await fetch(url)).arrayBuffer()));
    expect(body.entity).toEqual(decoded.toJSON().entity);
  });

  it('refuses a missing feed (400) and a feed that is not a gtfs source (404)', async () => {
    const missing = await fetch(`${a.url}/v1/export/gtfs-rt/alerts`);
    expect(missing.status).toBe(400);
    expect(
      ((await missing.json()) as { error: { details: Array<{ parameter: string }> } }).error.details[0].parameter,
    ).toBe('feed');
    const unknown = await fetch(`${a.url}/v1/export/gtfs-rt/alerts?feed=vitalis-rt`);
    expect(unknown.status).toBe(404);
  });
});
