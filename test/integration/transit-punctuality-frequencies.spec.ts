import type { Punctuality } from '../../src/transit/punctuality.service.js';
import type { RunningHub } from '../support/hub-app.js';
import { isolation } from '../support/test-env.js';
import { USF_ZIP as ZIP, ingestTripUpdates, readCsv, seconds, startUsfHub } from './usf-frequencies-support.js';

/**
 * Delays of frequency-based trip instances in the delay history (issue #16), on USF Bull
 * Runner's timetable (every trip frequency-based, exact_times=0, every 600 s). USF publishes no
 * trip updates in the fixtures: they are written here as GTFS-RT says a frequency-based trip's
 * update is (trip_id, start_date, the instance's start_time). Two instances of trip 1 on one
 * day report a delay at the same stop_sequence: they are two calls, each counted once with its
 * last report, in the route's and the stop's punctuality.
 */
const TRIP = '1';
const SEQ = 3;

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
    hub = await startUsfHub(env);
    ingest = (updates, feedTime) =>
      ingestTripUpdates(
        hub,
        updates.map((u) => ({
          id: `tu-${u.startTime}`,
          tripId: TRIP,
          startTime: u.startTime,
          stopSequence: SEQ,
          delay: u.delay,
        })),
        feedTime,
      );
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
          // percentile_cont of the sorted [60, 400]: 60 + 340 · p, p = 0.5, 0.9, 0.95.
          delay: { p50: 230, p90: 366, p95: 383 },
        }),
      ]);
    }
  });
});
