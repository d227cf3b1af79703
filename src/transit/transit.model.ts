/** Canonical transit objects (docs/interface.md § Objects). Ids are `<sourceId>:<localId>`; times are ISO 8601 UTC. */

export interface LatLon {
  lat: number;
  lon: number;
}

export interface Stop {
  id: string;
  source: string;
  code: string | null;
  name: string;
  location: LatLon | null;
  /** GTFS location_type: 0 stop/platform, 1 station, 2 entrance, 3 generic node, 4 boarding area. */
  locationType: number;
  parentStation: string | null;
  wheelchairBoarding: number | null;
  distance?: number;
}

export interface Route {
  id: string;
  source: string;
  agencyId: string | null;
  shortName: string | null;
  longName: string | null;
  /** GTFS route_type (3 bus, 2 rail, 1 metro ...). */
  type: number;
  color: string | null;
  textColor: string | null;
  url: string | null;
}

export type DepartureStatus = 'scheduled' | 'on-time' | 'delayed' | 'early' | 'canceled' | 'skipped';

export interface DepartureRoute {
  id: string;
  shortName: string | null;
  longName: string | null;
  color: string | null;
}

export interface Departure {
  stopId: string;
  route: DepartureRoute;
  tripId: string;
  headsign: string | null;
  scheduledTime: string;
  estimatedTime: string | null;
  /** Seconds late (negative = early); 0 without a prediction. */
  delay: number;
  realtime: boolean;
  status: DepartureStatus;
  vehicleId?: string;
  /** trips.txt wheelchair_accessible / bikes_allowed (0 no information, 1 yes, 2 no); null when not given. */
  wheelchairAccessible: number | null;
  bikesAllowed: number | null;
  /** Present when true: the vehicle arrives here and nobody boards (last stop, pickup_type 1); `include=arrivals`. */
  arrivalOnly?: true;
  /** Present when true: stop_times.txt left this time blank; it was interpolated between timepoints. */
  interpolated?: true;
  /** A frequencies.txt trip: when this instance leaves its first stop (HH:MM:SS, GTFS-RT start_time). */
  tripStartTime?: string;
  /** frequencies.txt exact_times=0: the vehicle runs every `headwaySecs`; scheduledTime is nominal. */
  headwayBased?: true;
  headwaySecs?: number;
  /** Present when true: from a gtfs-rt source without a timetable (`feed`); the times are the feed's. */
  realtimeOnly?: true;
}

export interface Vehicle {
  id: string;
  source: string;
  routeId: string | null;
  tripId: string | null;
  label: string | null;
  location: LatLon;
  bearing?: number;
  /** m/s, as GTFS-RT gives it. */
  speed?: number;
  /** GTFS-RT OccupancyStatus name, e.g. MANY_SEATS_AVAILABLE. */
  occupancy?: string;
  stopId: string | null;
  currentStatus: string | null;
  observedAt: string;
  stale: boolean;
}

export interface ActivePeriod {
  start: string | null;
  end: string | null;
}

export interface InformedEntity {
  agencyId: string | null;
  routeId: string | null;
  routeType: number | null;
  tripId: string | null;
  stopId: string | null;
  directionId: number | null;
}

export interface Alert {
  id: string;
  source: string;
  /** GTFS-RT Cause / Effect / SeverityLevel names, e.g. MEDICAL_EMERGENCY, SIGNIFICANT_DELAYS. */
  cause: string;
  effect: string;
  severity: string | null;
  header: string | null;
  description: string | null;
  url: string | null;
  /** Every translation, by language tag ("" when the feed gives none). */
  translations: { header: Record<string, string>; description: Record<string, string>; url: Record<string, string> };
  activePeriods: ActivePeriod[];
  routes: string[];
  stops: string[];
  informedEntities: InformedEntity[];
}

/** Ids in the API: `<sourceId>:<localId>`; the local part may itself contain ':'. */
export function splitId(id: string): { source: string; localId: string } | undefined {
  const at = id.indexOf(':');
  if (at <= 0 || at === id.length - 1) return undefined;
  return { source: id.slice(0, at), localId: id.slice(at + 1) };
}
