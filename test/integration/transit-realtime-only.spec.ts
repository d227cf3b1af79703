import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import type { Alert, Departure, Vehicle } from '../../src/transit/transit.model.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';
import { decodeRt, expectedRealtimeOnly, has, iso, KCM, NYCT } from './realtime-only-support.js';
import { fixture } from './transit-support.js';

const { transit_realtime: rt } = GtfsRealtimeBindings;

/**
 * GTFS-Realtime without a timetable (issue #16): two `gtfs-rt` sources with no `feed`, polled by
 * the scheduler at start. NYCT's mixed subway feed gives trip updates (per-stop predictions) and
 * an alert; King County Metro's gives vehicles. Every expected value is read from the .pb files
 * here with gtfs-realtime-bindings, not with the hub's decoder.
 */
const sources = `sources:
  - id: nyct-only
    kind: gtfs-rt
    urls: { tripUpdates: ${fixture(`gtfs-rt/${NYCT}`)}, vehiclePositions: ${fixture(`gtfs-rt/${NYCT}`)}, alerts: ${fixture(`gtfs-rt/${NYCT}`)} }
    interval: 24h
  - id: kcm-only
    kind: gtfs-rt
    urls: { vehiclePositions: ${fixture(`gtfs-rt/${KCM}`)} }
    interval: 24h
`;

interface Health {
  entities: number;
  warnings: number;
  unmatched: { trips: number; stops: number; routes: number };
}

