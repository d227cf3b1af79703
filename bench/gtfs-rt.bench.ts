import { readFileSync } from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import type { Redis } from 'ioredis';
import type { GtfsRtSourceConfig } from '../src/config/source-config.js';
import { SourceRegistry } from '../src/config/source-registry.service.js';
import { REDIS } from '../src/config/tokens.js';
import { RedisKeys } from '../src/infra/redis/redis-keys.js';
import { GtfsRtIngestService } from '../src/ingest/gtfs-rt/gtfs-rt-ingest.service.js';
import { decodeRtFeed } from '../src/ingest/formats/gtfs-rt/gtfs-rt-batches.js';
import { RtDecoderService } from '../src/ingest/formats/gtfs-rt/gtfs-rt-decoder.service.js';
import { decodeFeed } from '../src/ingest/formats/gtfs-rt/gtfs-rt.adapter.js';
import { report } from './bench-result.js';
import { median, startTransitContext } from './transit/bench-context.js';

/**
 * The 2.16 MB MTA Bus Time TripUpdates feed (3,547 trips, 62,928 stop time updates):
 * decode + normalise against bare FeedMessage.decode of the same bytes in the same run, then the
 * full pipeline to Redis (worker-thread decode, diff, predictions, Redis) with the event loop's
 * longest delay measured during it.
 */
const FILE = path.join(process.cwd(), 'test/fixtures/gtfs-rt/mta-bus-tripupdates-large.pb');
const ROUNDS = 20;
const PIPELINE_RUNS = 8;
const { FeedMessage } = GtfsRealtimeBindings.transit_realtime;

function timeOnce(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

/** Alternates the variants round by round so machine noise hits them alike. */
function compareDecoding(bytes: Buffer): {
  bare: number;
  normalised: number;
  withFingerprints: number;
  trips: number;
  stus: number;
} {
  const bare: number[] = [];
  const normalised: number[] = [];
  const withFingerprints: number[] = [];
  const check = decodeFeed(bytes);
  for (let i = 0; i < 5; i++) {
    FeedMessage.decode(bytes);
    decodeFeed(bytes);
    decodeRtFeed(bytes);
  }
  for (let i = 0; i < ROUNDS; i++) {
    bare.push(timeOnce(() => FeedMessage.decode(bytes)));
    normalised.push(timeOnce(() => decodeFeed(bytes)));
    withFingerprints.push(timeOnce(() => decodeRtFeed(bytes)));
  }
  const stus = check.tripUpdates.reduce((n, t) => n + t.stus.length, 0);
  return {
    bare: median(bare),
    normalised: median(normalised),
    withFingerprints: median(withFingerprints),
    trips: check.tripUpdates.length,
    stus,
  };
}

async function main(): Promise<void> {
  const bytes = readFileSync(FILE);
  const decoding = compareDecoding(bytes);
  if (decoding.trips !== 3547 || decoding.stus !== 62928)
    throw new Error(`decoded ${decoding.trips} trips, ${decoding.stus} STUs`);
  const distinctTrips = new Set(decodeFeed(bytes).tripUpdates.map((t) => `${t.tripId}|${t.startDate}`)).size;

  const ctx = await startTransitContext(`sources:
  - id: mta-bus
    kind: gtfs-rt
    feed: mta-bus-gtfs
    urls: { tripUpdates: ${FILE} }
    interval: 30s
    enabled: false
`);
  try {
    const rt = ctx.app.get(GtfsRtIngestService);
    const decoder = ctx.app.get(RtDecoderService);
    const source = ctx.app.get(SourceRegistry).get('mta-bus') as GtfsRtSourceConfig;
    const redis = ctx.app.get<Redis>(REDIS);
    const keys = ctx.app.get(RedisKeys);
    const runs: number[] = [];
    let worstDelayMs = 0;
    let unchangedMs = 0;
    for (let i = 0; i < PIPELINE_RUNS + 1; i++) {
      // Every run is a worst case: every trip changed (the fingerprints are forgotten).
      await redis.del(keys.transitTripFingerprints('mta-bus'));
      const histogram = monitorEventLoopDelay({ resolution: 1 });
      histogram.enable();
      const t0 = performance.now();
      const stats = await rt.ingest(source, ['tripUpdates'], bytes, new Date());
      const elapsed = performance.now() - t0;
      histogram.disable();
      if (stats.entities !== distinctTrips || stats.changes !== distinctTrips)
        throw new Error(`run ${i}: ${JSON.stringify(stats)}`);
      if (decoder.lastMode !== 'worker') throw new Error('the large feed was not decoded on the worker thread');
      if (i === 0) continue; // warm-up: JIT, connections, the worker thread starting
      runs.push(elapsed);
      worstDelayMs = Math.max(worstDelayMs, histogram.max / 1e6);
    }
    const t0 = performance.now();
    const again = await rt.ingest(source, ['tripUpdates'], bytes, new Date());
    unchangedMs = performance.now() - t0;
    if (again.changes !== 0) throw new Error('identical feed reported changes');
    const stored = await redis.hlen(keys.transitTrips('mta-bus'));
    report({
      bench: 'gtfs-rt',
      metrics: [
        { metric: 'bare FeedMessage.decode (median)', value: decoding.bare, unit: 'ms' },
        { metric: 'decode + normalise (median)', value: decoding.normalised, unit: 'ms' },
        {
          metric: 'decode + normalise throughput / bare decode',
          value: decoding.bare / decoding.normalised,
          unit: 'ratio',
          goal: '>= 0.5',
        },
        {
          metric: 'decode + normalise + trip fingerprints / bare decode',
          value: decoding.bare / decoding.withFingerprints,
          unit: 'ratio',
        },
        {
          metric: 'full pipeline to Redis, all trips changed (median)',
          value: median(runs),
          unit: 'ms',
          goal: '<= 1000',
        },
        { metric: 'full pipeline to Redis, all trips changed (max)', value: Math.max(...runs), unit: 'ms' },
        { metric: 'event loop longest delay during the pipeline', value: worstDelayMs, unit: 'ms', goal: '<= 50' },
        { metric: 'identical feed again (nothing changed)', value: unchangedMs, unit: 'ms' },
      ],
      notes: [
        `${bytes.length} bytes, ${decoding.trips} trip updates naming ${distinctTrips} distinct trips (trip_id + start_date), ${decoding.stus} STUs; ${ROUNDS} alternating rounds for the decode ratio, ${PIPELINE_RUNS} pipeline runs after one warm-up.`,
        `No static feed exists for MTA Bus in the fixtures: every trip is unmatched (stored as an unscheduled trip, found by stop), so the pipeline has no timetable join and no departures events; ${stored} trips in Redis.`,
      ],
    });
  } finally {
    await ctx.close();
  }
}

await main();
