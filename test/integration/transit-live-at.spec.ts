import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { GtfsRtSourceConfig } from '../../src/config/source-config.js';
import { SourceRegistry } from '../../src/config/source-registry.service.js';
import { GtfsImportService } from '../../src/ingest/gtfs/gtfs-import.service.js';
import { contentHash } from '../../src/ingest/gtfs/gtfs-static-poll.service.js';
import { GtfsRtIngestService } from '../../src/ingest/gtfs-rt/gtfs-rt-ingest.service.js';
import { TRANSIT_LIVE_STATE, type TransitLiveStatePort } from '../../src/transit/ports/transit-live-state.port.js';
import type { TripPrediction } from '../../src/transit/realtime/trip-prediction.js';
import { startHub, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, testConfig } from '../support/test-env.js';
import { fixture, transitSources } from './transit-support.js';

/** Stop ids a stored stop list (JSON) spells with commas, brackets, quotes and escapes. */
const ODD_STOPS = ['a,b', ',', '","', 'x"y', 'back\\slash', '[', ']', 'null', 'é\u2028', '', 'palo_alto', '70242'];

function unmatched(key: string, stops: Array<string | null>, relationship: 'added' | 'scheduled'): TripPrediction {
  return {
    key,
    tripId: key.split('|')[0],
    routeId: null,
    startDate: null,
    relationship,
    vehicleId: null,
    timestamp: 1_699_405_534,
    matched: false,
    stops: stops.map((stopId, seq) => ({
      seq,
      stopId,
      arr: null,
      dep: 1_699_405_534 + 60 * seq,
      delay: null,
      status: 'predicted' as const,
    })),
  };
}

/**
 * Departures at any stop (issue #18): the predictions of a stop's calls and the trips not in the
 * timetable at its stops are read in one Redis round trip (liveAt, one script). It returns exactly
 * what the two separate reads (predictions, extraTripsAt) return, in the same order.
 */
