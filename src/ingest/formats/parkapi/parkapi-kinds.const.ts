import type { ParkingKind, ParkingStatus } from '../../../parking/parking.model.js';

/** ParkAPI v1 `lot_type`, compared lower-cased. Unlisted types become 'other'. */
export const V1_LOT_TYPES: Readonly<Record<string, ParkingKind>> = {
  parkhaus: 'car-park',
  tiefgarage: 'car-park',
  parkplatz: 'car-park',
  parkdeck: 'car-park',
  garage: 'car-park',
  underground: 'car-park',
  lot: 'car-park',
  'park-ride': 'park-and-ride',
  'park+ride': 'park-and-ride',
  'park-and-ride': 'park-and-ride',
  'p+r': 'park-and-ride',
  'barrierefreier-parkplatz': 'disabled',
  behindertenparkplatz: 'disabled',
  straße: 'on-street',
  strasse: 'on-street',
  straßenrand: 'on-street',
  street: 'on-street',
  fahrradparkplatz: 'bicycle',
  fahrradbox: 'bicycle',
};

/** ParkAPI v1 `state`: many/few are graded "open". nodata also forces free to null. */
export const V1_STATES: Readonly<Record<string, ParkingStatus>> = {
  open: 'open',
  many: 'open',
  few: 'open',
  full: 'full',
  closed: 'closed',
  nodata: 'unknown',
  unknown: 'unknown',
};

/** ParkAPI2 snapshot `type`; 'unknown' gives no kind. */
export const PARKAPI2_TYPES: Readonly<Record<string, ParkingKind | undefined>> = {
  underground: 'car-park',
  garage: 'car-park',
  level: 'car-park',
  lot: 'car-park',
  street: 'on-street',
  park_and_ride: 'park-and-ride',
  bus: 'other',
  unknown: undefined,
};

/** ParkAPI2 snapshot `status`. */
export const PARKAPI2_STATES: Readonly<Record<string, ParkingStatus>> = {
  open: 'open',
  closed: 'closed',
  full: 'full',
  unknown: 'unknown',
  nodata: 'unknown',
  error: 'unknown',
};

/** ParkAPI v3 ParkingSiteType. Bicycle types follow OSM bicycle_parking. */
export const V3_SITE_TYPES: Readonly<Record<string, ParkingKind>> = {
  CAR_PARK: 'car-park',
  UNDERGROUND: 'car-park',
  OFF_STREET_PARKING_GROUND: 'car-park',
  ON_STREET: 'on-street',
  GENERIC_BIKE: 'bicycle',
  WALL_LOOPS: 'bicycle',
  SAFE_WALL_LOOPS: 'bicycle',
  STANDS: 'bicycle',
  LOCKERS: 'bicycle',
  SHED: 'bicycle',
  TWO_TIER: 'bicycle',
  BUILDING: 'bicycle',
  FLOOR: 'bicycle',
  LOCKBOX: 'other',
  OTHER: 'other',
};

/** ParkAPI v3 `park_and_ride_type` values that make a site a P+R (CARPOOL is a car-pool lot). */
export const V3_PARK_AND_RIDE = new Set(['TRAIN', 'BUS', 'TRAM', 'YES']);

export const V3_OPENING_STATUS: Readonly<Record<string, ParkingStatus>> = {
  OPEN: 'open',
  CLOSED: 'closed',
  UNKNOWN: 'unknown',
};
