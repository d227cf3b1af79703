import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import pg from 'pg';
import type { GtfsRtSourceConfig } from '../../src/config/source-config.js';
import { SourceRegistry } from '../../src/config/source-registry.service.js';
import { GtfsImportService } from '../../src/ingest/gtfs/gtfs-import.service.js';
import { contentHash } from '../../src/ingest/gtfs/gtfs-static-poll.service.js';
import { GtfsRtIngestService, type RtRole } from '../../src/ingest/gtfs-rt/gtfs-rt-ingest.service.js';
import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import type { Alert, Departure, Vehicle } from '../../src/transit/transit.model.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, TEST_DATABASE_URL, TEST_REDIS_URL, testConfig } from '../support/test-env.js';
import { fixture, transitSources } from './transit-support.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'gtfs-rt-'));
const swapFile = path.join(tmp, 'swap-vehicles.pb');
copyFileSync(fixture('gtfs-rt/caltrain-vehiclepositions.pb'), swapFile);

/** Two enabled sources polled by the scheduler: BART (health counts) and one whose file the test swaps. */
const enabled = `
  - id: bart-live
    kind: gtfs-rt
    feed: bart
    urls: { tripUpdates: ${fixture('gtfs-rt/bart-tripupdates.pb')} }
    interval: 24h
  - id: swap-rt
    kind: gtfs-rt
    feed: caltrain
    urls: { vehiclePositions: ${swapFile} }
    interval: 24h`;

interface StreamEvent {
  type: string;
  id: string;
  data: unknown;
}

