import { mergeDepartures, type ScheduledCall } from './departures.merge.js';
import type { TripPrediction } from './realtime/trip-prediction.js';

const BASE = 1_699_344_000; // 2023-11-07 00:00 PST
const call = (tripId: string, time: number): ScheduledCall => ({
  tripId,
  routeId: 'L1',
  headsign: 'Tamien',
  stopId: '70242',
  seq: 21,
  serviceDate: '20231107',
  base: BASE,
  time,
});
const prediction = (
  tripId: string,
  extra: Partial<TripPrediction>,
  stop: Partial<TripPrediction['stops'][number]> = {},
): TripPrediction => ({
  key: `${tripId}|20231107`,
  tripId,
  routeId: 'L1',
  startDate: '20231107',
  relationship: 'scheduled',
  vehicleId: null,
  timestamp: null,
  matched: true,
  stops: [{ seq: 21, stopId: '70242', arr: null, dep: null, delay: null, status: 'predicted', ...stop }],
  ...extra,
});

function merge(predictions: TripPrediction[], calls: ScheduledCall[]) {
  return mergeDepartures({
    feedId: 'caltrain',
    calls,
    predictions: new Map(predictions.map((p) => [p.key, p])),
    extra: [],
    stopIds: new Set(['70242']),
    routes: new Map([['L1', { id: 'caltrain:L1', shortName: 'L1', longName: 'Local', color: 'C5C5C5' }]]),
    from: BASE + 17 * 3600,
    to: BASE + 19 * 3600,
    limit: 10,
  });
}

describe('departures merge', () => {
  it('gives each call its status and sorts by the expected time', () => {
    const t = 17 * 3600 + 600;
    const out = merge(
      [
        prediction('late', { vehicleId: 'caltrain-rt:9' }, { dep: BASE + t + 61, delay: 61 }),
        prediction('early', {}, { dep: BASE + t - 90, delay: -90 }),
        prediction('ok', {}, { dep: BASE + t + 59, delay: 59 }),
        prediction('gone', { relationship: 'canceled' }),
        prediction('passes', {}, { status: 'skipped' }),
      ],
      ['late', 'early', 'ok', 'gone', 'passes', 'plain'].map((id) => call(id, t)),
    );
    expect(out.map((d) => [d.tripId, d.status, d.delay, d.realtime])).toEqual([
      ['caltrain:early', 'early', -90, true],
      ['caltrain:gone', 'canceled', 0, true],
      ['caltrain:passes', 'skipped', 0, true],
      ['caltrain:plain', 'scheduled', 0, false],
      ['caltrain:ok', 'on-time', 59, true],
      ['caltrain:late', 'delayed', 61, true],
    ]);
    expect(out.find((d) => d.tripId === 'caltrain:late')).toMatchObject({
      vehicleId: 'caltrain-rt:9',
      estimatedTime: '2023-11-08T01:11:01.000Z',
    });
  });

  it('keeps a late vehicle scheduled before the window, drops one expected after it', () => {
    const out = merge(
      [
        prediction('a', {}, { dep: BASE + 17 * 3600 + 300, delay: 600 }),
        prediction('b', {}, { dep: BASE + 20 * 3600, delay: 3600 }),
      ],
      [call('a', 17 * 3600 - 300), call('b', 19 * 3600 - 60)],
    );
    expect(out.map((d) => d.tripId)).toEqual(['caltrain:a']);
  });
});
