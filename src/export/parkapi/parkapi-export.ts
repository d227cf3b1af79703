import { createHash } from 'node:crypto';
import type { Parking, ParkingKind, ParkingStatus } from '../../parking/parking.model.js';

/**
 * ParkAPI v3 parking sites (the `/v3/parking-sites` answer: `{ items, total_count }`), field
 * names and enums as ParkAPI v3 publishes them (parkapi-sources models: ParkingSiteType,
 * PurposeType, ParkAndRideType, OpeningStatus).
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
  park_and_ride_type?: Array<'YES'>;
  /** Decimal strings with 7 places, as ParkAPI v3 serialises its Decimal coordinates. */
  lat?: string;
  lon?: string;
  capacity?: number;
  capacity_disabled?: number;
  has_realtime_data: boolean;
  realtime_opening_status?: 'OPEN' | 'CLOSED' | 'UNKNOWN';
  realtime_free_capacity?: number;
  realtime_free_capacity_disabled?: number;
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
  if (p.kind === 'park-and-ride') out.park_and_ride_type = ['YES'];
  if (p.location !== null) {
    out.lat = p.location.lat.toFixed(7);
    out.lon = p.location.lon.toFixed(7);
  }
  if (p.capacity !== null) out.capacity = p.capacity;
  if (p.disabled?.capacity !== undefined && p.disabled.capacity !== null) out.capacity_disabled = p.disabled.capacity;
  out.realtime_opening_status = OPENING[p.status];
  if (p.free !== null) out.realtime_free_capacity = p.free;
  if (p.disabled?.free !== undefined && p.disabled.free !== null) out.realtime_free_capacity_disabled = p.disabled.free;
  out.realtime_data_updated_at = p.observedAt;
  return out;
}

/** The car parks as ParkAPI v3 parking sites, in the order given. */
export function toParkApiV3(parkings: readonly Parking[]): ParkApiV3Export {
  const items = parkings.map(site);
  return { items, total_count: items.length };
}
