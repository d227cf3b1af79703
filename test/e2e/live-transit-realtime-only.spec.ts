import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jest } from '@jest/globals';
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { connectLive, subscribeLive } from '../../src/live/live-client.js';
import type { Departure } from '../../src/transit/transit.model.js';
import { decodeRt, expectedRealtimeOnly, iso, NYCT } from '../integration/realtime-only-support.js';
import { fixture } from '../integration/transit-support.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';
import { connected, EventLog, pollNow, sleep, Sockets } from './live-test-kit.js';

jest.setTimeout(120_000);

const { transit_realtime: rt } = GtfsRealtimeBindings;
const STOP = '239S';

/**
 * `departures` events of a gtfs-rt source without a timetable (issue #16): NYCT's subway feed,
 * served from a file the test rewrites. The expected departures are read from the feed with
 * gtfs-realtime-bindings (the event's window: 90 minutes from the feed's timestamp, 10 at most).
 */
describe('live departures of a realtime-only source (NYCT subway, no feed:)', () => {
  const env = isolation('live_rt_only');
  const sockets = new Sockets();
  const dir = mkdtempSync(path.join(tmpdir(), 'rt-only-'));
  const file = path.join(dir, 'nyct.pb');
  let hub: RunningHub;

  const rest = async <T>(url: string): Promise<T> =>
    ((await (await fetch(`${hub.url}${url}`)).json()) as { data: T }).data;

  beforeAll(async () => {
    copyFileSync(fixture(`gtfs-rt/${NYCT}`), file);
    const sources = `sources:
  - id: nyct-only
    kind: gtfs-rt
    urls: { tripUpdates: ${file}, vehiclePositions: ${file}, alerts: ${file} }
    interval: 24h
`;
    hub = await startHub(testConfig(env, { sourcesPath: writeSources(sources) }));
    await waitFor(async () => {
      const res = await fetch(`${hub.url}/v1/sources/nyct-only`);
      return ((await res.json()) as { entities: number }).entities > 0 ? true : undefined;
    }, 30_000);
  });

  afterAll(async () => {
    sockets.closeAll();
    await hub.close();
    await env.cleanup();
  });

  it('pushes the new departures of the stop a changed trip calls at, and none for the stops it does not', async () => {
    const feed = decodeRt(NYCT);
    const at = Number(feed.header.timestamp);
    const w = { at, windowS: 90 * 60, limit: 10 };
    const before = expectedRealtimeOnly(feed, 'nyct-only', STOP, w);
    expect(before.length).toBe(10);
    // The soonest trip at the stop is dropped from the feed; a stop it never calls at stays as it was.
    const dropped = before[0].tripId.slice('nyct-only:'.length);
    const calls = (id: string | null | undefined) =>
      new Set(
        feed.entity
          .filter((e) => e.tripUpdate?.trip.tripId === id)
          .flatMap((e) => e.tripUpdate?.stopTimeUpdate ?? [])
          .map((s) => s.stopId),
      );
    const untouched = feed.entity
      .flatMap((e) => e.tripUpdate?.stopTimeUpdate ?? [])
      .map((s) => s.stopId as string)
      .find((s) => !calls(dropped).has(s) && expectedRealtimeOnly(feed, 'nyct-only', s, w).length > 0) as string;
    expect(untouched).toBeDefined();

    const socket = sockets.add(await connected(connectLive(hub.url as string)));
    const log = new EventLog(socket);
    const ack = await subscribeLive(socket, { stops: [`nyct-only:${STOP}`, `nyct-only:${untouched}`] });
    // The snapshot is what REST serves now (the feed's times are long past: nothing, as REST).
    expect(ack.snapshot.departures).toEqual(await rest<Departure[]>(`/v1/stops/nyct-only:${STOP}/departures`));

    const next = rt.FeedMessage.create({
      header: feed.header,
      entity: feed.entity.filter((e) => e.tripUpdate?.trip.tripId !== dropped),
    });
    writeFileSync(file, rt.FeedMessage.encode(next).finish());
    await pollNow(hub, 'nyct-only');
    const [event] = await log.waitFor(1);
    await sleep(500);
    expect(log.names).toEqual([`departures nyct-only:${STOP}`]);
    const after = expectedRealtimeOnly(next, 'nyct-only', STOP, w);
    expect(after.map((d) => d.tripId)).not.toContain(before[0].tripId);
    expect(event.payload).toEqual({ cursor: event.cursor, stopId: `nyct-only:${STOP}`, departures: after });
    // The same list REST answers at the feed's time.
    expect(after).toEqual(
      await rest<Departure[]>(`/v1/stops/nyct-only:${STOP}/departures?at=${iso(at)}&window=90m&limit=10`),
    );
  });
});
