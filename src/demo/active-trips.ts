import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { ScheduledStopTime, ScheduledTrip, Timetable } from './gtfs-timetable.js';
import { addDays, gtfsDate, serviceDayStartMs, toParisTime } from './paris-time.js';
import { hashUnit } from './seeded-random.js';

/** A scheduled trip running at a given instant, with its simulated real-time state. */
export interface ActiveTrip {
  trip: ScheduledTrip;
  /** Service day, YYYYMMDD (yesterday's for trips past midnight). */
  startDate: string;
  serviceDayStartMs: number;
  /** Seconds since the service day's start, now. */
  secondsIntoDay: number;
  /** Seconds late (negative = early), the same at every stop of the trip. */
  delay: number;
  canceled: boolean;
}

export interface VehicleFix {
  lat: number;
  lon: number;
  bearing: number;
  /** The stop the bus is at or heading to. */
  stop: ScheduledStopTime;
  stoppedAt: boolean;
}

/** 40 % on time, 50 % one to six minutes late, 10 % about a minute early. */
export function simulatedDelay(seed: number, startDate: string, tripId: string): number {
  const kind = hashUnit(seed, 'delay-kind', startDate, tripId);
  const size = hashUnit(seed, 'delay-size', startDate, tripId);
  if (kind < 0.4) return 0;
  if (kind < 0.9) return 60 + Math.floor(size * 21) * 15;
  return -45 - Math.floor(size * 4) * 15;
}

/** Exactly one trip per departure hour and service day is cancelled. */
export function isCanceled(timetable: Timetable, seed: number, startDate: string, trip: ScheduledTrip): boolean {
  const hour = Math.floor(trip.stopTimes[0].departure / 3600);
  const candidates = timetable.tripsByStartHour.get(hour) ?? [];
  const pick = Math.floor(hashUnit(seed, 'cancel', startDate, hour) * candidates.length);
  return candidates[pick] === trip.tripId;
}

/** Trips between their first departure and their (delayed) last arrival, today's and yesterday's. */
export function findActiveTrips(timetable: Timetable, nowMs: number, seed: number): ActiveTrip[] {
  const local = toParisTime(nowMs);
  const today = { year: local.year, month: local.month, day: local.day };
  const active: ActiveTrip[] = [];
  for (const date of [addDays(today, -1), today]) {
    const dayStart = serviceDayStartMs(date);
    const secondsIntoDay = Math.floor((nowMs - dayStart) / 1000);
    const startDate = gtfsDate(date);
    for (const trip of timetable.trips) {
      const delay = simulatedDelay(seed, startDate, trip.tripId);
      const first = trip.stopTimes[0].departure;
      const last = trip.stopTimes[trip.stopTimes.length - 1].arrival + Math.max(0, delay);
      if (secondsIntoDay < first || secondsIntoDay > last) continue;
      const canceled = isCanceled(timetable, seed, startDate, trip);
      active.push({
        trip,
        startDate,
        serviceDayStartMs: dayStart,
        secondsIntoDay,
        delay,
        canceled,
      });
    }
  }
  return active;
}

/** Where the bus is: linear between the stops it runs between on its delayed schedule. */
export function locateVehicle(active: ActiveTrip, timetable: Timetable): VehicleFix {
  const stopTimes = active.trip.stopTimes;
  const t = active.secondsIntoDay - active.delay;
  const nextIndex = stopTimes.findIndex((st) => st.arrival > t);
  if (nextIndex <= 0) {
    const stop = nextIndex === 0 ? stopTimes[0] : stopTimes[stopTimes.length - 1];
    const at = stopOf(timetable, stop);
    const neighbour = stopOf(timetable, nextIndex === 0 ? stopTimes[1] : stopTimes[stopTimes.length - 2]);
    const bearing = nextIndex === 0 ? bearingDegrees(at, neighbour) : bearingDegrees(neighbour, at);
    return { lat: at.lat, lon: at.lon, bearing, stop, stoppedAt: true };
  }
  const from = stopTimes[nextIndex - 1];
  const to = stopTimes[nextIndex];
  const a = stopOf(timetable, from);
  const b = stopOf(timetable, to);
  const f = Math.min(1, Math.max(0, (t - from.departure) / (to.arrival - from.departure)));
  return {
    lat: a.lat + (b.lat - a.lat) * f,
    lon: a.lon + (b.lon - a.lon) * f,
    bearing: bearingDegrees(a, b),
    stop: f === 0 ? from : to,
    stoppedAt: f === 0,
  };
}

function stopOf(timetable: Timetable, st: ScheduledStopTime): { lat: number; lon: number } {
  const stop = timetable.stops.get(st.stopId);
  if (stop === undefined) throw new AppException(ErrorCode.INTERNAL, `demo timetable has an unknown stop ${st.stopId}`);
  return stop;
}

/** Initial great-circle bearing, degrees clockwise from north. */
export function bearingDegrees(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const y = Math.sin((b.lon - a.lon) * rad) * Math.cos(b.lat * rad);
  const x =
    Math.cos(a.lat * rad) * Math.sin(b.lat * rad) -
    Math.sin(a.lat * rad) * Math.cos(b.lat * rad) * Math.cos((b.lon - a.lon) * rad);
  return Math.round(((Math.atan2(y, x) / rad + 360) % 360) * 10) / 10;
}
