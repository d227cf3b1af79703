import {
  RESTRICTED_SPACE_KINDS,
  type FacilityRecord,
  type OccupancyRecord,
  type Parking,
  type ParkingFees,
  type RestrictedSpaceKind,
} from './parking.model.js';

/**
 * The facility model beyond places (docs/interface.md § Parking): charging points, restricted
 * spaces, opening hours, fees, height, longest stay, park-and-ride, operator, OSM id, wheelchair
 * access, page.
 * Each field is absent when no record says it; the count pairs (`evCharging`, each of
 * `restrictedSpaces`) follow `disabled`: present when either count is known, the other null.
 */
export function addDetails(
  parking: Parking,
  facility: FacilityRecord | undefined,
  obs: OccupancyRecord | undefined,
): void {
  const charging = countPair(facility?.evChargingCapacity, obs?.evChargingFree, facility?.evChargingPresent);
  if (charging !== undefined) parking.evCharging = charging;
  const restricted = restrictedSpaces(facility?.restrictedCapacity, obs?.restrictedFree);
  if (restricted !== undefined) parking.restrictedSpaces = restricted;
  if (facility === undefined) return;
  if (facility.openingHours !== undefined) parking.openingHours = facility.openingHours;
  if (facility.fees !== undefined) parking.fees = facility.fees;
  if (facility.maxHeightCm !== undefined) parking.maxHeightCm = facility.maxHeightCm;
  if (facility.maxStayMinutes !== undefined) parking.maxStayMinutes = facility.maxStayMinutes;
  if (facility.parkAndRide !== undefined) parking.parkAndRide = facility.parkAndRide;
  if (facility.publicTransportModes !== undefined) parking.publicTransportModes = facility.publicTransportModes;
  if (facility.operatorName !== undefined) parking.operatorName = facility.operatorName;
  if (facility.osmId !== undefined) parking.osmId = facility.osmId;
  if (facility.wheelchair !== undefined) parking.wheelchair = facility.wheelchair;
  if (facility.url !== undefined) parking.url = facility.url;
}

/**
 * `disabled` / `evCharging`: served when a count is known or the feed says whether there are any
 * (`*Present`); unknown counts are null. A feed saying there are none (present false) and giving
 * no count at all is capacity 0, as a count of 0 is.
 */
export function countPair(
  capacity: number | undefined,
  free: number | undefined,
  present: boolean | undefined,
): { capacity: number | null; free: number | null } | undefined {
  if (capacity === undefined && free === undefined && present === undefined) return undefined;
  const none = present === false && free === undefined;
  return { capacity: capacity ?? (none ? 0 : null), free: free ?? null };
}

const KIND_ORDER = new Map<string, number>(RESTRICTED_SPACE_KINDS.map((kind, i) => [kind, i]));

/** One entry per kind either record counts, in RESTRICTED_SPACE_KINDS order (a stable comparison). */
function restrictedSpaces(
  capacity: Partial<Record<RestrictedSpaceKind, number>> | undefined,
  free: Partial<Record<RestrictedSpaceKind, number>> | undefined,
): Parking['restrictedSpaces'] {
  if (capacity === undefined && free === undefined) return undefined;
  const out: NonNullable<Parking['restrictedSpaces']> = [];
  for (const kind in capacity) {
    const c = capacity[kind as RestrictedSpaceKind];
    if (c !== undefined)
      out.push({ kind: kind as RestrictedSpaceKind, capacity: c, free: free?.[kind as RestrictedSpaceKind] ?? null });
  }
  for (const kind in free) {
    const f = free[kind as RestrictedSpaceKind];
    if (f !== undefined && capacity?.[kind as RestrictedSpaceKind] === undefined) {
      out.push({ kind: kind as RestrictedSpaceKind, capacity: null, free: f });
    }
  }
  if (out.length > 1) out.sort((a, b) => (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0));
  return out.length > 0 ? out : undefined;
}

/** Whether two parkings carry the same details (the change detection's part for them). */
export function sameDetails(a: Parking, b: Parking): boolean {
  return (
    a.openingHours === b.openingHours &&
    a.maxHeightCm === b.maxHeightCm &&
    a.maxStayMinutes === b.maxStayMinutes &&
    a.parkAndRide === b.parkAndRide &&
    a.operatorName === b.operatorName &&
    a.osmId === b.osmId &&
    a.wheelchair === b.wheelchair &&
    a.url === b.url &&
    a.evCharging?.capacity === b.evCharging?.capacity &&
    a.evCharging?.free === b.evCharging?.free &&
    sameList(a.restrictedSpaces, b.restrictedSpaces, sameSpaces) &&
    sameFees(a.fees, b.fees) &&
    sameList(a.publicTransportModes, b.publicTransportModes, (x, y) => x === y)
  );
}

// Compared field by field, without JSON.stringify: this runs once per facility per poll.
function sameList<T>(a: T[] | undefined, b: T[] | undefined, same: (x: T, y: T) => boolean): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!same(a[i], b[i])) return false;
  return true;
}

type Spaces = NonNullable<Parking['restrictedSpaces']>[number];
const sameSpaces = (x: Spaces, y: Spaces): boolean =>
  x.kind === y.kind && x.capacity === y.capacity && x.free === y.free;

function sameFees(a: ParkingFees | undefined, b: ParkingFees | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return (
    a.hasFee === b.hasFee &&
    a.url === b.url &&
    a.description === b.description &&
    sameList(
      a.prices,
      b.prices,
      (x, y) => x.minutes === y.minutes && x.amount === y.amount && x.currency === y.currency,
    )
  );
}

/**
 * The reference part of the details, as the facility history row keeps it (null when there is
 * none); `disabledPresent` / `evChargingPresent` true when such places exist without a capacity.
 */
export function referenceDetails(p: Parking): Record<string, unknown> | null {
  const details: Record<string, unknown> = {};
  // Places known to exist without a count (a free count alone says as much): the pair with capacity null.
  if (p.disabled !== undefined && p.disabled.capacity === null) details.disabledPresent = true;
  if (p.evCharging?.capacity != null) details.evChargingCapacity = p.evCharging.capacity;
  else if (p.evCharging !== undefined) details.evChargingPresent = true;
  const restricted = p.restrictedSpaces?.filter((r) => r.capacity !== null);
  if (restricted !== undefined && restricted.length > 0) {
    details.restrictedCapacity = Object.fromEntries(restricted.map((r) => [r.kind, r.capacity]));
  }
  for (const key of REFERENCE_KEYS) if (p[key] !== undefined) details[key] = p[key];
  return Object.keys(details).length > 0 ? details : null;
}

const REFERENCE_KEYS = [
  'openingHours',
  'fees',
  'maxHeightCm',
  'maxStayMinutes',
  'parkAndRide',
  'publicTransportModes',
  'operatorName',
  'osmId',
  'wheelchair',
  'url',
] as const satisfies Array<keyof Parking>;
