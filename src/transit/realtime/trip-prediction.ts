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
  /** `<tripId>|<service date or "">`; a frequencies.txt trip instance adds `|<start, s after the origin>`. */
  key: string;
  tripId: string;
  routeId: string | null;
  startDate: string | null;
  /** A frequencies.txt trip instance: its start_time (HH:MM:SS), as the feed named it. */
  startTime?: string;
  relationship: TripRelationship;
  vehicleId: string | null;
  timestamp: number | null;
  /** True when the trip is in the static timetable (stops are then the whole trip). */
  matched: boolean;
  stops: StopPrediction[];
}

export function tripKey(tripId: string, startDate: string | null, instanceStart?: number): string {
  const key = `${tripId}|${startDate ?? ''}`;
  return instanceStart === undefined ? key : `${key}|${instanceStart}`;
}

/**
 * The key a trip update is known by in the feed (its fingerprint's): trip_id, start_date and
 * start_time as given, since instances of a frequencies.txt trip differ only by start_time.
 */
export function rawTripKey(tripId: string, startDate: string | null, startTime: string | null): string {
  const key = tripKey(tripId, startDate);
  return startTime === null ? key : `${key}|${startTime}`;
}

/**
 * The instance of a frequencies.txt trip a GTFS-RT start_time names: for exact_times=1 the one
 * starting then, for exact_times=0 (times are nominal) the nearest within half a headway (on a
 * tie, the earlier).
 * Seconds after the service day's origin; undefined when none.
 */
export function frequencyInstance(
  frequencies: ReadonlyArray<{ startTime: number; endTime: number; headwaySecs: number; exactTimes: boolean }>,
  startTime: number,
): number | undefined {
  for (const f of frequencies) {
    const k = f.exactTimes
      ? (startTime - f.startTime) / f.headwaySecs
      : Math.ceil((startTime - f.startTime) / f.headwaySecs - 0.5); // nearest; a tie goes to the earlier
    if (!Number.isInteger(k) || k < 0) continue;
    const start = f.startTime + k * f.headwaySecs;
    if (start < f.endTime && Math.abs(start - startTime) * 2 <= f.headwaySecs) return start;
  }
  return undefined;
}

/** A frequency-based trip's template schedule moved to the instance starting at `instanceStart`. */
export function instanceSchedule(template: readonly ScheduledStop[], instanceStart: number): ScheduledStop[] {
  const first = template.find((s) => s.dep !== null)?.dep ?? template[0]?.arr ?? 0;
  const shift = instanceStart - first;
  return template.map((s) => ({
    ...s,
    arr: s.arr === null ? null : s.arr + shift,
    dep: s.dep === null ? null : s.dep + shift,
  }));
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
