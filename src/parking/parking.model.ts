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
  status: ParkingStatus;
  trend: ParkingTrend;
  observedAt: string;
  receivedAt: string;
  stale: boolean;
  quality: string[];
}
