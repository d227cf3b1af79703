import type { FacilityRecord } from '../../../parking/parking.model.js';
import { compact } from '../shared-json/compact.util.js';
import { toNumber } from '../shared-json/value-coercion.util.js';
import { attribute, texts, type Entity } from './ngsi-attributes.js';

/** chargeType values (dataModel.Parking) that mean parking costs nothing. */
const FREE_CHARGES = new Set(['free']);

/**
 * The details an OffStreetParking / OnStreetParking / ParkingGroup entity carries: fees (chargeType:
 * `free` → no fee, any other charge → a fee; else category `free` / `feeCharged`), maximumAllowedHeight
 * (metres → cm), openingHours (schema.org strings, as given, joined by "; "), category parkAndRide.
 */
export function siteDetails(entity: Entity): Partial<FacilityRecord> {
  const categories = texts(entity, 'category').map((c) => c.toLowerCase());
  const height = toNumber(attribute(entity, 'maximumAllowedHeight')?.value);
  const hours = texts(entity, 'openingHours')
    .map((h) => h.trim())
    .filter((h) => h !== '');
  const hasFee = feeOf(texts(entity, 'chargeType'), categories);
  return compact({
    fees: hasFee === undefined ? undefined : { hasFee },
    maxHeightCm: height === undefined || height <= 0 ? undefined : Math.round(height * 100),
    openingHours: hours.length > 0 ? hours.join('; ') : undefined,
    parkAndRide: categories.includes('parkandride') ? true : undefined,
  });
}

function feeOf(charges: string[], categories: string[]): boolean | undefined {
  if (charges.length > 0) return !charges.every((c) => FREE_CHARGES.has(c.trim().toLowerCase()));
  if (categories.includes('feecharged')) return true;
  if (categories.includes('free')) return false;
  return undefined;
}
