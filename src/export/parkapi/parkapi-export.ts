import { createHash } from 'node:crypto';
import type {
  Parking,
  ParkingKind,
  ParkingStatus,
  RestrictedSpaceKind,
  TransitMode,
} from '../../parking/parking.model.js';

/**
 * ParkAPI v3 parking sites (the `/v3/parking-sites` answer: `{ items, total_count }`), field
 * names and enums as ParkAPI v3 publishes them (parkapi-sources models: ParkingSiteType,
 * PurposeType, ParkAndRideType, OpeningStatus, ExternalIdentifierType; the flat capacity_* and
 * realtime_free_capacity_* counts of its parking site inputs).
 */
export interface ParkApiV3Site {
  /** ParkAPI ids are integers: a stable 48-bit number from the hub id (the hub id is `original_uid`). */
  id: number;
  source_id: number;
  original_uid: string;
  name?: string;
  address?: string;
  type: 'CAR_PARK' | 'OFF_STREET_PARKING_GROUND' | 'ON_STREET' | 'OTHER';
  purpose: 'CAR' | 'BIKE';
  park_and_ride_type?: Array<'YES' | 'NO' | 'TRAIN' | 'BUS' | 'TRAM'>;
  operator_name?: string;
  public_url?: string;
  opening_hours?: string;
  has_fee?: boolean;
  fee_description?: string;
  /** Centimetres. */
  max_height?: number;
  external_identifiers?: Array<{ type: 'OSM'; value: string }>;
  /** Only the longest stay for everyone at all hours (`maxStayMinutes`): no type, no hours. */
  restrictions?: Array<{ max_stay: string }>;
  /** Decimal strings with 7 places, as ParkAPI v3 serialises its Decimal coordinates. */
  lat?: string;
  lon?: string;
  capacity?: number;
  capacity_disabled?: number;
  capacity_charging?: number;
  capacity_woman?: number;
  capacity_family?: number;
  capacity_carsharing?: number;
  capacity_truck?: number;
  capacity_bus?: number;
  has_realtime_data: boolean;
  realtime_opening_status?: 'OPEN' | 'CLOSED' | 'UNKNOWN';
  realtime_free_capacity?: number;
  realtime_free_capacity_disabled?: number;
  realtime_free_capacity_charging?: number;
  realtime_free_capacity_woman?: number;
  realtime_free_capacity_family?: number;
  realtime_free_capacity_carsharing?: number;
  realtime_free_capacity_truck?: number;
  realtime_free_capacity_bus?: number;
  realtime_data_updated_at?: string;
}

export interface ParkApiV3Export {
  items: ParkApiV3Site[];
  total_count: number;
}

const TYPE: Record<ParkingKind, ParkApiV3Site['type']> = {
  'car-park': 'CAR_PARK',
  'park-and-ride': 'OFF_STREET_PARKING_GROUND',
  'on-street': 'ON_STREET',
  // ParkAPI v3 has no type for a disabled-only lot or a bicycle site without more detail.
  disabled: 'OTHER',
  bicycle: 'OTHER',
  other: 'OTHER',
};

/** ParkAPI v3 has no FULL: a full car park is OPEN with realtime_free_capacity 0. */
const OPENING: Record<ParkingStatus, NonNullable<ParkApiV3Site['realtime_opening_status']>> = {
  open: 'OPEN',
  full: 'OPEN',
  closed: 'CLOSED',
  unknown: 'UNKNOWN',
};

/**
 * The restricted kinds ParkAPI v3 has count fields for (`capacity_<suffix>`,
 * `realtime_free_capacity_<suffix>`); its `restrictions` carry a type, hours and a maximum stay but
 * no count, so the other kinds' places are not written (a restriction without type holds the
 * facility's maximum stay).
 */
const RESTRICTED_FIELDS: ReadonlyArray<[RestrictedSpaceKind, 'woman' | 'family' | 'carsharing' | 'truck' | 'bus']> = [
  ['women', 'woman'],
  ['family', 'family'],
  ['carsharing', 'carsharing'],
  ['truck', 'truck'],
  ['bus', 'bus'],
];

