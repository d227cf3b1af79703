import type { TripPrediction } from '../realtime/trip-prediction.js';
import type { Alert, Departure, Vehicle } from '../transit.model.js';

export interface TripUpsert {
  prediction: TripPrediction;
  /** The trip as the feed names it (`tripId|start_date as given`), the key of its fingerprint. */
  rawKey: string;
  fingerprint: string;
}

export interface DeparturesEvent {
  stopId: string;
  departures: Departure[];
  fingerprint: string;
}

export const TRANSIT_LIVE_STATE = Symbol('TRANSIT_LIVE_STATE');

/**
 * Live transit state (Redis): trip predictions, vehicles, alerts, and the change stream events
 * `departures`, `vehicle`, `alert`. Writes of one kind are applied in one MULTI with their events.
 */
export interface TransitLiveStatePort {
  tripFingerprints(sourceId: string): Promise<Map<string, string>>;
  /** Writes predictions and fingerprints; removes trips gone from the feed (raw keys and stored keys). */
  applyTrips(
    sourceId: string,
    upserts: readonly TripUpsert[],
    removedRaw: readonly string[],
    removedKeys: readonly string[],
  ): Promise<void>;
  /** Predictions by trip key, from several sources (for one static feed). */
  predictions(sourceIds: readonly string[], keys: readonly string[]): Promise<Map<string, TripPrediction>>;
  tripsOf(sourceId: string, keys: readonly string[]): Promise<Map<string, TripPrediction>>;
  /** Every trip prediction the source holds now (the GTFS-RT export). */
  allTrips(sourceId: string): Promise<TripPrediction[]>;
  /** Trips not in the timetable that call at one of the stops. */
  extraTripsAt(sourceIds: readonly string[], stopIds: ReadonlySet<string>): Promise<TripPrediction[]>;
  /** predictions(sourceIds, keys) and extraTripsAt(sourceIds, stopIds) together, in one round trip. */
  liveAt(
    sourceIds: readonly string[],
    keys: readonly string[],
    stopIds: ReadonlySet<string>,
  ): Promise<{ predictions: Map<string, TripPrediction>; extra: TripPrediction[] }>;

  vehicles(sourceIds: readonly string[]): Promise<Vehicle[]>;
  vehicleIdsInBox(bbox: [number, number, number, number]): Promise<Set<string>>;
  /** Returns the stream cursors appended. */
  applyVehicles(sourceId: string, upserts: readonly Vehicle[], removed: readonly Vehicle[]): Promise<string[]>;

  alerts(sourceIds: readonly string[]): Promise<Alert[]>;
  applyAlerts(sourceId: string, upserts: readonly Alert[], removed: readonly Alert[]): Promise<string[]>;

  /** DIFFERENTIAL feeds: `<kind>:<entity id>` -> its index entry (JSON, see realtime/differential-feeds.ts). */
  rtEntities(sourceId: string): Promise<Map<string, string>>;
  /** Sets and removes index entries. */
  applyRtEntities(sourceId: string, set: ReadonlyMap<string, string>, removed: readonly string[]): Promise<void>;

  departureFingerprints(feedId: string, stopIds: readonly string[]): Promise<Map<string, string>>;
  appendDepartures(feedId: string, events: readonly DeparturesEvent[]): Promise<string[]>;
}