describe('GTFS-Realtime on real Redis + Postgres', () => {
  const iso = isolation('gtfs_rt');
  let hub: RunningHub;
  let rt: GtfsRtIngestService;
  let registry: SourceRegistry;
  const redis = new Redis(TEST_REDIS_URL);

  const ingest = (sourceId: string, roles: RtRole[], file: string, at = new Date()) =>
    rt.ingest(registry.get(sourceId) as GtfsRtSourceConfig, roles, readFileSync(fixture(`gtfs-rt/${file}`)), at);
  const get = async <T>(url: string): Promise<T> => {
    const res = await fetch(`${hub.url}${url}`);
    return (await res.json()) as T;
  };
  const events = async (type: string): Promise<StreamEvent[]> => {
    const entries = await redis.xrange(`${iso.prefix}:changes`, '-', '+');
    return entries
      .map(([, f]) => ({ type: f[1], id: f[3], data: JSON.parse(f[5]) as unknown }))
      .filter((e) => e.type === type);
  };

  beforeAll(async () => {
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(transitSources(enabled)), dataDir: tmp }));
    rt = hub.app.get(GtfsRtIngestService);
    registry = hub.app.get(SourceRegistry);
    const imports = hub.app.get(GtfsImportService);
    for (const [id, file] of [
      ['caltrain', 'caltrain-gtfs.zip'],
      ['bart', 'bart-gtfs.zip'],
      ['usf', 'usf-bullrunner-gtfs.zip'],
    ]) {
      const zip = fixture(`gtfs/${file}`);
      await imports.importFile(id, zip, { contentHash: contentHash(readFileSync(zip)) });
    }
  }, 120_000);

  afterAll(async () => {
    await hub.close();
    redis.disconnect();
    await iso.cleanup();
  });

  it('Caltrain TripUpdates give realtime departures at a named stop', async () => {
    const stats = await ingest('caltrain-rt', ['tripUpdates'], 'caltrain-tripupdates.pb');
    expect(stats).toMatchObject({ entities: 19, changes: 19, unmatched: { trips: 0, stops: 0, routes: 0 } });
    // Santa Clara is a station: its two platforms (70241 northbound, 70242 southbound) are merged.
    const body = await get<{ data: Departure[]; meta: { count: number } }>(
      '/v1/stops/caltrain:santa_clara/departures?at=2023-11-08T01:05:34Z&window=90m&limit=5',
    );
    expect(body.meta.count).toBe(5);
    expect(body.data[0]).toEqual({
      stopId: 'caltrain:70242',
      route: { id: 'caltrain:L1', shortName: 'L1', longName: 'Local', color: 'C5C5C5' },
      tripId: 'caltrain:124',
      headsign: 'Tamien',
      scheduledTime: '2023-11-08T01:09:00.000Z',
      estimatedTime: '2023-11-08T01:10:01.000Z',
      delay: 61,
      realtime: true,
      status: 'delayed',
      vehicleId: 'caltrain-rt:124',
      wheelchairAccessible: null, // Caltrain's trips.txt has the columns, empty
      bikesAllowed: null,
    });
    expect(body.data.map((d) => [d.tripId, d.stopId, d.delay, d.status])).toEqual([
      ['caltrain:124', 'caltrain:70242', 61, 'delayed'],
      ['caltrain:410', 'caltrain:70242', 0, 'on-time'],
      ['caltrain:413', 'caltrain:70241', 43, 'on-time'],
      ['caltrain:129', 'caltrain:70241', 0, 'on-time'],
      ['caltrain:126', 'caltrain:70242', 38, 'on-time'],
    ]);
  });

  it('pushes departures events only for changed stops, and nothing for an identical feed', async () => {
    const first = await events('departures');
    const southbound = first.find((e) => e.id === 'caltrain:70242');
    const data = southbound?.data as { stopId: string; departures: Departure[] };
    expect(data.stopId).toBe('caltrain:70242');
    expect(data.departures[0]).toMatchObject({ tripId: 'caltrain:124', delay: 61, status: 'delayed' });
    expect(data.departures.length).toBeLessThanOrEqual(10);
    const again = await ingest('caltrain-rt', ['tripUpdates'], 'caltrain-tripupdates.pb');
    expect(again).toMatchObject({ entities: 19, changes: 0, departureEvents: 0 });
    expect(await events('departures')).toHaveLength(first.length);
  });

  it('records the reported delays per trip and stop in Postgres', async () => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: string; d: number }>(
        `SELECT count(*) AS n, max(delay) FILTER (WHERE trip_id = 'caltrain:124' AND stop_id = '70242') AS d
         FROM "${iso.schema}".transit_delay_observation WHERE source = 'caltrain-rt'`,
      );
      expect(Number(rows[0].n)).toBe(220);
      expect(rows[0].d).toBe(61);
    } finally {
      await client.end();
    }
  });

  it('BART TripUpdates: 65 of 91 trips match the BART zip, the 26 others (8 of them ADDED) are counted in source health', async () => {
    // The scheduler polled bart-live at start, before the zip was imported: poll again with the timetable there.
    await waitFor(async () =>
      (await get<{ lastPollAt: string | null }>('/v1/sources/bart-live')).lastPollAt ? true : undefined,
    );
    await redis.del(`${iso.prefix}:source:fetch:bart-live:tripUpdates`);
    const record = await hub.app.get(PollSourceService).poll('bart-live');
    expect(record).toMatchObject({ outcome: 'changed', entities: 91, unmatched: { trips: 26, stops: 0, routes: 0 } });
    const health = await get<{ status: string; entities: number; unmatched: unknown }>('/v1/sources/bart-live');
    expect(health).toMatchObject({ status: 'ok', entities: 91, unmatched: { trips: 26, stops: 0, routes: 0 } });
    const matched = await redis.hvals(`${iso.prefix}:transit:trips:bart-live`);
    const predictions = matched.map((j) => JSON.parse(j) as { matched: boolean; startDate: string | null });
    expect(predictions.filter((p) => p.matched)).toHaveLength(65);
    // BART gives no start_date: the service day comes from the feed time (2019-08-07, a Wednesday).
    expect(new Set(predictions.filter((p) => p.matched).map((p) => p.startDate))).toEqual(new Set(['20190807']));
  });

  it('King County and USF VehiclePositions yield 627 and 10 vehicles', async () => {
    const kcm = await ingest('kcm-rt', ['vehiclePositions'], 'kcm-vehiclepositions.pb');
    expect(kcm).toMatchObject({ entities: 627, changes: 627 });
    const usf = await ingest('usf-rt', ['vehiclePositions'], 'usf-bullrunner-vehiclepositions.pb');
    expect(usf).toMatchObject({ entities: 10, changes: 10, unmatched: { trips: 0, stops: 0, routes: 0 } });
    const kcmList = await get<{ meta: { count: number }; data: Vehicle[] }>('/v1/vehicles?source=kcm-rt');
    expect(kcmList.meta.count).toBe(627);
    expect(kcmList.data.find((v) => v.id === 'kcm-rt:4382')).toMatchObject({
      routeId: 'kcm:100001',
      tripId: 'kcm:49195152',
      stopId: 'kcm:2470',
      observedAt: '2021-09-02T15:31:30.000Z',
      stale: true,
    });
    const usfList = await get<{ data: Vehicle[] }>('/v1/vehicles?source=usf-rt&route=usf:F');
    expect(usfList.data.map((v) => v.id)).toEqual(['usf-rt:1536', 'usf-rt:1537']);
    expect(usfList.data[0]).toMatchObject({ bearing: 180, occupancy: 'EMPTY', tripId: null });
    const inBox = await get<{ data: Vehicle[] }>('/v1/vehicles?source=usf-rt&bbox=-82.42,28.05,-82.41,28.07');
    expect(inBox.data.map((v) => v.id)).toContain('usf-rt:1536');
    const vehicleEvents = await events('vehicle');
    expect(vehicleEvents.filter((e) => e.id.startsWith('usf-rt:'))).toHaveLength(10);
    await ingest('usf-rt', ['vehiclePositions'], 'usf-bullrunner-vehiclepositions.pb');
    expect((await events('vehicle')).filter((e) => e.id.startsWith('usf-rt:'))).toHaveLength(10);
  });

  it('the BART alert is served with its cause, effect and url, and pushed once', async () => {
    const stats = await ingest('bart-rt', ['alerts'], 'bart-alerts.pb');
    expect(stats).toMatchObject({ entities: 1, changes: 1 });
    const body = await get<{ data: Alert[] }>('/v1/alerts?source=bart-rt');
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      id: 'bart-rt:BSA_187874',
      cause: 'MEDICAL_EMERGENCY',
      effect: 'SIGNIFICANT_DELAYS',
      url: 'http://www.bart.gov/schedules/advisories',
      translations: { url: { 'en-US': 'http://www.bart.gov/schedules/advisories' } },
      activePeriods: [],
      routes: [],
      stops: [],
      informedEntities: [{ agencyId: 'BART', routeId: null, stopId: null, tripId: null }],
    });
    expect(body.data[0].header).toMatch(/^There is a major delay at Montgomery St\./);
    const alertEvents = await events('alert');
    expect(alertEvents).toHaveLength(1);
    expect(alertEvents[0]).toMatchObject({ id: 'bart-rt:BSA_187874', data: { alert: { cause: 'MEDICAL_EMERGENCY' } } });
  });

  it('an empty alerts feed (FULL_DATASET) removes what it no longer lists', async () => {
    await ingest('caltrain-rt', ['alerts'], 'bart-alerts.pb');
    expect((await get<{ data: Alert[] }>('/v1/alerts?source=caltrain-rt')).data).toHaveLength(1);
    const stats = await ingest('caltrain-rt', ['alerts'], 'caltrain-alerts-empty.pb');
    expect(stats).toMatchObject({ entities: 0, changes: 1 });
    expect((await get<{ data: Alert[] }>('/v1/alerts?source=caltrain-rt')).data).toHaveLength(0);
    const removed = (await events('alert')).filter((e) => e.id === 'caltrain-rt:BSA_187874');
    expect(removed.map((e) => (e.data as { removed?: boolean }).removed ?? false)).toEqual([false, true]);
  });

  it('the NYC subway mixed feed (empty route_id, NYCT extensions) decodes without error', async () => {
    const stats = await ingest(
      'nyct-rt',
      ['tripUpdates', 'vehiclePositions', 'alerts'],
      'mta-subway-mixed-empty-route-id.pb',
    );
    // 249 TripUpdates name 248 distinct trips; the 164 VehiclePositions carry no position (stop-based), so no vehicle.
    expect(stats).toMatchObject({ entities: 248 + 0 + 1, warnings: 164 });
    const alerts = await get<{ data: Alert[] }>('/v1/alerts?source=nyct-rt');
    expect(alerts.data.map((a) => a.header)).toEqual(['Train delayed']);
    const trips = await redis.hgetall(`${iso.prefix}:transit:trips:nyct-rt`);
    const empty = Object.values(trips)
      .map((j) => JSON.parse(j) as { tripId: string; routeId: string | null })
      .filter((t) => t.routeId === null);
    expect(empty).toHaveLength(1);
  });

  it('a feed that is not protobuf is a clear decode error in source health; the previous state stays served', async () => {
    await waitFor(async () =>
      (await get<{ entities: number }>('/v1/sources/swap-rt')).entities === 14 ? true : undefined,
    );
    copyFileSync(fixture('gtfs-rt/invalid-not-protobuf.pb'), swapFile);
    await expect(hub.app.get(PollSourceService).poll('swap-rt')).rejects.toThrow(/not a GTFS-Realtime FeedMessage/);
    const health = await get<{ status: string; lastError: { code: string; message: string } }>('/v1/sources/swap-rt');
    expect(health.status).toBe('degraded');
    expect(health.lastError.code).toBe('PARSE_ERROR');
    expect(health.lastError.message).toBe(
      'vehiclePositions: not a GTFS-Realtime FeedMessage: invalid wire type 6 at offset 1',
    );
    const vehicles = await get<{ meta: { count: number } }>('/v1/vehicles?source=swap-rt');
    expect(vehicles.meta.count).toBe(14);
  });

  it('answers 404 for unknown stops and 400 for bad queries', async () => {
    expect((await fetch(`${hub.url}/v1/stops/caltrain:nope/departures`)).status).toBe(404);
    const bad = await fetch(`${hub.url}/v1/stops/caltrain:santa_clara/departures?window=banana`);
    expect(bad.status).toBe(400);
    const stops = await get<{ data: Array<{ id: string; distance: number }> }>(
      '/v1/stops?near=37.353189,-121.936135&radius=200&source=caltrain',
    );
    expect(stops.data.map((s) => s.id)).toEqual(['caltrain:70242', 'caltrain:70241', 'caltrain:santa_clara']);
    const named = await get<{ data: Array<{ id: string }> }>('/v1/stops?q=palo%20alto&source=caltrain');
    expect(named.data.map((s) => s.id)).toEqual([
      'caltrain:palo_alto',
      'caltrain:70171',
      'caltrain:70172',
      'caltrain:PAN', // "Temporary Stop - Palo Alto"
      'caltrain:PAS',
    ]);
    const route = await get<{ id: string; longName: string }>('/v1/routes/bart:1');
    expect(route).toMatchObject({
      id: 'bart:1',
      shortName: 'Yellow',
      longName: 'Antioch - SFO/Millbrae',
      color: 'FFFF33',
    });
    expect((await get<{ meta: { count: number } }>('/v1/routes?source=bart')).meta.count).toBe(8);
  });
});
