import { DEMO_LINES, DEMO_STOPS, LAST_DEPARTURE_MINUTES, NIGHT_HEADWAY_MINUTES } from './vitalis-network.js';
import type { DemoLine, DemoStop } from './vitalis-network.js';

/** Bus speed used to turn stop spacing into running times (city traffic, stops included). */
const BUS_SPEED_M_PER_S = 4.5;

export interface ScheduledStopTime {
  stopId: string;
  stopSequence: number;
  /** Seconds after the service day's start; may exceed 24 h as GTFS allows. */
  arrival: number;
  departure: number;
}

export interface ScheduledTrip {
  tripId: string;
  routeId: string;
  directionId: 0 | 1;
  headsign: string;
  stopTimes: ScheduledStopTime[];
}

export interface Timetable {
  stops: ReadonlyMap<string, DemoStop>;
  trips: ScheduledTrip[];
  /** Trip ids grouped by the hour of their first departure (for per-hour cancellations). */
  tripsByStartHour: ReadonlyMap<number, string[]>;
}

export function distanceMeters(a: DemoStop, b: DemoStop): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** Whole minutes between consecutive stops, at least one. */
function hopSeconds(stops: DemoStop[]): number[] {
  return stops.slice(1).map((stop, i) => {
    const minutes = Math.ceil(distanceMeters(stops[i], stop) / BUS_SPEED_M_PER_S / 60);
    return Math.max(1, minutes) * 60;
  });
}

function formatHhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`;
}

function tripsForDirection(
  line: DemoLine,
  directionId: 0 | 1,
  stopsById: ReadonlyMap<string, DemoStop>,
): ScheduledTrip[] {
  const ids = directionId === 0 ? [...line.stopIds] : [...line.stopIds].reverse();
  const stops = ids.map((id) => stopsById.get(id) as DemoStop);
  const hops = hopSeconds(stops);
  const headsign = stops[stops.length - 1].name;
  const trip = (start: number): ScheduledTrip => {
    let t = start * 60;
    const stopTimes = ids.map((stopId, i) => {
      if (i > 0) t += hops[i - 1];
      return { stopId, stopSequence: i + 1, arrival: t, departure: t };
    });
    const tripId = `${line.id}-${directionId === 0 ? 'A' : 'R'}-${formatHhmm(start)}`;
    return { tripId, routeId: line.id, directionId, headsign, stopTimes };
  };
  const trips: ScheduledTrip[] = [];
  for (
    let start = line.firstDepartureMinutes[directionId];
    start <= LAST_DEPARTURE_MINUTES;
    start += line.headwayMinutes
  ) {
    trips.push(trip(start));
  }
  // The night service: every NIGHT_HEADWAY_MINUTES after the day's last trip, until the next
  // service day's first departure (GTFS times past 24:00 of this service day).
  const lastDay = trips[trips.length - 1].stopTimes[0].departure / 60;
  const nextFirst = 24 * 60 + line.firstDepartureMinutes[directionId];
  for (let start = lastDay + NIGHT_HEADWAY_MINUTES; start < nextFirst; start += NIGHT_HEADWAY_MINUTES) {
    trips.push(trip(start));
  }
  return trips;
}

/** The whole demo timetable; the same every day, built once at start. */
export function buildTimetable(): Timetable {
  const stops = new Map(DEMO_STOPS.map((s) => [s.id, s]));
  const trips = DEMO_LINES.flatMap((line) => [
    ...tripsForDirection(line, 0, stops),
    ...tripsForDirection(line, 1, stops),
  ]);
  const tripsByStartHour = new Map<number, string[]>();
  for (const trip of trips) {
    const hour = Math.floor(trip.stopTimes[0].departure / 3600);
    tripsByStartHour.set(hour, [...(tripsByStartHour.get(hour) ?? []), trip.tripId]);
  }
  for (const ids of tripsByStartHour.values()) ids.sort();
  return { stops, trips, tripsByStartHour };
}

/** GTFS time, HH:MM:SS with hours past 24 for trips that run after midnight. */
export function formatGtfsTime(seconds: number): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}:${pad(seconds % 60)}`;
}
