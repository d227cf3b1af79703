/**
 * What the hub's config needs to know to poll the built-in demo operator
 * (see demo-operator.server.ts). Kept free of imports so config code can use it cheaply.
 */

/** Port `startDemoOperator` listens on when no port is given (0 picks a free one). */
export const DEMO_PORT = 8787;

export const DEMO_PATHS = {
  index: '/',
  parkingRecords: '/parkings/records',
  gtfsStatic: '/gtfs.zip',
  tripUpdates: '/gtfs-rt/trip-updates',
  vehiclePositions: '/gtfs-rt/vehicle-positions',
  alerts: '/gtfs-rt/alerts',
} as const;

/** The dataset id the demo records carry, as on Grand Poitiers' open-data portal. */
export const DEMO_PARKING_DATASET = 'mobilites-stationnement-des-parkings-en-temps-reel';

/**
 * Field names inside each ODS v1 record's `fields` object. They are the ones of
 * Grand Poitiers' real-time dataset, plus `etat` and `type`, which that dataset
 * does not have and the demo adds so a status and a facility kind can be mapped.
 */
export const DEMO_PARKING_FIELDS = {
  /** The operator's numeric id (number). */
  id: 'id',
  /** Display name, upper case as in the real feed (string). */
  name: 'nom',
  /** Free places (integer, 0 … capacite). */
  free: 'places',
  /** Total places (integer). */
  capacity: 'capacite',
  /** Share of places taken, in percent (number, 0 … 100). */
  occupancyPercent: 'taux_doccupation',
  /** Demo addition: "OUVERT" | "FERME" | "COMPLET". */
  status: 'etat',
  /** Demo addition: "Parking en ouvrage" | "Parking relais". */
  kind: 'type',
  /** [lat, lon] (ODS geo_point_2d order). The record's `geometry` has [lon, lat]. */
  location: 'geo_point_2d',
  /** When the count was taken, ISO 8601 with offset. */
  observedAt: 'derniere_mise_a_jour_base',
  /** When the back office last refreshed the row, ISO 8601 with offset. */
  refreshedAt: 'derniere_actualisation_bo',
} as const;

/** `etat` values and the status each stands for. */
export const DEMO_PARKING_STATES = {
  OUVERT: 'open',
  FERME: 'closed',
  COMPLET: 'full',
} as const;

/** `type` values and the facility kind each stands for. */
export const DEMO_PARKING_KINDS = {
  'Parking en ouvrage': 'car-park',
  'Parking relais': 'park-and-ride',
} as const;
