import type { RtStopTimeUpdate, RtTripUpdate } from './rt-feed.model.js';
import {
  frequencyInstance,
  instanceSchedule,
  predictScheduledTrip,
  predictUnscheduledTrip,
  type ScheduledStop,
} from './trip-prediction.js';

const BASE = 1_700_000_000;
const schedule: ScheduledStop[] = [1, 2, 3, 4, 5].map((seq) => ({
  seq,
  stopId: `S${seq}`,
  arr: seq * 600,
  dep: seq * 600 + 30,
}));

function stu(seq: number, extra: Partial<RtStopTimeUpdate>): RtStopTimeUpdate {
  return { seq, stopId: `S${seq}`, arr: null, arrDelay: null, dep: null, depDelay: null, rel: 'scheduled', ...extra };
}

function tu(stus: RtStopTimeUpdate[], extra: Partial<RtTripUpdate> = {}): RtTripUpdate {
  return {
    entityId: 'e',
    tripId: 'T',
    routeId: null,
    directionId: null,
    startDate: null,
    startTime: null,
    relationship: 'scheduled',
    vehicleId: null,
    timestamp: null,
    delay: null,
    stus,
    ...extra,
  };
}

describe('delay propagation (GTFS-RT TripUpdate semantics)', () => {
  it('carries a delay to the following stops until the next update; stops before the first stay scheduled', () => {
    const out = predictScheduledTrip(
      tu([stu(2, { depDelay: 120 }), stu(4, { arr: BASE + 2400 - 30 })]),
      schedule,
      BASE,
    );
    expect(out.map((s) => [s.seq, s.status, s.delay])).toEqual([
      [1, 'scheduled', null],
      [2, 'predicted', 120],
      [3, 'predicted', 120],
      [4, 'predicted', -30],
      [5, 'predicted', -30],
    ]);
    expect(out[2].dep).toBe(BASE + 1830 + 120);
  });

  it('propagates over a SKIPPED stop and stops at NO_DATA', () => {
    const out = predictScheduledTrip(
      tu([stu(1, { depDelay: 60 }), stu(2, { rel: 'skipped' }), stu(4, { rel: 'no-data' })]),
      schedule,
      BASE,
    );
    expect(out.map((s) => [s.status, s.delay])).toEqual([
      ['predicted', 60],
      ['skipped', null],
      ['predicted', 60],
      ['no-data', null],
      ['scheduled', null],
    ]);
  });

  it('marks every stop of a CANCELED trip skipped, and uses the trip-level delay before any update', () => {
    expect(
      predictScheduledTrip(tu([], { relationship: 'canceled' }), schedule, BASE).every((s) => s.status === 'skipped'),
    ).toBe(true);
    const late = predictScheduledTrip(tu([], { delay: 90 }), schedule, BASE);
    expect(late.map((s) => s.delay)).toEqual([90, 90, 90, 90, 90]);
  });

  it('takes an ADDED trip as the feed gives it', () => {
    const out = predictUnscheduledTrip(
      tu([stu(0, { arr: BASE, dep: BASE + 10, depDelay: 27 })], { relationship: 'added' }),
    );
    expect(out).toEqual([{ seq: 0, stopId: 'S0', arr: BASE, dep: BASE + 10, delay: 27, status: 'predicted' }]);
  });
});

describe('frequencies.txt instances named by start_time', () => {
  // 08:00-10:00 every 30 min: instances at 08:00, 08:30, 09:00, 09:30 (GTFS reference example).
  const row = (exactTimes: boolean) => [{ startTime: 28_800, endTime: 36_000, headwaySecs: 1_800, exactTimes }];

  it('exact_times=1: only an instance start matches', () => {
    expect(frequencyInstance(row(true), 30_600)).toBe(30_600); // 08:30
    expect(frequencyInstance(row(true), 30_660)).toBeUndefined(); // 08:31
    expect(frequencyInstance(row(true), 36_000)).toBeUndefined(); // 10:00 is end_time: no instance
    expect(frequencyInstance(row(true), 27_000)).toBeUndefined(); // 07:30, before start_time
  });

  it('exact_times=0: the nearest instance within half a headway', () => {
    expect(frequencyInstance(row(false), 30_660)).toBe(30_600); // 08:31 -> 08:30
    expect(frequencyInstance(row(false), 31_500)).toBe(30_600); // 08:45, exactly half way: the earlier
    expect(frequencyInstance(row(false), 28_000)).toBe(28_800); // 07:46:40 -> 08:00
    expect(frequencyInstance(row(false), 36_500)).toBeUndefined(); // past the last instance's half headway
  });

  it("moves the template's times so that its first departure is the instance's start", () => {
    const template: ScheduledStop[] = [
      { seq: 1, stopId: 'A', arr: null, dep: 25_200 },
      { seq: 2, stopId: 'B', arr: 25_300, dep: 25_320 },
    ];
    expect(instanceSchedule(template, 30_600)).toEqual([
      { seq: 1, stopId: 'A', arr: null, dep: 30_600 },
      { seq: 2, stopId: 'B', arr: 30_700, dep: 30_720 },
    ]);
  });
});
