/**
 * GTFS-Realtime, normalised: plain objects (structured-clone friendly, so a worker thread can
 * produce them) with local ids as the feed gives them, epoch seconds and enum names.
 */

import type { InformedEntity } from '../transit.model.js';

export type TripRelationship = 'scheduled' | 'added' | 'unscheduled' | 'canceled' | 'replacement' | 'duplicated';
export type StopRelationship = 'scheduled' | 'skipped' | 'no-data' | 'unscheduled';

export interface RtStopTimeUpdate {
  seq: number | null;
  stopId: string | null;
  /** Epoch seconds; null when the feed gives only a delay (or nothing). */
  arr: number | null;
  arrDelay: number | null;
  dep: number | null;
  depDelay: number | null;
  rel: StopRelationship;
}

export interface RtTripUpdate {
  entityId: string;
  tripId: string | null;
  routeId: string | null;
  directionId: number | null;
  startDate: string | null;
  startTime: string | null;
  relationship: TripRelationship;
  vehicleId: string | null;
  timestamp: number | null;
  /** Trip-level delay (experimental field), seconds. */
  delay: number | null;
  stus: RtStopTimeUpdate[];
}

export interface RtVehiclePosition {
  entityId: string;
  vehicleId: string;
  label: string | null;
  tripId: string | null;
  routeId: string | null;
  startDate: string | null;
  lat: number;
  lon: number;
  bearing: number | null;
  speed: number | null;
  occupancy: string | null;
  stopId: string | null;
  currentStatus: string | null;
  timestamp: number | null;
}

export interface RtTranslated {
  /** First translation, the feed's preferred one. */
  text: string | null;
  byLanguage: Record<string, string>;
}

/** An alert's informed entity: the served shape, as the feed names it. */
export type RtInformedEntity = InformedEntity;

export interface RtAlert {
  entityId: string;
  cause: string;
  effect: string;
  severity: string | null;
  header: RtTranslated;
  description: RtTranslated;
  url: RtTranslated;
  activePeriods: Array<{ start: number | null; end: number | null }>;
  informed: RtInformedEntity[];
}

export interface RtFeed {
  timestamp: number | null;
  incrementality: 'full' | 'differential';
  gtfsRealtimeVersion: string;
  tripUpdates: RtTripUpdate[];
  vehicles: RtVehiclePosition[];
  alerts: RtAlert[];
  /** Entities skipped, with why (e.g. a vehicle without a position). */
  warnings: string[];
  /** Entities marked is_deleted (DIFFERENTIAL feeds). */
  deleted: string[];
}
