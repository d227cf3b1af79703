import type { TripPrediction } from './realtime/trip-prediction.js';
import { tripKey } from './realtime/trip-prediction.js';
import { formatGtfsTime } from './service-time.js';
import type { Departure, DepartureRoute, DepartureStatus } from './transit.model.js';

/** Beyond this many seconds late (or early) a departure is `delayed` (or `early`). */
export const ON_TIME_TOLERANCE_S = 60;

/** One scheduled call of a trip at a stop, on one service day (from the timetable). */
export interface ScheduledCall {
  tripId: string;
  routeId: string;
  headsign: string | null;
  stopId: string;
  seq: number;
  serviceDate: string;
  /** Service day origin, epoch seconds. */
  base: number;
  /** Seconds after the origin: the departure, or the arrival for an arrival-only call. */
  time: number;
  /** The trip's last stop or a stop without pickup (listed with `include=arrivals` only). */
  arrivalOnly?: boolean;
  /** The time was left blank in stop_times.txt and interpolated at import. */
  interpolated?: boolean;
  /** A frequencies.txt trip instance: when it leaves its first stop and at which headway. */
  frequency?: { startTime: number; headwaySecs: number; exactTimes: boolean };
  wheelchairAccessible?: number | null;
  bikesAllowed?: number | null;
}

export interface MergeInput {
  feedId: string;
  calls: readonly ScheduledCall[];
  /** Predictions by trip key (`tripId|date` and `tripId|`). */
  predictions: ReadonlyMap<string, TripPrediction>;
  /** Trips not in the timetable that call at one of the stops. */
  extra: readonly TripPrediction[];
  stopIds: ReadonlySet<string>;
  routes: ReadonlyMap<string, DepartureRoute>;
  from: number;
  to: number;
  limit: number;
  /** The predictions come from a gtfs-rt source without a timetable: departures say `realtimeOnly`. */
  realtimeOnly?: boolean;
}

function statusOf(delay: number): DepartureStatus {
  if (delay >= ON_TIME_TOLERANCE_S) return 'delayed';
  if (delay <= -ON_TIME_TOLERANCE_S) return 'early';
  return 'on-time';
}

function iso(epochS: number): string {
  return new Date(epochS * 1000).toISOString();
}

/** A call or extra trip's stop, by the time it is expected; its departure is built only if it is kept. */
interface Candidate {
  effective: number;
  /** The departure's trip id (`<feed>:<trip>`): the order among departures expected at the same time. */
  tripId: string;
  departure: () => Departure;
}

function routeOf(input: MergeInput, localRouteId: string | null): DepartureRoute {
  const known = localRouteId === null ? undefined : input.routes.get(localRouteId);
  return (
    known ?? {
      id: localRouteId === null ? `${input.feedId}:` : `${input.feedId}:${localRouteId}`,
      shortName: null,
      longName: null,
      color: null,
    }
  );
}

/** What the timetable says of a call besides its time: accessibility, interpolation, frequency, arrival. */
type TimetableFields = Pick<Departure, 'wheelchairAccessible' | 'bikesAllowed'> &
  Partial<Pick<Departure, 'arrivalOnly' | 'interpolated' | 'tripStartTime' | 'headwayBased' | 'headwaySecs'>>;

function timetableFields(call: ScheduledCall): TimetableFields {
  const fields: TimetableFields = {
    wheelchairAccessible: call.wheelchairAccessible ?? null,
    bikesAllowed: call.bikesAllowed ?? null,
  };
  if (call.arrivalOnly === true) fields.arrivalOnly = true;
  if (call.interpolated === true) fields.interpolated = true;
  if (call.frequency !== undefined) {
    fields.tripStartTime = formatGtfsTime(call.frequency.startTime);
    if (!call.frequency.exactTimes) {
      fields.headwayBased = true;
      fields.headwaySecs = call.frequency.headwaySecs;
    }
  }
  return fields;
}

/**
 * The keys a call's prediction may be stored under, best first: the trip on its service day, or
 * without a date; a frequencies.txt trip instance only by its own start (instances share the trip id).
 */
