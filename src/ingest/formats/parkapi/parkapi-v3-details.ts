import type {
  FacilityRecord,
  OccupancyRecord,
  RestrictedSpaceKind,
  TransitMode,
} from '../../../parking/parking.model.js';
import { isoDurationMinutes } from '../../../common/iso-duration.js';
import { compact } from '../shared-json/compact.util.js';
import { isRecord } from '../shared-json/dot-path.util.js';
import { toText, toWholeNumber } from '../shared-json/value-coercion.util.js';
import { ownValue } from '../../../common/own-key.js';

type Site = Record<string, unknown>;
type Counts = Partial<Record<RestrictedSpaceKind, number>>;

/** ParkAPI v3 `ParkingAudience` (restrictions[].type) → the hub's kinds; DISABLED and CHARGING have fields of their own. */
const AUDIENCES: Readonly<Record<string, RestrictedSpaceKind | 'disabled' | 'charging'>> = {
  DISABLED: 'disabled',
  CHARGING: 'charging',
  WOMEN: 'women',
  FAMILY: 'family',
  CARSHARING: 'carsharing',
  TAXI: 'taxi',
  DELIVERY: 'delivery',
  TRUCK: 'truck',
  BUS: 'bus',
  CUSTOMER: 'customer',
  RESIDENT: 'resident',
  CARAVAN: 'caravan',
  CARGOBIKE: 'cargo-bike',
  MOTORBIKE: 'motorcycle',
};

/** The flat `capacity_<x>` / `realtime_free_capacity_<x>` fields of ParkAPI v3 before `restrictions`. */
const FLAT: ReadonlyArray<[suffix: string, kind: RestrictedSpaceKind]> = [
  ['woman', 'women'],
  ['family', 'family'],
  ['carsharing', 'carsharing'],
  ['truck', 'truck'],
  ['bus', 'bus'],
];

const MODES: Readonly<Record<string, TransitMode>> = { TRAIN: 'train', BUS: 'bus', TRAM: 'tram' };

/** The counts one restriction type carries: the first restriction of that type with a count wins. */
interface Restricted {
  capacity: Map<string, number>;
  free: Map<string, number>;
}

/**
 * The reference details of a ParkAPI v3 site: opening_hours, has_fee / fee_description,
 * max_height (cm), park_and_ride_type, operator_name, public_url, an OSM external identifier,
 * charging and restricted places from the flat capacity_* fields, else from `restrictions`, and
 * the longest stay of a restriction for everyone (maxStayMinutes). The site's own integer
 * `max_stay` is not read: no ParkAPI v3 schema says its unit.
 */
export function siteDetails(site: Site): Partial<FacilityRecord> {
  const restricted = restrictions(site);
  const rideTypes = Array.isArray(site.park_and_ride_type)
    ? site.park_and_ride_type.filter((t) => typeof t === 'string')
    : [];
  const modes = [...new Set(rideTypes.map((t) => ownValue(MODES, t)).filter((m) => m !== undefined))];
  const fees = compact({
    hasFee: typeof site.has_fee === 'boolean' ? site.has_fee : undefined,
    description: toText(site.fee_description),
  });
  return compact({
    disabledCapacity: toWholeNumber(site.capacity_disabled) ?? restricted.capacity.get('disabled'),
    evChargingCapacity: toWholeNumber(site.capacity_charging) ?? restricted.capacity.get('charging'),
    restrictedCapacity: byKind(site, 'capacity_', restricted.capacity),
    openingHours: toText(site.opening_hours),
    fees: Object.keys(fees).length > 0 ? fees : undefined,
    maxHeightCm: toWholeNumber(site.max_height),
    maxStayMinutes: maxStayOfAll(site.restrictions),
    parkAndRide: parkAndRide(rideTypes),
    publicTransportModes: modes.length > 0 ? modes : undefined,
    operatorName: toText(site.operator_name),
    osmId: osmId(site.external_identifiers),
    url: toText(site.public_url),
  });
}

/** The realtime counts of a site's charging and restricted places. */
export function siteRealtimeDetails(site: Site): Partial<OccupancyRecord> {
  const restricted = restrictions(site);
  return compact({
    disabledFree: toWholeNumber(site.realtime_free_capacity_disabled) ?? restricted.free.get('disabled'),
    evChargingFree: toWholeNumber(site.realtime_free_capacity_charging) ?? restricted.free.get('charging'),
    restrictedFree: byKind(site, 'realtime_free_capacity_', restricted.free),
  });
}

function restrictions(site: Site): Restricted {
  const out: Restricted = { capacity: new Map(), free: new Map() };
  if (!Array.isArray(site.restrictions)) return out;
  for (const item of site.restrictions) {
    if (!isRecord(item)) continue;
    const kind = ownValue(AUDIENCES, toText(item.type));
    if (kind === undefined) continue;
    const capacity = toWholeNumber(item.capacity);
    const free = toWholeNumber(item.realtime_free_capacity);
    if (capacity !== undefined && !out.capacity.has(kind)) out.capacity.set(kind, capacity);
    if (free !== undefined && !out.free.has(kind)) out.free.set(kind, free);
  }
  return out;
}

function byKind(site: Site, prefix: string, fromRestrictions: Map<string, number>): Counts | undefined {
  const counts: Counts = {};
  for (const [suffix, kind] of FLAT) {
    const value = toWholeNumber(site[`${prefix}${suffix}`]);
    if (value !== undefined) counts[kind] = value;
  }
  for (const [kind, value] of fromRestrictions) {
    if (kind === 'disabled' || kind === 'charging') continue;
    counts[kind as RestrictedSpaceKind] ??= value;
  }
  return Object.keys(counts).length > 0 ? counts : undefined;
}

/**
 * `max_stay` (ISO 8601 duration) of a restriction without `type` (it binds every user) whose
 * `hours` are absent or `24/7`: a limit only at some hours, or only for one audience, is not the
 * facility's. Months and years (no fixed length) are not read.
 */
function maxStayOfAll(restrictions: unknown): number | undefined {
  if (!Array.isArray(restrictions)) return undefined;
  for (const item of restrictions) {
    if (!isRecord(item) || item.type != null) continue;
    const hours = toText(item.hours);
    if (hours !== undefined && hours !== '24/7') continue;
    const minutes = isoDurationMinutes(item.max_stay);
    if (minutes !== undefined) return minutes;
  }
  return undefined;
}

/** YES or a mode: a P+R; NO: not one; CARPOOL alone or nothing: not said. */
function parkAndRide(types: string[]): boolean | undefined {
  if (types.some((t) => t === 'YES' || ownValue(MODES, t) !== undefined)) return true;
  return types.includes('NO') ? false : undefined;
}

function osmId(identifiers: unknown): string | undefined {
  if (!Array.isArray(identifiers)) return undefined;
  for (const item of identifiers) {
    if (isRecord(item) && item.type === 'OSM') {
      const value = typeof item.value === 'number' ? String(item.value) : toText(item.value);
      if (value !== undefined) return value;
    }
  }
  return undefined;
}
