import type { RtStopTimeUpdate, RtTripUpdate, TripRelationship } from './rt-feed.model.js';

/** One stop of a trip in the timetable; times are seconds after the service day's origin. */
export interface ScheduledStop {
  seq: number;
  stopId: string;
  arr: number | null;
  dep: number | null;
}

export type StopPredictionStatus = 'predicted' | 'scheduled' | 'skipped' | 'no-data';

/** A stop of a trip with its prediction: epoch seconds, null where nothing is known. */
export interface StopPrediction {
  seq: number | null;
  stopId: string | null;
  arr: number | null;
  dep: number | null;
  delay: number | null;
  status: StopPredictionStatus;
}

/** What the live state keeps per trip: enough to answer "when does it leave stop S". */
export interface TripPrediction {
  /** `<tripId>|<service date or "">` */
  key: string;
  tripId: string;
  routeId: string | null;
  startDate: string | null;
  relationship: TripRelationship;
  vehicleId: string | null;
  timestamp: number | null;
  /** True when the trip is in the static timetable (stops are then the whole trip). */
  matched: boolean;
  stops: StopPrediction[];
}

export function tripKey(tripId: string, startDate: string | null): string {
  return `${tripId}|${startDate ?? ''}`;
}

/** Finds the update of a scheduled stop: by stop_sequence, else by stop_id in order. */
function stuMatcher(stus: readonly RtStopTimeUpdate[]): (stop: ScheduledStop) => RtStopTimeUpdate | undefined {
  const bySeq = new Map<number, RtStopTimeUpdate>();
  const byStop: RtStopTimeUpdate[] = [];
  for (const s of stus) {
    if (s.seq !== null) bySeq.set(s.seq, s);
    else if (s.stopId !== null) byStop.push(s);
  }
  let next = 0;
  return (stop) => {
    const hit = bySeq.get(stop.seq);
    if (hit !== undefined) return hit;
    if (next < byStop.length && byStop[next].stopId === stop.stopId) return byStop[next++];
    return undefined;
  };
}

function delayOf(time: number | null, given: number | null, scheduled: number | null, base: number): number | null {
  if (given !== null) return given;
  if (time !== null && scheduled !== null) return time - (base + scheduled);
  return null;
}

function at(base: number, scheduled: number | null, delay: number | null): number | null {
  return scheduled === null || delay === null ? null : base + scheduled + delay;
}

/**
 * Applies a TripUpdate to the trip's timetable as the GTFS-RT spec says: a stop's delay
 * propagates to the following stops until the next update; a SKIPPED stop does not stop the
 * propagation; NO_DATA stops it; stops before the first update only get the trip-level delay.
 * `base` is the service day's origin in epoch seconds.
 */
export function predictScheduledTrip(
  tu: RtTripUpdate,
  schedule: readonly ScheduledStop[],
  base: number,
): StopPrediction[] {
  const match = stuMatcher(tu.stus);
  const out: StopPrediction[] = [];
  let carry: number | null = tu.delay;
  for (const stop of schedule) {
    const stu = match(stop);
    if (tu.relationship === 'canceled') {
      out.push({ seq: stop.seq, stopId: stop.stopId, arr: null, dep: null, delay: null, status: 'skipped' });
      continue;
    }
    if (stu === undefined) {
      const predicted = carry !== null;
      out.push({
        seq: stop.seq,
        stopId: stop.stopId,
        arr: at(base, stop.arr, carry),
        dep: at(base, stop.dep, carry),
        delay: carry,
        status: predicted ? 'predicted' : 'scheduled',
      });
      continue;
    }
    if (stu.rel === 'no-data') {
      carry = null;
      out.push({ seq: stop.seq, stopId: stop.stopId, arr: null, dep: null, delay: null, status: 'no-data' });
      continue;
    }
    let arrDelay = delayOf(stu.arr, stu.arrDelay, stop.arr, base);
    let depDelay = delayOf(stu.dep, stu.depDelay, stop.dep, base);
    arrDelay ??= depDelay ?? carry;
    depDelay ??= arrDelay;
    if (stu.rel === 'skipped') {
      // The vehicle passes without stopping; the delay before it carries over the stop.
      out.push({ seq: stop.seq, stopId: stop.stopId, arr: null, dep: null, delay: null, status: 'skipped' });
      continue;
    }
    const arr = stu.arr ?? at(base, stop.arr, arrDelay);
    const dep = stu.dep ?? at(base, stop.dep, depDelay);
    carry = depDelay;
    out.push({
      seq: stop.seq,
      stopId: stop.stopId,
      arr,
      dep,
      delay: depDelay,
      status: depDelay === null && arr === null && dep === null ? 'scheduled' : 'predicted',
    });
  }
  return out;
}

/** A trip not in the timetable (ADDED, or unknown to the static feed): only what the feed says. */
export function predictUnscheduledTrip(tu: RtTripUpdate): StopPrediction[] {
  return tu.stus.map((s) => ({
    seq: s.seq,
    stopId: s.stopId,
    arr: s.arr,
    dep: s.dep ?? s.arr,
    delay: s.depDelay ?? s.arrDelay,
    status:
      tu.relationship === 'canceled' || s.rel === 'skipped' ? 'skipped' : s.rel === 'no-data' ? 'no-data' : 'predicted',
  }));
}
