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
import { testConfig, type Isolation } from '../support/test-env.js';
import { fixture } from './transit-support.js';

const { transit_realtime: rt } = GtfsRealtimeBindings;

/**
 * A hub with USF Bull Runner's timetable imported (every trip frequency-based, exact_times=0) and
 * a GTFS-RT source for it, fed trip updates written in the test: USF publishes none in the
 * fixtures. Shared by the integration tests of frequency-based trip instances (issue #16).
 */
export const USF_ZIP = fixture('gtfs/usf-bullrunner-gtfs.zip');
export const USF_DATE = '20190916'; // a Monday (service Mo), in the calendar's range 2015-2020
/** The service day's origin: noon minus 12 h in America/New_York, on 2019-09-16 (EDT, UTC-4) local midnight. */
export const USF_ORIGIN = Date.UTC(2019, 8, 16, 4) / 1000;

export const seconds = (t: string): number => {
  const [h, m, s] = t.trim().split(':').map(Number);
  return h * 3600 + m * 60 + s;
};

/** One file of a GTFS zip as rows (these files have no quoted fields); header names and cells trimmed. */
export async function readCsv(file: string, name: string): Promise<Array<Record<string, string>>> {
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

/** Starts a hub with sources usf (GTFS, the zip imported) and usf-rt (GTFS-RT, driven by ingestTripUpdates). */
export async function startUsfHub(env: Isolation): Promise<RunningHub> {
  const hub = await startHub(
    testConfig(env, {
      sourcesPath: writeSources(`sources:
  - { id: usf, kind: gtfs, url: ${USF_ZIP}, interval: 24h, enabled: false }
  - { id: usf-rt, kind: gtfs-rt, feed: usf, urls: { tripUpdates: ${fixture('gtfs-rt/usf-bullrunner-vehiclepositions.pb')} }, interval: 15s, enabled: false }
`),
    }),
  );
  await hub.app.get(GtfsImportService).importFile('usf', USF_ZIP, { contentHash: contentHash(readFileSync(USF_ZIP)) });
  return hub;
}

export interface TripUpdate {
  /** The feed entity's id. */
  id: string;
  tripId: string;
  /** The frequency-based instance's start_time. */
  startTime: string;
  stopSequence: number;
  delay: number;
}

/**
 * Ingests one full trip-updates feed into usf-rt, written as GTFS-RT says a frequency-based
 * trip's update is (trip_id, start_date, the instance's start_time), with a departure delay at
 * one stop_sequence; its header time is `feedTime` on USF_DATE. Every update must match.
 */
export async function ingestTripUpdates(hub: RunningHub, updates: TripUpdate[], feedTime: string): Promise<void> {
  const message = rt.FeedMessage.fromObject({
    header: { gtfsRealtimeVersion: '2.0', incrementality: 0, timestamp: USF_ORIGIN + seconds(feedTime) },
    entity: updates.map((u) => ({
      id: u.id,
      tripUpdate: {
        trip: { tripId: u.tripId, startDate: USF_DATE, startTime: u.startTime },
        stopTimeUpdate: [{ stopSequence: u.stopSequence, departure: { delay: u.delay } }],
      },
    })),
  });
  const source = hub.app.get(SourceRegistry).get('usf-rt') as GtfsRtSourceConfig;
  const stats = await hub.app
    .get(GtfsRtIngestService)
    .ingest(source, ['tripUpdates'], Buffer.from(rt.FeedMessage.encode(message).finish()), new Date());
  expect(stats).toMatchObject({ entities: updates.length, unmatched: { trips: 0, stops: 0, routes: 0 } });
}
