import type { Parking } from './parking.model.js';

/**
 * The facility detail fields of a parking (docs/interface.md § Parking), for the specs that
 * compare details: written here, sorted, not taken from parking-details.ts, so that a field the
 * code leaves out of its own lists is still compared.
 */
export const DETAIL_FIELDS = [
  'evCharging',
  'fees',
  'maxHeightCm',
  'maxStayMinutes',
  'openingHours',
  'operatorName',
  'osmId',
  'parkAndRide',
  'publicTransportModes',
  'restrictedSpaces',
  'url',
  'wheelchair',
] as const satisfies ReadonlyArray<keyof Parking>;

/** The detail fields a parking carries, the absent ones left out. */
export function detailsOf(p: Partial<Parking>): Partial<Parking> {
  return Object.fromEntries(DETAIL_FIELDS.filter((k) => p[k] !== undefined).map((k) => [k, p[k]]));
}
