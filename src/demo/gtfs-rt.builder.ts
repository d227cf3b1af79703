import GtfsRealtimeBindings from 'gtfs-realtime-bindings';
import { findActiveTrips, locateVehicle } from './active-trips.js';
import type { ActiveTrip } from './active-trips.js';
import type { Timetable } from './gtfs-timetable.js';
import { formatGtfsTime } from './gtfs-timetable.js';
import { addDays, serviceDayStartMs, toParisTime } from './paris-time.js';
import { DEMO_AGENCY, DEMO_LINES } from './vitalis-network.js';

const { transit_realtime } = GtfsRealtimeBindings;
type FeedEntity = GtfsRealtimeBindings.transit_realtime.IFeedEntity;

export interface RtInput {
  timetable: Timetable;
  nowMs: number;
  seed: number;
}

/** The stop the demo alert is about, and the lines that serve it. */
export const ALERT_STOP_ID = 'NOTRE_DAME';
export const ALERT_ID = 'travaux-notre-dame';

function encodeFeed(nowMs: number, entity: FeedEntity[]): Uint8Array {
  const message = transit_realtime.FeedMessage.create({
    header: {
      gtfsRealtimeVersion: '2.0',
      incrementality: transit_realtime.FeedHeader.Incrementality.FULL_DATASET,
      timestamp: Math.floor(nowMs / 1000),
    },
    entity,
  });
  return transit_realtime.FeedMessage.encode(message).finish();
}

function tripDescriptor(active: ActiveTrip): GtfsRealtimeBindings.transit_realtime.ITripDescriptor {
  const { trip } = active;
  return {
    tripId: trip.tripId,
    routeId: trip.routeId,
    directionId: trip.directionId,
    startDate: active.startDate,
    startTime: formatGtfsTime(trip.stopTimes[0].departure),
    scheduleRelationship: active.canceled
      ? transit_realtime.TripDescriptor.ScheduleRelationship.CANCELED
      : transit_realtime.TripDescriptor.ScheduleRelationship.SCHEDULED,
  };
}

function vehicleDescriptor(active: ActiveTrip): GtfsRealtimeBindings.transit_realtime.IVehicleDescriptor {
  const line = DEMO_LINES.find((l) => l.id === active.trip.routeId);
  return {
    id: `bus-${active.trip.tripId}`,
    label: `${line?.shortName ?? '?'} ${active.trip.headsign}`,
  };
}

function tripUpdateEntity(active: ActiveTrip, nowMs: number): FeedEntity {
  const base = active.serviceDayStartMs / 1000;
  const upcoming = active.canceled
    ? []
    : active.trip.stopTimes.filter((st) => st.departure + active.delay >= active.secondsIntoDay);
  return {
    id: `tu-${active.startDate}-${active.trip.tripId}`,
    tripUpdate: {
      trip: tripDescriptor(active),
      vehicle: active.canceled ? undefined : vehicleDescriptor(active),
      timestamp: Math.floor(nowMs / 1000),
      delay: active.canceled ? undefined : active.delay,
      stopTimeUpdate: upcoming.map((st) => ({
        stopSequence: st.stopSequence,
        stopId: st.stopId,
        arrival: { delay: active.delay, time: base + st.arrival + active.delay },
        departure: { delay: active.delay, time: base + st.departure + active.delay },
      })),
    },
  };
}

/** TripUpdates for every trip running now; cancelled ones carry only their descriptor. */
export function buildTripUpdates(input: RtInput): Uint8Array {
  const active = findActiveTrips(input.timetable, input.nowMs, input.seed);
  return encodeFeed(
    input.nowMs,
    active.map((a) => tripUpdateEntity(a, input.nowMs)),
  );
}

/** One position per running (not cancelled) trip. */
export function buildVehiclePositions(input: RtInput): Uint8Array {
  const active = findActiveTrips(input.timetable, input.nowMs, input.seed).filter((a) => !a.canceled);
  const { VehicleStopStatus } = transit_realtime.VehiclePosition;
  const entities = active.map((a): FeedEntity => {
    const fix = locateVehicle(a, input.timetable);
    return {
      id: `vp-${a.startDate}-${a.trip.tripId}`,
      vehicle: {
        trip: tripDescriptor(a),
        vehicle: vehicleDescriptor(a),
        position: { latitude: fix.lat, longitude: fix.lon, bearing: fix.bearing },
        currentStopSequence: fix.stop.stopSequence,
        stopId: fix.stop.stopId,
        currentStatus: fix.stoppedAt ? VehicleStopStatus.STOPPED_AT : VehicleStopStatus.IN_TRANSIT_TO,
        timestamp: Math.floor(input.nowMs / 1000),
      },
    };
  });
  return encodeFeed(input.nowMs, entities);
}

function translated(fr: string, en: string): GtfsRealtimeBindings.transit_realtime.ITranslatedString {
  return {
    translation: [
      { text: fr, language: 'fr' },
      { text: en, language: 'en' },
    ],
  };
}

/** One alert: the Notre-Dame stop moved for works, active from two days ago for two weeks. */
export function buildAlerts(input: RtInput): Uint8Array {
  const local = toParisTime(input.nowMs);
  const today = { year: local.year, month: local.month, day: local.day };
  const start = serviceDayStartMs(addDays(today, -2)) / 1000;
  const end = serviceDayStartMs(addDays(today, 12)) / 1000;
  const servingLines = DEMO_LINES.filter((l) => l.stopIds.includes(ALERT_STOP_ID));
  const { Alert } = transit_realtime;
  const alert: FeedEntity = {
    id: ALERT_ID,
    alert: {
      activePeriod: [{ start, end }],
      informedEntity: [
        { agencyId: DEMO_AGENCY.id, stopId: ALERT_STOP_ID },
        ...servingLines.map((l) => ({
          agencyId: DEMO_AGENCY.id,
          routeId: l.id,
          stopId: ALERT_STOP_ID,
        })),
      ],
      cause: Alert.Cause.CONSTRUCTION,
      effect: Alert.Effect.STOP_MOVED,
      severityLevel: Alert.SeverityLevel.WARNING,
      url: translated(`${DEMO_AGENCY.url}/alertes/${ALERT_ID}`, `${DEMO_AGENCY.url}/en/alerts/${ALERT_ID}`),
      headerText: translated('Arrêt Notre-Dame déplacé', 'Notre-Dame stop moved'),
      descriptionText: translated(
        "Travaux place Charles-de-Gaulle : l'arrêt Notre-Dame est déplacé de 50 m, rue des Cordeliers.",
        'Works on place Charles-de-Gaulle: the Notre-Dame stop has moved 50 m, to rue des Cordeliers.',
      ),
    },
  };
  return encodeFeed(input.nowMs, [alert]);
}