describe('GTFS-Realtime without a timetable (no feed:)', () => {
  const env = isolation('gtfs_rt_only');
  let hub: RunningHub;
  const get = async <T>(url: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${hub.url}${url}`);
    return { status: res.status, body: (await res.json()) as T };
  };
  const health = (id: string): Promise<Health> =>
    waitFor(async () => {
      const { body } = await get<Health>(`/v1/sources/${id}`);
      return body.entities > 0 ? body : undefined;
    }, 30_000);

  beforeAll(async () => {
    hub = await startHub(testConfig(env, { sourcesPath: writeSources(sources) }));
  }, 60_000);

  afterAll(async () => {
    await hub.close();
    await env.cleanup();
  });

  it('counts its trip updates, vehicles and alerts; nothing is unmatched without a timetable', async () => {
    const feed = decodeRt(NYCT);
    // A trip is one per trip_id and start_date (NYCT lists one twice).
    const trips = new Set(
      feed.entity
        .filter((e) => e.tripUpdate)
        .map((e) => `${e.tripUpdate?.trip.tripId}|${e.tripUpdate?.trip.startDate}`),
    );
    const positioned = feed.entity.filter((e) => has(e.vehicle, 'position')).length;
    const unpositioned = feed.entity.filter((e) => e.vehicle && !has(e.vehicle, 'position')).length;
    const alerts = feed.entity.filter((e) => e.alert).length;
    expect([trips.size, positioned, unpositioned, alerts]).toEqual([248, 0, 164, 1]);
    const nyct = await health('nyct-only');
    expect(nyct).toMatchObject({
      entities: trips.size + positioned + alerts,
      warnings: unpositioned,
      unmatched: { trips: 0, stops: 0, routes: 0 },
    });
    const kcm = await health('kcm-only');
    expect(kcm).toMatchObject({ entities: 627, unmatched: { trips: 0, stops: 0, routes: 0 } });
  });

  it('serves the vehicles with trip, route and stop ids in the source id', async () => {
    const feed = decodeRt(KCM);
    const expected = feed.entity
      .filter((e) => has(e.vehicle, 'position'))
      .map((e) => {
        const v = e.vehicle as GtfsRealtimeBindings.transit_realtime.IVehiclePosition;
        const trip = v.trip ?? undefined;
        return {
          id: `kcm-only:${v.vehicle?.id}`,
          source: 'kcm-only',
          routeId: has(trip, 'routeId') ? `kcm-only:${trip?.routeId}` : null,
          tripId: has(trip, 'tripId') ? `kcm-only:${trip?.tripId}` : null,
          stopId: has(v, 'stopId') ? `kcm-only:${v.stopId}` : null,
          location: { lat: v.position?.latitude, lon: v.position?.longitude },
        };
      })
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(expected).toHaveLength(627);
    const { body } = await get<{ data: Vehicle[] }>('/v1/vehicles?source=kcm-only');
    expect(
      body.data.map((v) => ({
        id: v.id,
        source: v.source,
        routeId: v.routeId,
        tripId: v.tripId,
        stopId: v.stopId,
        location: v.location,
      })),
    ).toEqual(expected);
    const route = expected[0].routeId as string;
    const onRoute = await get<{ data: Vehicle[] }>(`/v1/vehicles?route=${encodeURIComponent(route)}`);
    expect(onRoute.body.data.map((v) => v.id)).toEqual(expected.filter((v) => v.routeId === route).map((v) => v.id));
  });

  it('serves the alert with its id in the source id', async () => {
    const feed = decodeRt(NYCT);
    const entity = feed.entity.find((e) => e.alert);
    const { body } = await get<{ data: Alert[] }>('/v1/alerts?source=nyct-only');
    expect(body.data.map((a) => [a.id, a.header])).toEqual([
      [`nyct-only:${entity?.id}`, entity?.alert?.headerText?.translation?.[0].text],
    ]);
  });

  it("serves a stop's predictions as realtime-only departures, with the feed's own times", async () => {
    const feed = decodeRt(NYCT);
    const at = Number(feed.header.timestamp);
    const window = 30 * 60;
    const stop = '239S';
    const expected = expectedRealtimeOnly(feed, 'nyct-only', stop, { at, windowS: window, limit: 200 });
    expect(expected.length).toBeGreaterThan(5);
    const { status, body } = await get<{ data: Departure[] }>(
      `/v1/stops/nyct-only:${stop}/departures?at=${iso(at)}&window=30m&limit=200`,
    );
    expect(status).toBe(200);
    expect(body.data).toEqual(expected);
  });

  /** A GTFS-RT export of the hub, decoded with gtfs-realtime-bindings. */
  const exported = async (kind: string, feed: string) => {
    const res = await fetch(`${hub.url}/v1/export/gtfs-rt/${kind}?feed=${feed}`);
    expect(res.status).toBe(200);
    return rt.FeedMessage.decode(new Uint8Array(await res.arrayBuffer()));
  };

  it("is its own GTFS-RT export (?feed=<source id>): the trip updates with the feed's ids and stop times", async () => {
    const feed = decodeRt(NYCT);
    const out = await exported('trip-updates', 'nyct-only');
    expect(out.header.incrementality).toBe(rt.FeedHeader.Incrementality.FULL_DATASET);
    // One entity per trip and start date; entity ids are the source's (`nyct-only:<key>`).
    const ids = out.entity.map((e) => e.id);
    expect(ids.length).toBe(248);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id.startsWith('nyct-only:'))).toBe(true);
    const trip = (tu: GtfsRealtimeBindings.transit_realtime.ITripUpdate) => `${tu.trip.tripId}|${tu.trip.startDate}`;
    const timeOf = (s: GtfsRealtimeBindings.transit_realtime.TripUpdate.IStopTimeUpdate) =>
      Number(has(s.departure, 'time') ? s.departure?.time : s.arrival?.time);
    const stops = (tu: GtfsRealtimeBindings.transit_realtime.ITripUpdate) =>
      (tu.stopTimeUpdate ?? []).map((s) => [s.stopId, timeOf(s)]);
    const given = new Map<string, unknown[]>();
    const twice = new Set<string>();
    for (const e of feed.entity) {
      if (!e.tripUpdate) continue;
      const key = trip(e.tripUpdate);
      if (given.has(key)) twice.add(key);
      given.set(key, [e.tripUpdate.trip.routeId, stops(e.tripUpdate)]);
    }
    const got = new Map(
      out.entity.map((e) => [trip(e.tripUpdate!), [e.tripUpdate!.trip.routeId, stops(e.tripUpdate!)]]),
    );
    expect([...got.keys()].sort()).toEqual([...given.keys()].sort());
    // A trip the feed lists twice is kept once (which one is not the point here).
    for (const key of twice) given.delete(key);
    expect(given.size).toBeGreaterThan(200);
    for (const [key, value] of given) expect([key, got.get(key)]).toEqual([key, value]);
  });

  it('exports its vehicles and alerts with the ids the feed gave (entity ids <source id>:<id>)', async () => {
    const kcm = decodeRt(KCM);
    const positioned = kcm.entity.filter((e) => has(e.vehicle, 'position'));
    const vehicles = await exported('vehicle-positions', 'kcm-only');
    const shape = (v: GtfsRealtimeBindings.transit_realtime.IVehiclePosition) => ({
      vehicle: v.vehicle?.id,
      trip: has(v.trip, 'tripId') ? v.trip?.tripId : null,
      route: has(v.trip, 'routeId') ? v.trip?.routeId : null,
      stop: has(v, 'stopId') ? v.stopId : null,
      lat: v.position?.latitude,
      lon: v.position?.longitude,
    });
    const byId = (a: { vehicle?: string | null }, b: { vehicle?: string | null }) =>
      String(a.vehicle).localeCompare(String(b.vehicle));
    expect(vehicles.entity.map((e) => e.id)).toEqual(
      positioned.map((e) => `kcm-only:${e.vehicle?.vehicle?.id}`).sort(),
    );
    expect(vehicles.entity.map((e) => shape(e.vehicle!)).sort(byId)).toEqual(
      positioned.map((e) => shape(e.vehicle!)).sort(byId),
    );
    const nyct = decodeRt(NYCT);
    const alert = nyct.entity.find((e) => e.alert);
    const alerts = await exported('alerts', 'nyct-only');
    expect(alerts.entity.map((e) => [e.id, e.alert?.headerText?.translation?.[0].text])).toEqual([
      [`nyct-only:${alert?.id}`, alert?.alert?.headerText?.translation?.[0].text],
    ]);
    expect(alerts.entity[0].alert?.informedEntity).toEqual(alert?.alert?.informedEntity);
    expect((await fetch(`${hub.url}/v1/export/gtfs-rt/alerts?feed=nowhere`)).status).toBe(404);
  });

  it('a stop the feed does not name has no departures; a timetable id of no loaded feed is still 404', async () => {
    const none = await get<{ data: Departure[] }>('/v1/stops/nyct-only:nowhere/departures');
    expect(none).toEqual({ status: 200, body: expect.objectContaining({ data: [] }) });
    expect((await get('/v1/stops/nyct:239S/departures')).status).toBe(404);
  });
});
