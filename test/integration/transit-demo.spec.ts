import path from 'node:path';
import { startDemoOperator, type DemoOperatorHandle } from '../../src/demo/demo-operator.server.js';
import type { Alert, Departure, Vehicle } from '../../src/transit/transit.model.js';
import { startHub, waitFor, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';

/**
 * The shipped config/sources.yaml against the built-in demo operator: the Vitalis-like feed goes
 * through the scheduler, the import queue and the realtime poll like any operator's.
 */
describe('demo bus network, end to end through the default sources file', () => {
  const iso = isolation('transit_demo');
  let demo: DemoOperatorHandle;
  let hub: RunningHub;
  const get = async <T>(url: string): Promise<T> => (await (await fetch(`${hub.url}${url}`)).json()) as T;

  // A demo clock at 10:00 UTC today, running: buses run whatever time CI starts (none do at night).
  const today = new Date();
  const clockStart = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), 10);
  const started = Date.now();
  const demoNow = (): Date => new Date(clockStart + (Date.now() - started));

  beforeAll(async () => {
    demo = await startDemoOperator({ port: 0, now: demoNow });
    const config = testConfig(iso, { sourcesPath: path.join(process.cwd(), 'config/sources.yaml') });
    hub = await startHub(config, { HUB_DEMO_URL: demo.url });
  }, 60_000);

  afterAll(async () => {
    await hub.close();
    await demo.close();
    await iso.cleanup();
  }, 60_000);

  it('imports the timetable and serves realtime departures, vehicles and the works alert', async () => {
    const departures = await waitFor(
      async () => {
        const body = await get<{ data?: Departure[] }>(
          `/v1/stops/vitalis-gtfs:NOTRE_DAME/departures?window=60m&at=${demoNow().toISOString()}`,
        );
        return body.data?.some((d) => d.realtime) === true ? body.data : undefined;
      },
      80_000,
      500,
    );
    expect(departures.length).toBeGreaterThan(0);
    expect(departures.every((d) => d.stopId === 'vitalis-gtfs:NOTRE_DAME')).toBe(true);
    expect(new Set(departures.map((d) => d.route.id))).toEqual(new Set(['vitalis-gtfs:L1', 'vitalis-gtfs:L2']));
    const stops = await get<{ meta: { count: number } }>('/v1/stops?source=vitalis-gtfs');
    expect(stops.meta.count).toBe(12);
    const vehicles = await get<{ data: Vehicle[] }>('/v1/vehicles?source=vitalis-rt');
    expect(vehicles.data.length).toBeGreaterThan(0);
    expect(vehicles.data.every((v) => v.routeId?.startsWith('vitalis-gtfs:L') === true)).toBe(true);
    const alerts = await get<{ data: Alert[] }>('/v1/alerts?stop=vitalis-gtfs:NOTRE_DAME');
    expect(alerts.data.map((a) => [a.id, a.cause, a.effect])).toEqual([
      ['vitalis-rt:travaux-notre-dame', 'CONSTRUCTION', 'STOP_MOVED'],
    ]);
    const tripIds = departures.map((d) => `${d.tripId}@${d.scheduledTime}`);
    expect(new Set(tripIds).size).toBe(tripIds.length);
    // The first realtime poll may run before the import finished; the next one (15 s) matches everything.
    const health = await waitFor(
      async () => {
        const rt = await get<{ status: string; unmatched?: { trips: number } }>('/v1/sources/vitalis-rt');
        return rt.unmatched?.trips === 0 ? rt : undefined;
      },
      40_000,
      500,
    );
    expect(health).toMatchObject({ status: 'ok', unmatched: { trips: 0, stops: 0, routes: 0 } });
  }, 150_000);
});
