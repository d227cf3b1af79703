import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { Redis } from 'ioredis';
import type { GtfsRtSourceConfig } from '../../src/config/source-config.js';
import { SourceRegistry } from '../../src/config/source-registry.service.js';
import { GtfsImportService } from '../../src/ingest/gtfs/gtfs-import.service.js';
import { contentHash } from '../../src/ingest/gtfs/gtfs-static-poll.service.js';
import { GtfsRtIngestService, type RtRole } from '../../src/ingest/gtfs-rt/gtfs-rt-ingest.service.js';
import type { Alert, Departure, Vehicle } from '../../src/transit/transit.model.js';
import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, TEST_REDIS_URL, testConfig } from '../support/test-env.js';
import { fixture } from './transit-support.js';

const { transit_realtime: rt } = GtfsRealtimeBindings;
type Entity = GtfsRealtimeBindings.transit_realtime.IFeedEntity;

/**
 * A DIFFERENTIAL sequence (issue #16) built from real entities: Caltrain's trip updates and
 * vehicle positions and BART's alert, re-sent in DIFFERENTIAL messages (header incrementality 1)
 * with is_deleted entities. Edits, named where they are made: trip 126 is given a
 * trip_update.timestamp 250 s before its header, trip 125 a new timestamp when re-sent.
 * The source sets no `expireAfter`: the default bound, 300 s, applies.
 */
const decode = (file: string) => rt.FeedMessage.decode(readFileSync(fixture(`gtfs-rt/${file}`)));
const trips = decode('caltrain-tripupdates.pb');
const positions = decode('caltrain-vehiclepositions.pb');
const alerts = decode('bart-alerts.pb');
const T = Number(trips.header.timestamp);
const BOUND = 300;

function differential(timestamp: number, entities: Entity[]): Buffer {
  const message = rt.FeedMessage.fromObject({
    header: { gtfsRealtimeVersion: '2.0', incrementality: 1, timestamp },
    entity: entities,
  });
  return Buffer.from(rt.FeedMessage.encode(message).finish());
}
const entity = (feed: typeof trips, id: string): Entity => {
  const found = feed.entity.find((e) => e.id === id);
  if (found === undefined) throw new Error(`no entity ${id}`);
  return rt.FeedEntity.toObject(found as GtfsRealtimeBindings.transit_realtime.FeedEntity, { longs: Number }) as Entity;
};
const withTripTimestamp = (e: Entity, timestamp: number): Entity => ({
  ...e,
  tripUpdate: { ...e.tripUpdate, trip: e.tripUpdate?.trip ?? {}, timestamp },
});
const deleted = (id: string): Entity => ({ id, isDeleted: true });
const rawKey = (e: Entity): string => `${e.tripUpdate?.trip.tripId}|${e.tripUpdate?.trip.startDate}`;

/** A DIFFERENTIAL vehicle feed polled by the scheduler, whose bytes then stay the same (`expireAfter: 1s`). */
const tmp = mkdtempSync(path.join(tmpdir(), 'diff-'));
const stillFile = path.join(tmp, 'still-vehicles.pb');
const stillHeader = Math.floor(Date.now() / 1000);

const sources = `sources:
  - id: caltrain
    kind: gtfs
    url: ${fixture('gtfs/caltrain-gtfs.zip')}
    interval: 24h
    enabled: false
  - id: diff-rt
    kind: gtfs-rt
    feed: caltrain
    urls: { tripUpdates: ${fixture('gtfs-rt/caltrain-tripupdates.pb')}, vehiclePositions: ${fixture('gtfs-rt/caltrain-vehiclepositions.pb')}, alerts: ${fixture('gtfs-rt/bart-alerts.pb')} }
    interval: 15s
    enabled: false
  - id: still-rt
    kind: gtfs-rt
    feed: caltrain
    urls: { vehiclePositions: ${stillFile} }
    interval: 24h
    expireAfter: 1s
`;

