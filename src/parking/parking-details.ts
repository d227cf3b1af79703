import {
  RESTRICTED_SPACE_KINDS,
  type FacilityRecord,
  type OccupancyRecord,
  type Parking,
  type RestrictedSpaceKind,
} from './parking.model.js';

/**
 * The facility model beyond places (docs/interface.md § Parking): charging points, restricted
 * spaces, opening hours, fees, height, park-and-ride, operator, OSM id, wheelchair access, page.
 * Each field is absent when no record says it; the count pairs (`evCharging`, each of
 * `restrictedSpaces`) follow `disabled`: present when either count is known, the other null.
 */
export function addDetails(
  parking: Parking,
  facility: FacilityRecord | undefined,
  obs: OccupancyRecord | undefined,
): void {
  if (facility?.evChargingCapacity !== undefined || obs?.evChargingFree !== undefined) {
    parking.evCharging = { capacity: facility?.evChargingCapacity ?? null, free: obs?.evChargingFree ?? null };
  }
  const restricted = restrictedSpaces(facility?.restrictedCapacity, obs?.restrictedFree);
  if (restricted !== undefined) parking.restrictedSpaces = restricted;
  if (facility === undefined) return;
  if (facility.openingHours !== undefined) parking.openingHours = facility.openingHours;
  if (facility.fees !== undefined) parking.fees = facility.fees;
  if (facility.maxHeightCm !== undefined) parking.maxHeightCm = facility.maxHeightCm;
  if (facility.parkAndRide !== undefined) parking.parkAndRide = facility.parkAndRide;
  if (facility.publicTransportModes !== undefined) parking.publicTransportModes = facility.publicTransportModes;
  if (facility.operatorName !== undefined) parking.operatorName = facility.operatorName;
  if (facility.osmId !== undefined) parking.osmId = facility.osmId;
  if (facility.wheelchair !== undefined) parking.wheelchair = facility.wheelchair;
  if (facility.url !== undefined) parking.url = facility.url;
}

/** One entry per kind either record counts, in RESTRICTED_SPACE_KINDS order (a stable comparison). */
function restrictedSpaces(
  capacity: Partial<Record<RestrictedSpaceKind, number>> | undefined,
  free: Partial<Record<RestrictedSpaceKind, number>> | undefined,
): Parking['restrictedSpaces'] {
  if (capacity === undefined && free === undefined) return undefined;
  const out: NonNullable<Parking['restrictedSpaces']> = [];
  for (const kind of RESTRICTED_SPACE_KINDS) {
    const c = capacity?.[kind];
    const f = free?.[kind];
    if (c !== undefined || f !== undefined) out.push({ kind, capacity: c ?? null, free: f ?? null });
  }
  return out.length > 0 ? out : undefined;
}

/** Whether two parkings carry the same details (the change detection's part for them). */
export function sameDetails(a: Parking, b: Parking): boolean {
  return (
    a.openingHours === b.openingHours &&
    a.maxHeightCm === b.maxHeightCm &&
    a.parkAndRide === b.parkAndRide &&
    a.operatorName === b.operatorName &&
    a.osmId === b.osmId &&
    a.wheelchair === b.wheelchair &&
    a.url === b.url &&
    a.evCharging?.capacity === b.evCharging?.capacity &&
    a.evCharging?.free === b.evCharging?.free &&
    sameJson(a.restrictedSpaces, b.restrictedSpaces) &&
    sameJson(a.fees, b.fees) &&
    sameJson(a.publicTransportModes, b.publicTransportModes)
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The reference part of the details, as the facility history row keeps it (null when there is none). */
export function referenceDetails(p: Parking): Record<string, unknown> | null {
  const details: Record<string, unknown> = {};
  if (p.evCharging?.capacity != null) details.evChargingCapacity = p.evCharging.capacity;
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
  'parkAndRide',
  'publicTransportModes',
  'operatorName',
  'osmId',
  'wheelchair',
  'url',
] as const satisfies Array<keyof Parking>;
