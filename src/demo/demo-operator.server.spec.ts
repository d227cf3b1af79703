import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { startDemoOperator } from './demo-operator.server.js';
import type { DemoOperatorHandle } from './demo-operator.server.js';
import { DEMO_PORT } from './demo-sources.js';
import { buildGtfsFiles, buildGtfsZip } from './gtfs-static.builder.js';
import { buildTimetable } from './gtfs-timetable.js';
import type { OdsSearchResponse } from './parking-records.builder.js';

const { transit_realtime } = GtfsRealtimeBindings;
const START = Date.parse('2026-03-10T10:00:00Z'); // Tuesday 11:00 in Poitiers
const TODAY = { year: 2026, month: 3, day: 10 };

describe('demo operator server', () => {
  let clock = START;
  let demo: DemoOperatorHandle;

  beforeAll(async () => {
    demo = await startDemoOperator({ port: 0, now: () => new Date(clock), seed: 1 });
  });

  afterAll(async () => {
    await demo.close();
  });

  beforeEach(() => {
    clock = START;
  });

  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${demo.url}${path}`, { headers });

  it('listens on loopback and lists its endpoints at /', async () => {
    expect(demo.url).toBe(`http://127.0.0.1:${demo.port}`);
    expect(demo.port).toBeGreaterThan(0);
    const res = await get('/');
    expect(res.status).toBe(200);
    const index = (await res.json()) as {
      endpoints: Record<string, string>;
      parkingFields: Record<string, string>;
    };
    expect(index.endpoints).toEqual({
      parkingRecords: `${demo.url}/parkings/records`,
      gtfsStatic: `${demo.url}/gtfs.zip`,
      tripUpdates: `${demo.url}/gtfs-rt/trip-updates`,
      vehiclePositions: `${demo.url}/gtfs-rt/vehicle-positions`,
      alerts: `${demo.url}/gtfs-rt/alerts`,
    });
    expect(index.parkingFields.free).toBe('places');
    expect(DEMO_PORT).toBe(8787);
  });

  it('serves ODS v1 parking records with cache validators, answering 304 while unchanged', async () => {
    const res = await get('/parkings/records');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=5');
    expect(res.headers.get('last-modified')).toBe('Tue, 10 Mar 2026 10:00:00 GMT');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const body = (await res.json()) as OdsSearchResponse;
    expect(body.nhits).toBe(10);
    expect(body.records.map((r) => r.fields.nom)).toContain('HOTEL DE VILLE');

    clock = START + 3_000; // same 5-second step
    const byTag = await get('/parkings/records', { 'If-None-Match': etag });
    expect(byTag.status).toBe(304);
    expect(await byTag.text()).toBe('');
    const byDate = await get('/parkings/records', {
      'If-Modified-Since': 'Tue, 10 Mar 2026 10:00:00 GMT',
    });
    expect(byDate.status).toBe(304);

    clock = START + 60_000;
    const later = await get('/parkings/records', { 'If-None-Match': etag });
    expect(later.status).toBe(200);
    const laterBody = (await later.json()) as OdsSearchResponse;
    const changed = laterBody.records.filter((r, i) => r.fields.places !== body.records[i].fields.places);
    expect(changed.length).toBeGreaterThan(0);
  });

  it('honours rows and start', async () => {
    const body = (await (await get('/parkings/records?rows=2&start=1')).json()) as OdsSearchResponse;
    expect(body.records.map((r) => r.fields.nom)).toEqual(['NOTRE DAME', 'HOTEL DE VILLE']);
    expect(body.parameters.start).toBe(1);
  });

  it('serves the same GTFS zip bytes on every request, built once at start', async () => {
    const first = await get('/gtfs.zip');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/zip');
    const bytes = Buffer.from(await first.arrayBuffer());
    clock = START + 7_200_000;
    const second = await get('/gtfs.zip');
    expect(Buffer.from(await second.arrayBuffer()).equals(bytes)).toBe(true);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(bytes.equals(await buildGtfsZip(buildTimetable(), TODAY))).toBe(true);
    const revalidated = await get('/gtfs.zip', {
      'If-None-Match': first.headers.get('etag') ?? '',
    });
    expect(revalidated.status).toBe(304);
  });

  it('serves three decodable GTFS-RT feeds whose trips are in the static feed', async () => {
    const tripsTxt = buildGtfsFiles(buildTimetable(), TODAY).get('trips.txt') ?? '';
    const staticTripIds = new Set(
      tripsTxt
        .trimEnd()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[2]),
    );
    const decode = async (path: string): Promise<GtfsRealtimeBindings.transit_realtime.FeedMessage> => {
      const res = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/x-protobuf');
      return transit_realtime.FeedMessage.decode(new Uint8Array(await res.arrayBuffer()));
    };
    const updates = await decode('/gtfs-rt/trip-updates');
    const positions = await decode('/gtfs-rt/vehicle-positions');
    const alerts = await decode('/gtfs-rt/alerts');
    expect(updates.entity.length).toBeGreaterThanOrEqual(8);
    expect(updates.entity.every((e) => staticTripIds.has(e.tripUpdate?.trip.tripId ?? ''))).toBe(true);
    expect(positions.entity.every((e) => staticTripIds.has(e.vehicle?.trip?.tripId ?? ''))).toBe(true);
    expect(alerts.entity.map((e) => e.id)).toEqual(['travaux-notre-dame']);
    expect(Number(updates.header.timestamp)).toBe(START / 1000);
  });

  it('answers unknown paths with 404 JSON and other methods with 405', async () => {
    const missing = await get('/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'no such path: /nope' },
    });
    const post = await fetch(`${demo.url}/parkings/records`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET, HEAD');
  });

  it('refuses to start on a port already taken', async () => {
    const attempt = startDemoOperator({ port: demo.port });
    await expect(attempt).rejects.toBeInstanceOf(AppException);
    await expect(attempt).rejects.toMatchObject({ code: ErrorCode.INTERNAL });
  });

  it('closes cleanly, even with a keep-alive connection open', async () => {
    const other = await startDemoOperator({ port: 0, now: () => new Date(START) });
    expect((await fetch(`${other.url}/`)).status).toBe(200);
    await other.close();
    await expect(fetch(`${other.url}/`)).rejects.toThrow();
  });
});