describe('DIFFERENTIAL GTFS-Realtime: is_deleted and expiry', () => {
  const env = isolation('gtfs_rt_diff');
  let hub: RunningHub;
  let ingest: (roles: RtRole[], body: Buffer, atS: number) => ReturnType<GtfsRtIngestService['ingest']>;
  const redis = new Redis(TEST_REDIS_URL);
  const storedTrips = async (): Promise<string[]> =>
    Object.keys(await redis.hgetall(`${env.prefix}:transit:trips:diff-rt`)).sort();
  const vehicleIds = async (): Promise<string[]> => {
    const res = await fetch(`${hub.url}/v1/vehicles?source=diff-rt`);
    return ((await res.json()) as { data: Vehicle[] }).data.map((v) => v.id);
  };
  const events = async (type: string): Promise<Array<{ id: string; data: { removed?: boolean } }>> =>
    (await redis.xrange(`${env.prefix}:changes`, '-', '+'))
      .filter(([, f]) => f[1] === type)
      .map(([, f]) => ({ id: f[3], data: JSON.parse(f[5]) as { removed?: boolean } }));

  const [t124, t125, t126] = ['124', '125', '126'].map((id) => entity(trips, id));
  const [v124, v125] = ['124', '125'].map((id) => entity(positions, id));
  const alert = alerts.entity[0];

  beforeAll(async () => {
    // Its own timestamp is the header's: it expires 1 s after it was received.
    const still = {
      ...entity(positions, '126'),
      vehicle: { ...entity(positions, '126').vehicle, timestamp: stillHeader },
    };
    writeFileSync(stillFile, differential(stillHeader, [still]));
    hub = await startHub(testConfig(env, { sourcesPath: writeSources(sources), dataDir: tmp }));
    const zip = fixture('gtfs/caltrain-gtfs.zip');
    await hub.app.get(GtfsImportService).importFile('caltrain', zip, { contentHash: contentHash(readFileSync(zip)) });
    const service = hub.app.get(GtfsRtIngestService);
    const source = hub.app.get(SourceRegistry).get('diff-rt') as GtfsRtSourceConfig;
    ingest = (roles, body, atS) => service.ingest(source, roles, body, new Date(atS * 1000));
  }, 120_000);

  afterAll(async () => {
    await hub.close();
    redis.disconnect();
    await env.cleanup();
  });

  it('adds the entities of a DIFFERENTIAL message', async () => {
    const stats = await ingest(['tripUpdates'], differential(T, [t124, t125, withTripTimestamp(t126, T - 250)]), T);
    expect(stats).toMatchObject({ entities: 3, changes: 3 });
    expect(await storedTrips()).toEqual([rawKey(t124), rawKey(t125), rawKey(t126)].sort());
    await ingest(['vehiclePositions'], differential(T + 25, [v124, v125]), T + 25);
    expect(await vehicleIds()).toEqual(['diff-rt:124', 'diff-rt:125']);
  });

  it('is_deleted removes the trip update, and only it: the vehicle with the same entity id stays', async () => {
    // Trip 124 at its second stop (70242): predicted, then back to the timetable once deleted.
    const stu = t124.tripUpdate?.stopTimeUpdate?.[1];
    expect(stu?.stopId).toBe('70242');
    const departure = async (): Promise<Departure | undefined> => {
      const res = await fetch(
        `${hub.url}/v1/stops/caltrain:70242/departures?at=${new Date(T * 1000).toISOString()}&limit=50`,
      );
      return ((await res.json()) as { data: Departure[] }).data.find((d) => d.tripId === 'caltrain:124');
    };
    expect(await departure()).toMatchObject({
      realtime: true,
      estimatedTime: new Date(Number(stu?.departure?.time) * 1000).toISOString(),
    });
    const stats = await ingest(['tripUpdates'], differential(T + 30, [deleted('124')]), T + 30);
    expect(stats).toMatchObject({ entities: 0, changes: 1 });
    expect(await storedTrips()).toEqual([rawKey(t125), rawKey(t126)].sort());
    expect(await departure()).toMatchObject({ realtime: false, estimatedTime: null, status: 'scheduled' });
    expect(await vehicleIds()).toEqual(['diff-rt:124', 'diff-rt:125']);
  });

  it('is_deleted removes a vehicle (with a removed event) and an alert (with a removed event)', async () => {
    await ingest(['vehiclePositions'], differential(T + 35, [deleted('125')]), T + 35);
    expect(await vehicleIds()).toEqual(['diff-rt:124']);
    expect((await events('vehicle')).filter((e) => e.id === 'diff-rt:125').map((e) => e.data.removed ?? false)).toEqual(
      [false, true],
    );
    expect(await storedTrips()).toContain(rawKey(t125)); // trip 125 shares the entity id: untouched

    const header = Number(alerts.header.timestamp); // 2019: the header's offset from the receive time is taken out
    await ingest(['alerts'], differential(header, [alert]), T + 40);
    const listed = async (): Promise<string[]> => {
      const res = await fetch(`${hub.url}/v1/alerts?source=diff-rt`);
      return ((await res.json()) as { data: Alert[] }).data.map((a) => a.id);
    };
    expect(await listed()).toEqual([`diff-rt:${alert.id}`]);
    await ingest(['alerts'], differential(header + 5, [deleted(alert.id)]), T + 45);
    expect(await listed()).toEqual([]);
    expect((await events('alert')).map((e) => (e.data as { removed?: boolean }).removed ?? false)).toEqual([
      false,
      true,
    ]);
  });

  it(`an entity expires ${BOUND} s after its own timestamp, else the header's; a re-sent one lives on`, async () => {
    // Trip 126's own timestamp is T - 250: it expires at T + 50. Trip 125, re-sent at T + 60, lives to T + 360.
    const stats = await ingest(['tripUpdates'], differential(T + 60, [withTripTimestamp(t125, T + 60)]), T + 60);
    expect(stats.changes).toBe(2); // 125 changed (its timestamp), 126 expired
    expect(await storedTrips()).toEqual([rawKey(t125)]);
    // Vehicle 124's own timestamp is 10 s before its header (received at T + 25): it expires at T + 25 - 10 + 300.
    const vehicleExpiry = T + 25 + (Number(v124.vehicle?.timestamp) - Number(positions.header.timestamp)) + BOUND;
    expect(Number(positions.header.timestamp) - Number(v124.vehicle?.timestamp)).toBe(10);
    await ingest(['vehiclePositions'], differential(T + 200, []), vehicleExpiry - 1);
    expect(await vehicleIds()).toEqual(['diff-rt:124']);
    await ingest(['vehiclePositions'], differential(T + 201, []), vehicleExpiry);
    expect(await vehicleIds()).toEqual([]);
    expect(await storedTrips()).toEqual([rawKey(t125)]);
  });

  it('entities expire on a poll whose bytes did not change', async () => {
    const listed = async (): Promise<string[]> => {
      const res = await fetch(`${hub.url}/v1/vehicles?source=still-rt`);
      return ((await res.json()) as { data: Vehicle[] }).data.map((v) => v.id);
    };
    // The scheduler polled it at start.
    await waitFor(async () => ((await listed()).length === 1 ? true : undefined), 15_000);
    expect(await listed()).toEqual(['still-rt:126']);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const record = await hub.app.get(PollSourceService).poll('still-rt');
    expect(record?.outcome).toBe('not-modified'); // the file did not change: nothing decoded
    expect(await listed()).toEqual([]);
    expect(
      (await events('vehicle')).filter((e) => e.id === 'still-rt:126').map((e) => e.data.removed ?? false),
    ).toEqual([false, true]);
  });
});