describe('live state of a departures read in one round trip', () => {
  const iso = isolation('transit_live_at');
  let hub: RunningHub;
  let live: TransitLiveStatePort;
  let keys: string[];
  let stops: string[];

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'transit-live-at-'));
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(transitSources()), dataDir }));
    const zip = fixture('gtfs/caltrain-gtfs.zip');
    await hub.app.get(GtfsImportService).importFile('caltrain', zip, { contentHash: contentHash(readFileSync(zip)) });
    const rt = hub.app.get(SourceRegistry).get('caltrain-rt') as GtfsRtSourceConfig;
    const feed = readFileSync(fixture('gtfs-rt/caltrain-tripupdates.pb'));
    await hub.app.get(GtfsRtIngestService).ingest(rt, ['tripUpdates'], feed, new Date('2023-11-08T01:05:34Z'));
    live = hub.app.get<TransitLiveStatePort>(TRANSIT_LIVE_STATE);
    // A second source holding trips not in the timetable at odd stop ids, and one trip Caltrain's feed has too.
    const caltrain = await live.allTrips('caltrain-rt');
    const shared = caltrain[0];
    const odd = [
      unmatched('odd-1|20231107', ['a,b', null, 'x"y'], 'added'),
      unmatched('odd-2|', [',', '[', ']'], 'scheduled'),
      unmatched('odd-3|20231107', ['","', 'back\\slash'], 'added'),
      unmatched('odd-4|', [null, 'null', 'é\u2028', ''], 'added'),
      unmatched('odd-5|20231107', ['palo_alto', '70242'], 'added'),
      unmatched('odd-6|', ['a,b,"x"y"', '[","]'], 'added'),
      unmatched('odd-7|', [], 'added'),
      unmatched('odd-8|', [null], 'added'),
    ];
    await live.applyTrips(
      'odd-rt',
      [...odd, { ...shared, vehicleId: 'odd-rt:other' }].map((prediction) => ({
        prediction,
        rawKey: prediction.key,
        fingerprint: prediction.key,
      })),
      [],
      [],
    );
    const all = [...caltrain, ...odd];
    keys = [...new Set(all.flatMap((p) => [p.key, `${p.tripId}|`, `${p.tripId}|20231108`, `missing-${p.tripId}|`]))];
    stops = [
      ...new Set([
        ...ODD_STOPS,
        ...caltrain.flatMap((p) => p.stops.flatMap((s) => (s.stopId === null ? [] : [s.stopId]))),
      ]),
    ];
  }, 60_000);

  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  async function separate(
    sources: string[],
    k: string[],
    at: ReadonlySet<string>,
  ): Promise<{ predictions: Map<string, TripPrediction>; extra: TripPrediction[] }> {
    return { predictions: await live.predictions(sources, k), extra: await live.extraTripsAt(sources, at) };
  }

  const asArrays = (r: { predictions: Map<string, TripPrediction>; extra: TripPrediction[] }) => ({
    predictions: [...r.predictions.entries()],
    extra: r.extra,
  });

  it('gives what the separate reads give, stop by stop, for both source orders', async () => {
    expect(stops.length).toBeGreaterThan(20);
    let withExtra = 0;
    let withPredictions = 0;
    for (const sources of [
      ['caltrain-rt', 'odd-rt'],
      ['odd-rt', 'caltrain-rt'],
      ['caltrain-rt'],
      ['odd-rt', 'no-such-rt'],
    ]) {
      for (const stop of stops) {
        const at = new Set([stop]);
        const one = await live.liveAt(sources, keys, at);
        expect(asArrays(one)).toEqual(asArrays(await separate(sources, keys, at)));
        if (one.extra.length > 0) withExtra += 1;
        if (one.predictions.size > 0) withPredictions += 1;
      }
    }
    // The odd stop ids are found where written, and only there.
    const oddAt = (stop: string) => live.liveAt(['odd-rt'], [], new Set([stop]));
    expect((await oddAt('a,b')).extra.map((p) => p.key)).toEqual(['odd-1|20231107']);
    expect((await oddAt(',')).extra.map((p) => p.key)).toEqual(['odd-2|']);
    expect((await oddAt('","')).extra.map((p) => p.key)).toEqual(['odd-3|20231107']);
    expect((await oddAt('null')).extra.map((p) => p.key)).toEqual(['odd-4|']);
    expect((await oddAt('')).extra.map((p) => p.key)).toEqual(['odd-4|']);
    expect((await oddAt('b')).extra).toEqual([]);
    expect((await oddAt('x')).extra).toEqual([]);
    expect(withExtra).toBeGreaterThan(0);
    expect(withPredictions).toBeGreaterThan(0);
  });

  it('gives what the separate reads give for several stops at once, no keys, no sources, and over 1,000 keys', async () => {
    const cases: Array<[string[], string[], Set<string>]> = [
      [['caltrain-rt', 'odd-rt'], keys, new Set(stops)],
      [['caltrain-rt', 'odd-rt'], [], new Set(ODD_STOPS)],
      [['odd-rt', 'caltrain-rt'], keys.slice(0, 7), new Set(['palo_alto', '70241', '70242', '[', 'x"y'])],
      [[], keys, new Set(stops)],
      [['caltrain-rt', 'odd-rt'], keys, new Set()],
      [
        ['caltrain-rt', 'odd-rt'],
        [...Array.from({ length: 2_500 }, (_, i) => `none-${i}|`), ...keys, ...keys.map((k) => `${k}x`)],
        new Set(['70242']),
      ],
    ];
    for (const [sources, k, at] of cases) {
      expect(asArrays(await live.liveAt(sources, k, at))).toEqual(asArrays(await separate(sources, k, at)));
    }
    const big = await live.liveAt(
      ['caltrain-rt'],
      [...Array.from({ length: 2_500 }, (_, i) => `none-${i}|`), ...keys],
      new Set(),
    );
    expect(big.predictions.size).toBe((await live.predictions(['caltrain-rt'], keys)).size);
    expect(big.predictions.size).toBeGreaterThan(0);
  });
});
