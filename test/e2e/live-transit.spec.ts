import { jest } from '@jest/globals';
import { startDemoOperator, type DemoOperatorHandle } from '../../src/demo/demo-operator.server.js';
import { connectLive, subscribeLive } from '../../src/live/live-client.js';
import type { SubscribeOk } from '../../src/live/live-protocol.js';
import type { Alert, Departure, Vehicle } from '../../src/transit/transit.model.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';
import { connected, EventLog, sleep, Sockets } from './live-test-kit.js';

jest.setTimeout(120_000);

const ROUTE = 'vitalis-gtfs:L1';
const STOP = 'vitalis-gtfs:CAMPUS';

/**
 * Transit on the live feed with the real pipeline: the demo operator's GTFS and GTFS-RT feeds,
 * imported and polled by the hub. Snapshots must equal what REST serves at the same moment.
 */
describe('live feed with transit (demo GTFS + GTFS-RT through the hub)', () => {
  const iso = isolation('live_transit');
  const sockets = new Sockets();
  let demo: DemoOperatorHandle;
  let hub: RunningHub;

  const rest = async <T>(path: string): Promise<T> =>
    ((await (await fetch(`${hub.url}${path}`)).json()) as { data: T }).data;

  beforeAll(async () => {
    demo = await startDemoOperator({ port: 0 });
    const sources = `sources:
  - id: vitalis-gtfs
    kind: gtfs
    url: ${demo.url}/gtfs.zip
    interval: 24h
    allowPrivateNetwork: true
  - id: vitalis-rt
    kind: gtfs-rt
    feed: vitalis-gtfs
    urls: { tripUpdates: ${demo.url}/gtfs-rt/trip-updates, vehiclePositions: ${demo.url}/gtfs-rt/vehicle-positions, alerts: ${demo.url}/gtfs-rt/alerts }
    interval: 5s
    allowPrivateNetwork: true
`;
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(sources) }));
    await waitFor(async () => ((await rest<Alert[]>('/v1/alerts')).length > 0 ? true : undefined), 60_000, 500);
  });

  afterAll(async () => {
    sockets.closeAll();
    await hub.close();
    await demo.close();
    await iso.cleanup();
  });

  it('snapshots of a route and a stop are what REST serves: vehicles, departures, alerts', async () => {
    const socket = sockets.add(await connected(connectLive(hub.url as string)));
    // A poll may land between the two reads: retry until both agree.
    const [ack, vehicles, departures, alerts] = await waitFor(
      async () => {
        const a = await subscribeLive(socket, { routes: [ROUTE], stops: [STOP] });
        const v = await rest<Vehicle[]>(`/v1/vehicles?route=${ROUTE}`);
        const d = await rest<Departure[]>(`/v1/stops/${STOP}/departures`);
        const all = await rest<Alert[]>('/v1/alerts');
        const ids = (list: Array<{ id: string }> | undefined) => JSON.stringify(list?.map((x) => x.id));
        const trips = (list: Departure[] | undefined) => JSON.stringify(list?.map((x) => x.tripId));
        const same = ids(a.snapshot.vehicles) === ids(v) && trips(a.snapshot.departures) === trips(d);
        return same ? ([a, v, d, all] as [SubscribeOk, Vehicle[], Departure[], Alert[]]) : undefined;
      },
      30_000,
      300,
    );
    expect(ack.snapshot.vehicles?.every((v) => v.routeId === ROUTE)).toBe(true);
    expect(ack.snapshot.vehicles?.length).toBe(vehicles.length);
    expect(ack.snapshot.departures?.every((d) => d.stopId === STOP)).toBe(true);
    expect(ack.snapshot.departures?.length).toBe(departures.length);
    const relevant = alerts.filter((a) => a.routes.includes(ROUTE) || a.stops.includes(STOP)).map((a) => a.id);
    expect(ack.snapshot.alerts?.map((a) => a.id)).toEqual(relevant);
  });

  it('pushes vehicles of the subscribed route only, and departures of the stop or of the route', async () => {
    const socket = sockets.add(await connected(connectLive(hub.url as string)));
    const log = new EventLog(socket);
    await subscribeLive(socket, { routes: [ROUTE] });
    await sleep(12_000); // two GTFS-RT polls
    const vehicles = log.events.filter((e) => e.name === 'vehicle').map((e) => e.payload.vehicle as Vehicle);
    const departures = log.events
      .filter((e) => e.name === 'departures')
      .map((e) => e.payload.departures as Departure[]);
    const live = await rest<Vehicle[]>(`/v1/vehicles?route=${ROUTE}`);
    if (live.length > 0) expect(vehicles.length).toBeGreaterThan(0);
    expect(vehicles.every((v) => v.routeId === ROUTE)).toBe(true);
    expect(departures.every((list) => list.some((d) => d.route.id === ROUTE))).toBe(true);
    expect(log.events.every((e) => e.name !== 'parking' && e.name !== 'source')).toBe(true);
  });
});
