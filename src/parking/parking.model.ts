/**
 * Canonical parking model (docs/interface.md § Parking). Adapters produce the *Record types; the pipeline
 * builds Parking.
 */

export const PARKING_KINDS = ['car-park', 'park-and-ride', 'on-street', 'disabled', 'bicycle', 'other'] as const;
export type ParkingKind = (typeof PARKING_KINDS)[number];

export const PARKING_STATUSES = ['open', 'closed', 'full', 'unknown'] as const;
export type ParkingStatus = (typeof PARKING_STATUSES)[number];

export type ParkingTrend = 'filling' | 'emptying' | 'stable' | 'unknown';

export interface GeoPoint {
  lat: number;
  lon: number;
}

/**
 * Places set aside for some users, other than disabled drivers (those are `disabled`) and
 * charging points (`evCharging`). docs/interface.md § Parking.
 */
export const RESTRICTED_SPACE_KINDS = [
  'women',
  'family',
  'carsharing',
  'carpool',
  'taxi',
  'delivery',
  'customer',
  'resident',
  'truck',
  'bus',
  'caravan',
  'motorcycle',
  'electric-two-wheeler',
  'bicycle',
  'cargo-bike',
] as const;
export type RestrictedSpaceKind = (typeof RESTRICTED_SPACE_KINDS)[number];

export const WHEELCHAIR_ACCESS = ['yes', 'no', 'limited'] as const;
export type WheelchairAccess = (typeof WHEELCHAIR_ACCESS)[number];

/** Public transport a park-and-ride connects to. */
export const TRANSIT_MODES = ['train', 'bus', 'tram'] as const;
export type TransitMode = (typeof TRANSIT_MODES)[number];

export interface ParkingPrice {
  /** Parking time the amount pays for, in minutes. */
  minutes: number;
  amount: number;
  /** ISO 4217. */
  currency: string;
}

/** What parking there costs; each field absent when the feed does not say. */
export interface ParkingFees {
  hasFee?: boolean;
  /** A page about the fees. */
  url?: string;
  description?: string;
  prices?: ParkingPrice[];
}

/** Reference (static) data about one facility, as read from an operator's feed. */
export interface FacilityRecord {
  /** The operator's own id; the hub prefixes it with the source id. */
  localId: string;
  name?: string;
  kind?: ParkingKind;
  location?: GeoPoint;
  address?: string;
  capacity?: number;
  disabledCapacity?: number;
  /**
   * The feed says whether there are places for disabled drivers without counting them: true =
   * some (served `disabled: { capacity: null, free: null }`), false = none (capacity 0). A count wins.
   */
  disabledPresent?: boolean;
  /** Places with a charging point for electric vehicles. */
  evChargingCapacity?: number;
  /** As disabledPresent, for charging points (`evCharging`). */
  evChargingPresent?: boolean;
  restrictedCapacity?: Partial<Record<RestrictedSpaceKind, number>>;
  /** OpenStreetMap `opening_hours` syntax, as the feed gives it. */
  openingHours?: string;
  fees?: ParkingFees;
  /** Maximum vehicle height, in centimetres. */
  maxHeightCm?: number;
  /** Longest stay allowed, in minutes, for the facility as a whole. */
  maxStayMinutes?: number;
  parkAndRide?: boolean;
  publicTransportModes?: TransitMode[];
  operatorName?: string;
  /** OpenStreetMap element, `node/1`, `way/2`, `relation/3`, or the bare number when the feed gives no type. */
  osmId?: string;
  wheelchair?: WheelchairAccess;
  /** The operator's page about the facility. */
  url?: string;
}

/** One occupancy reading for one facility, as read from an operator's feed. */
export interface OccupancyRecord {
  localId: string;
  /** Free places. null = the operator says it does not know right now (e.g. ParkAPI "nodata"). */
  free?: number | null;
  occupied?: number;
  /** Capacity as reported with the reading (some feeds report it only here). */
  capacity?: number;
  status?: ParkingStatus;
  /** When the operator measured it; undefined = unknown (the pipeline uses the publication or receive time). */
  observedAt?: Date;
  disabledFree?: number;
  /** Free places with a charging point. */
  evChargingFree?: number;
  restrictedFree?: Partial<Record<RestrictedSpaceKind, number>>;
}

export interface ParseWarning {
  /** Short machine code, e.g. INVALID_ROW, MISSING_FIELD, UNKNOWN_STATUS. */
  code: string;
  message: string;
  /** Where: a record id, a CSV line ("line 4"), an XML path. */
  ref?: string;
}

export interface ParkingParseResult {
  facilities: FacilityRecord[];
  observations: OccupancyRecord[];
  warnings: ParseWarning[];
  /** The feed's own publication time, when it states one (used for clock-skew estimation). */
  publishedAt?: Date;
}

/** The canonical, validated object served by the API and the live feed. */
export interface Parking {
  id: string;
  source: string;
  name: string | null;
  kind: ParkingKind;
  location: GeoPoint | null;
  address?: string;
  capacity: number | null;
  free: number | null;
  occupied: number | null;
  disabled?: { capacity: number | null; free: number | null };
  evCharging?: { capacity: number | null; free: number | null };
  restrictedSpaces?: Array<{ kind: RestrictedSpaceKind; capacity: number | null; free: number | null }>;
  openingHours?: string;
  fees?: ParkingFees;
  maxHeightCm?: number;
  maxStayMinutes?: number;
  parkAndRide?: boolean;
  publicTransportModes?: TransitMode[];
  operatorName?: string;
  osmId?: string;
  wheelchair?: WheelchairAccess;
  url?: string;
  status: ParkingStatus;
  trend: ParkingTrend;
  observedAt: string;
  receivedAt: string;
  stale: boolean;
  quality: string[];
}