export function predictionKeys(call: ScheduledCall): string[] {
  if (call.frequency !== undefined) return [tripKey(call.tripId, call.serviceDate, call.frequency.startTime)];
  return [tripKey(call.tripId, call.serviceDate), tripKey(call.tripId, null)];
}

function scheduledCandidate(input: MergeInput, call: ScheduledCall): Candidate {
  const scheduled = call.base + call.time;
  const tripId = `${input.feedId}:${call.tripId}`;
  let prediction: TripPrediction | undefined;
  if (input.predictions.size > 0) for (const key of predictionKeys(call)) prediction ??= input.predictions.get(key);
  const scheduledDeparture = (): Departure => {
    const departure: Departure = {
      stopId: `${input.feedId}:${call.stopId}`,
      route: routeOf(input, call.routeId),
      tripId,
      headsign: call.headsign,
      scheduledTime: iso(scheduled),
      estimatedTime: null,
      delay: 0,
      realtime: false,
      status: 'scheduled',
      ...timetableFields(call),
    };
    if (prediction !== undefined && prediction.vehicleId !== null) departure.vehicleId = prediction.vehicleId;
    return departure;
  };
  const candidate = (effective: number, realtime?: Partial<Departure>): Candidate => ({
    effective,
    tripId,
    departure: realtime === undefined ? scheduledDeparture : () => ({ ...scheduledDeparture(), ...realtime }),
  });
  if (prediction === undefined) return candidate(scheduled);
  if (prediction.relationship === 'canceled') return candidate(scheduled, { realtime: true, status: 'canceled' });
  const stop =
    prediction.stops.find((s) => s.seq === call.seq) ?? prediction.stops.find((s) => s.stopId === call.stopId);
  if (stop === undefined || stop.status === 'scheduled' || stop.status === 'no-data') return candidate(scheduled);
  if (stop.status === 'skipped') return candidate(scheduled, { realtime: true, status: 'skipped' });
  const estimated = stop.dep ?? stop.arr ?? scheduled + (stop.delay ?? 0);
  const delay = estimated - scheduled;
  return {
    effective: estimated,
    tripId,
    departure: () => ({
      ...scheduledDeparture(),
      estimatedTime: iso(estimated),
      delay,
      realtime: true,
      status: statusOf(delay),
    }),
  };
}

function extraCandidates(input: MergeInput, trip: TripPrediction): Candidate[] {
  const tripId = `${input.feedId}:${trip.tripId}`;
  return trip.stops
    .filter((s) => s.stopId !== null && input.stopIds.has(s.stopId) && (s.dep ?? s.arr) !== null)
    .map((s) => {
      const time = (s.dep ?? s.arr) as number;
      const departure = (): Departure => {
        const d: Departure = {
          stopId: `${input.feedId}:${s.stopId}`,
          route: routeOf(input, trip.routeId),
          tripId,
          headsign: null,
          scheduledTime: iso(time),
          estimatedTime: iso(time),
          delay: s.delay ?? 0,
          realtime: true,
          wheelchairAccessible: null,
          bikesAllowed: null,
          status:
            trip.relationship === 'canceled' ? 'canceled' : s.status === 'skipped' ? 'skipped' : statusOf(s.delay ?? 0),
        };
        if (trip.vehicleId !== null) d.vehicleId = trip.vehicleId;
        if (input.realtimeOnly === true) d.realtimeOnly = true;
        return d;
      };
      return { effective: time, tripId, departure };
    });
}

/**
 * Timetable + predictions → the departures of a stop in [from, to] (epoch seconds), by the time
 * the vehicle is expected (scheduled time when there is no prediction). Pure. Only the departures
 * kept are built (the calls read include an hour before `from` and can exceed the limit).
 */
export function mergeDepartures(input: MergeInput): Departure[] {
  const candidates = [
    ...input.calls.map((c) => scheduledCandidate(input, c)),
    ...input.extra.flatMap((t) => extraCandidates(input, t)),
  ];
  return candidates
    .filter((c) => c.effective >= input.from && c.effective <= input.to)
    .sort((a, b) => a.effective - b.effective || a.tripId.localeCompare(b.tripId))
    .slice(0, input.limit)
    .map((c) => c.departure());
}
