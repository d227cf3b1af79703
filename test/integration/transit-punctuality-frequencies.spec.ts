import { readFileSync } from 'node:fs';
import path from 'node:path';
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import type { GtfsRtSourceConfig } from '../../src/config/source-config.js';
import { SourceRegistry } from '../../src/config/source-registry.service.js';
import { GtfsImportService } from '../../src/ingest/gtfs/gtfs-import.service.js';
import { contentHash } from '../../src/ingest/gtfs/gtfs-static-poll.service.js';
import { openZip } from '../../src/ingest/gtfs/zip-file.reader.js';
import { GtfsRtIngestService } from '../../src/ingest/gtfs-rt/gtfs-rt-ingest.service.js';
import { startHub, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';
import { fixture } from './transit-support.js';

const { transit_realtime: rt } = GtfsRealtimeBindings;

/**
 * Delays of frequency-based trip instances in the delay history (issue #16), on USF Bull
 * Runner's timetable (every trip frequency-based, exact_times=0, every 600 s). USF publishes no
 * trip updates in the fixtures: they are written here as GTFS-RT says a frequency-based trip's
 * update is (trip_id, start_date, the instance's start_time). Two instances of trip 1 on one
 * day report a delay at the same stop_sequence: they are two calls, each counted once with its
 * last report, in the route's and the stop's punctuality.
 */
const ZIP = fixture('gtfs/usf-bullrunner-gtfs.zip');
const DATE = '20190916'; // a Monday (service Mo), in the calendar's range 2015-2020
/** The service day's origin: noon minus 12 h in America/New_York, on 2019-09-16 (EDT, UTC-4) local midnight. */
const ORIGIN = Date.UTC(2019, 8, 16, 4) / 1000;
const TRIP = '1';
const SEQ = 3;

const seconds = (t: string): number => {
  const [h, m, s] = t.trim().split(':').map(Number);
  return h * 3600 + m * 60 + s;
};

async function readCsv(file: string, name: string): Promise<Array<Record<string, string>>> {
  const zip = await openZip(file);
  for await (const entry of zip.eachEntry()) {
    if (path.posix.basename(entry.fileName) !== name) continue;
    const chunks: Buffer[] = [];
    for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
    const [head, ...lines] = Buffer.concat(chunks).toString('utf8').trim().split(/\r?\n/);
    const names = head.split(',').map((h) => h.trim());
    return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [names[i], v.trim()])));
  }
  throw new Error(`${name} not in ${file}`);
}

/** percentile_cont: linear interpolation at position p·(n−1) of the sorted values. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

interface Punctuality {
  observations: number;
  onTime: number;
  early: number;
  late: number;
  delay: { p50: number | null; p90: number | null; p95: number | null };
}

describe('Punctuality counts frequency-based trip instances as separate calls', () => {
  const env = isolation('punct_freq');
  let hub: RunningHub;
  let routeId: string;
  let stopId: string;
  let ingest: (updates: Array<{ startTime: string; delay: number }>, feedTime: string) => Promise<void>;

  beforeAll(async () => {
    const trip = (await readCsv(ZIP, 'trips.txt')).find((r) => r.trip_id === TRIP);
    const call = (await readCsv(ZIP, 'stop_times.txt')).find(
      (r) => r.trip_id === TRIP && r.stop_sequence === String(SEQ),
    );
    const frequency = (await readCsv(ZIP, 'frequencies.txt')).find((r) => r.trip_id === TRIP);
    if (trip === undefined || call === undefined || frequency === undefined) throw new Error('trip 1 not as read');
    // 08:00 and 08:10 are instances: start_time 07:00:00 + k * 600 s.
    expect([seconds(frequency.start_time), Number(frequency.headway_secs)]).toEqual([seconds('07:00:00'), 600]);
    routeId = trip.route_id;
    stopId = call.stop_id;
    hub = await startHub(
      testConfig(env, {
        sourcesPath: writeSources(`sources:
  - { id: usf, kind: gtfs, url: ${ZIP}, interval: 24h, enabled: false }
  - { id: usf-rt, kind: gtfs-rt, feed: usf, urls: { tripUpdates: ${fixture('gtfs-rt/usf-bullrunner-vehiclepositions.pb')} }, interval: 15s, enabled: false }
`),
      }),
    );
    await hub.app.get(GtfsImportService).importFile('usf', ZIP, { contentHash: contentHash(readFileSync(ZIP)) });
    const source = hub.app.get(SourceRegistry).get('usf-rt') as GtfsRtSourceConfig;
    ingest = async (updates, feedTime) => {
      const message = rt.FeedMessage.fromObject({
        header: { gtfsRealtimeVersion: '2.0', incrementality: 0, timestamp: ORIGIN + seconds(feedTime) },
        entity: updates.map((u) => ({
          id: `tu-${u.startTime}`,
          tripUpdate: {
            trip: { tripId: TRIP, startDate: DATE, startTime: u.startTime },
            stopTimeUpdate: [{ stopSequence: SEQ, departure: { delay: u.delay } }],
          },
        })),
      });
      const stats = await hub.app
        .get(GtfsRtIngestService)
        .ingest(source, ['tripUpdates'], Buffer.from(rt.FeedMessage.encode(message).finish()), new Date());
      expect(stats).toMatchObject({ entities: updates.length, unmatched: { trips: 0, stops: 0, routes: 0 } });
    };
  }, 120_000);

  afterAll(async () => {
    await hub.close();
    await env.cleanup();
  });

  it('two instances of one trip on one day are two calls, each with its last reported delay', async () => {
    await ingest(
      [
        { startTime: '08:00:00', delay: 60 },
        { startTime: '08:10:00', delay: 120 },
      ],
      '08:11:00',
    );
    // The 08:10 instance reports again (08:00's update unchanged): its last report counts.
    await ingest(
      [
        { startTime: '08:00:00', delay: 60 },
        { startTime: '08:10:00', delay: 400 },
      ],
      '08:14:00',
    );
    const last = [60, 400];
    const range = `from=2019-09-16T04:00:00Z&to=2019-09-17T04:00:00Z`;
    for (const url of [
      `/v1/routes/usf:${routeId}/punctuality?${range}`,
      `/v1/stops/usf:${stopId}/punctuality?${range}`,
    ]) {
      const res = await fetch(`${hub.url}${url}`);
      expect(res.status).toBe(200);
      const { data } = (await res.json()) as { data: Punctuality };
      expect([url, data]).toEqual([
        url,
        expect.objectContaining({
          observations: 2,
          onTime: last.filter((d) => d >= -60 && d < 300).length,
          early: 0,
          late: last.filter((d) => d >= 300).length,
          delay: { p50: percentile(last, 0.5), p90: percentile(last, 0.9), p95: percentile(last, 0.95) },
        }),
      ]);
    }
  });
});
