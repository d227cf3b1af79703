import type { Departure } from '../../src/transit/transit.model.js';
import type { RunningHub } from '../support/hub-app.js';
import { isolation } from '../support/test-env.js';
import {
  USF_ORIGIN as ORIGIN,
  USF_ZIP as ZIP,
  ingestTripUpdates,
  readCsv,
  seconds,
  startUsfHub,
} from './usf-frequencies-support.js';

/**
 * Realtime matched to frequencies.txt trip instances by start_time (issue #16), on USF Bull
 * Runner's timetable (every trip frequency-based, exact_times=0). USF publishes no trip updates
 * in the fixtures: the one used here is written in the test, as GTFS-RT says a frequency-based
 * trip's update is written (trip_id, start_date and the instance's start_time), with a departure
 * delay of 120 s at stop_sequence 3. Expected times are computed here from the zip's files.
 */
const TRIP = '1';
const START = '08:10:00';
const DELAY = 120;

const hms = (s: number): string =>
  [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
const iso = (epochS: number): string => new Date(epochS * 1000).toISOString();

describe('GTFS-Realtime matched to frequency-based trip instances by start_time', () => {
  const env = isolation('gtfs_rt_freq');
  let hub: RunningHub;
  let stopTimes: Array<Record<string, string>>;
  let frequency: Record<string, string>;

  beforeAll(async () => {
    stopTimes = (await readCsv(ZIP, 'stop_times.txt')).filter((r) => r.trip_id === TRIP);
    const rows = (await readCsv(ZIP, 'frequencies.txt')).filter((r) => r.trip_id === TRIP);
    expect(rows).toHaveLength(1);
    frequency = rows[0];
    hub = await startUsfHub(env);
    await ingestTripUpdates(
      hub,
      [{ id: 'tu-1', tripId: TRIP, startTime: START, stopSequence: 3, delay: DELAY }],
      '08:11:00',
    );
  }, 120_000);

  afterAll(async () => {
    await hub.close();
    await env.cleanup();
  });

  it('only the instance the trip update names gets its delay; the other instances stay scheduled', async () => {
    const third = stopTimes.find((r) => r.stop_sequence === '3');
    const first = stopTimes.find((r) => r.stop_sequence === '1');
    if (third === undefined || first === undefined) throw new Error('trip 1 has no stop_sequence 1 or 3');
    const stop = third.stop_id;
    const offset = seconds(third.departure_time) - seconds(first.departure_time);
    const headway = Number(frequency.headway_secs);
    const at = ORIGIN + seconds('08:00:00');
    const window = 30 * 60;
    // Instances of trip 1 leaving `stop` in [at, at + 30 min], from frequencies.txt (start_time + k * headway_secs).
    const expected: Array<Partial<Departure>> = [];
    for (let start = seconds(frequency.start_time); start < seconds(frequency.end_time); start += headway) {
      const scheduled = ORIGIN + start + offset;
      if (scheduled < at || scheduled > at + window) continue;
      const named = hms(start) === START;
      expected.push({
        tripId: `usf:${TRIP}`,
        stopId: `usf:${stop}`,
        scheduledTime: iso(scheduled),
        estimatedTime: named ? iso(scheduled + DELAY) : null,
        delay: named ? DELAY : 0,
        realtime: named,
        status: named ? 'delayed' : 'scheduled',
        tripStartTime: hms(start),
      });
    }
    expect(expected.map((d) => d.tripStartTime)).toEqual(['08:00:00', '08:10:00', '08:20:00']);
    const res = await fetch(`${hub.url}/v1/stops/usf:${stop}/departures?at=${iso(at)}&window=30m&limit=200`);
    const body = (await res.json()) as { data: Departure[] };
    const ofTrip = body.data
      .filter((d) => d.tripId === `usf:${TRIP}`)
      .sort((a, b) => (a.tripStartTime ?? '').localeCompare(b.tripStartTime ?? ''));
    expect(ofTrip).toEqual(expected.map((d) => expect.objectContaining(d)));
    // No other trip at the stop is touched.
    expect(body.data.filter((d) => d.realtime).map((d) => d.tripStartTime)).toEqual([START]);
  });

  it("the delay propagates to the instance's later stops, not to its earlier ones", async () => {
    const later = stopTimes.find((r) => r.stop_sequence === '5');
    const earlier = stopTimes.find((r) => r.stop_sequence === '2');
    const first = stopTimes.find((r) => r.stop_sequence === '1');
    if (later === undefined || earlier === undefined || first === undefined) throw new Error('trip 1 is short');
    const at = ORIGIN + seconds('08:00:00');
    for (const [row, delayed] of [
      [later, true],
      [earlier, false],
    ] as const) {
      const scheduled = ORIGIN + seconds(START) + seconds(row.departure_time) - seconds(first.departure_time);
      const res = await fetch(`${hub.url}/v1/stops/usf:${row.stop_id}/departures?at=${iso(at)}&window=30m&limit=200`);
      const body = (await res.json()) as { data: Departure[] };
      const named = body.data.find((d) => d.tripId === `usf:${TRIP}` && d.tripStartTime === START);
      expect(named).toMatchObject({
        scheduledTime: iso(scheduled),
        delay: delayed ? DELAY : 0,
        realtime: delayed,
      });
    }
  });
});