const MODES: Record<TransitMode, 'TRAIN' | 'BUS' | 'TRAM'> = { train: 'TRAIN', bus: 'BUS', tram: 'TRAM' };

/**
 * park_and_ride_type: the public transport modes of a P+R, else YES for a P+R (its kind or the
 * detail), NO when the feed said it is not one; absent when not known.
 */
function parkAndRideType(p: Parking): ParkApiV3Site['park_and_ride_type'] {
  const modes = (p.publicTransportModes ?? []).map((m) => MODES[m]);
  if (p.kind === 'park-and-ride' || p.parkAndRide === true) return modes.length > 0 ? modes : ['YES'];
  return p.parkAndRide === false ? ['NO'] : undefined;
}

/** The facility details, in ParkAPI v3's ParkingSite fields (each left out when the hub does not know it). */
function details(p: Parking, out: ParkApiV3Site): void {
  if (p.operatorName !== undefined) out.operator_name = p.operatorName;
  if (p.url !== undefined) out.public_url = p.url;
  if (p.openingHours !== undefined) out.opening_hours = p.openingHours;
  if (p.fees?.hasFee !== undefined) out.has_fee = p.fees.hasFee;
  if (p.fees?.description !== undefined) out.fee_description = p.fees.description;
  if (p.maxHeightCm !== undefined) out.max_height = p.maxHeightCm;
  if (p.maxStayMinutes !== undefined) out.restrictions = [{ max_stay: `PT${p.maxStayMinutes}M` }];
  if (p.osmId !== undefined) out.external_identifiers = [{ type: 'OSM', value: p.osmId }];
  if (p.evCharging?.capacity != null) out.capacity_charging = p.evCharging.capacity;
  for (const [kind, suffix] of RESTRICTED_FIELDS) {
    const capacity = p.restrictedSpaces?.find((r) => r.kind === kind)?.capacity;
    if (capacity != null) out[`capacity_${suffix}`] = capacity;
  }
}

function realtimeDetails(p: Parking, out: ParkApiV3Site): void {
  if (p.evCharging?.free != null) out.realtime_free_capacity_charging = p.evCharging.free;
  for (const [kind, suffix] of RESTRICTED_FIELDS) {
    const free = p.restrictedSpaces?.find((r) => r.kind === kind)?.free;
    if (free != null) out[`realtime_free_capacity_${suffix}`] = free;
  }
}

/** A stable positive integer below 2^48 from a string id. */
export function numericId(id: string): number {
  return Number.parseInt(createHash('sha1').update(id).digest('hex').slice(0, 12), 16) || 1;
}

function site(p: Parking): ParkApiV3Site {
  // The hub serves a status and a time for every car park (unknown when it has no reading), so
  // every site has realtime data; an unknown count is left out, an unknown status is UNKNOWN.
  const out: ParkApiV3Site = {
    id: numericId(p.id),
    source_id: numericId(p.source),
    original_uid: p.id,
    type: TYPE[p.kind],
    purpose: p.kind === 'bicycle' ? 'BIKE' : 'CAR',
    has_realtime_data: true,
  };
  if (p.name !== null) out.name = p.name;
  if (p.address !== undefined) out.address = p.address;
  const rideType = parkAndRideType(p);
  if (rideType !== undefined) out.park_and_ride_type = rideType;
  if (p.location !== null) {
    out.lat = p.location.lat.toFixed(7);
    out.lon = p.location.lon.toFixed(7);
  }
  if (p.capacity !== null) out.capacity = p.capacity;
  if (p.disabled?.capacity !== undefined && p.disabled.capacity !== null) out.capacity_disabled = p.disabled.capacity;
  details(p, out);
  out.realtime_opening_status = OPENING[p.status];
  if (p.free !== null) out.realtime_free_capacity = p.free;
  if (p.disabled?.free !== undefined && p.disabled.free !== null) out.realtime_free_capacity_disabled = p.disabled.free;
  realtimeDetails(p, out);
  out.realtime_data_updated_at = p.observedAt;
  return out;
}

/** The car parks as ParkAPI v3 parking sites, in the order given. */
export function toParkApiV3(parkings: readonly Parking[]): ParkApiV3Export {
  const items = parkings.map(site);
  return { items, total_count: items.length };
}
