import { isoDurationMinutes } from '../../../common/iso-duration.js';
import type { FacilityRecord } from '../../../parking/parking.model.js';
import { compact } from '../shared-json/compact.util.js';
import { isRecord } from '../shared-json/dot-path.util.js';
import { toNumber, toText } from '../shared-json/value-coercion.util.js';
import { attribute, texts, type Entity } from './ngsi-attributes.js';

/** chargeType values (dataModel.Parking) that mean parking costs nothing. */
const FREE_CHARGES = new Set(['free']);

/**
 * The details an OffStreetParking / OnStreetParking / ParkingGroup entity carries: fees (chargeType:
 * `free` → no fee, any other charge → a fee; else category `free` / `feeCharged`; priceRatePerMinute
 * with priceCurrency → a price for 1 minute), maximumAllowedHeight (metres → cm),
 * maximumParkingDuration (an ISO 8601 duration; `maximumAllowedDuration` in the first examples) →
 * maxStayMinutes, openingHours (schema.org strings, as given, joined by "; "), category or
 * usageScenario parkAndRide, specialLocation trainStation → train, provider (its `name`, or a
 * text) → operatorName, the first seeAlso → url. Places that exist without a count: facilities
 * electricChargingStation or category forElectricalCharging → evChargingPresent, category
 * forDisabled → disabledPresent (counts, where an entity gives them: ngsi-set-aside.ts).
 */
export function siteDetails(entity: Entity): Partial<FacilityRecord> {
  const categories = lower(texts(entity, 'category'));
  const height = toNumber(attribute(entity, 'maximumAllowedHeight')?.value);
  const hours = texts(entity, 'openingHours');
  const hasFee = feeOf(lower(texts(entity, 'chargeType')), categories);
  const rate = toNumber(attribute(entity, 'priceRatePerMinute')?.value);
  const currency = texts(entity, 'priceCurrency')[0];
  const prices =
    rate !== undefined && rate >= 0 && currency !== undefined ? [{ minutes: 1, amount: rate, currency }] : undefined;
  const fees = compact({ hasFee, prices });
  const parkAndRide = [...categories, ...lower(texts(entity, 'usageScenario'))].includes('parkandride');
  const atStation = lower(texts(entity, 'specialLocation')).includes('trainstation');
  const charging =
    categories.includes('forelectricalcharging') ||
    lower(texts(entity, 'facilities')).includes('electricchargingstation');
  return compact({
    fees: Object.keys(fees).length > 0 ? fees : undefined,
    maxHeightCm: height === undefined || height <= 0 ? undefined : Math.round(height * 100),
    maxStayMinutes: isoDurationMinutes(
      (attribute(entity, 'maximumParkingDuration') ?? attribute(entity, 'maximumAllowedDuration'))?.value,
    ),
    openingHours: hours.length > 0 ? hours.join('; ') : undefined,
    parkAndRide: parkAndRide ? true : undefined,
    publicTransportModes: atStation ? ['train' as const] : undefined,
    operatorName: providerName(attribute(entity, 'provider')?.value),
    url: texts(entity, 'seeAlso')[0],
    evChargingPresent: charging ? true : undefined,
    disabledPresent: categories.includes('fordisabled') ? true : undefined,
  });
}

function lower(values: string[]): string[] {
  return values.map((v) => v.toLowerCase());
}

function feeOf(charges: string[], categories: string[]): boolean | undefined {
  if (charges.length > 0) return !charges.every((c) => FREE_CHARGES.has(c));
  if (categories.includes('feecharged')) return true;
  if (categories.includes('free')) return false;
  return undefined;
}

function providerName(value: unknown): string | undefined {
  if (typeof value === 'string') return toText(value);
  return isRecord(value) ? toText(value.name) : undefined;
}

/**
 * The details a ParkingGroup takes from its refParkingSite when it gives none of its own: those
 * the ParkingGroup spec says applications "SHOULD inspect ... at parent's level" that the hub
 * reads (maximumParkingDuration, maximumAllowedHeight). Only a site in the same payload.
 */
export function inheritFromSites(
  groups: ReadonlyArray<{ siteId: string; facility: FacilityRecord }>,
  facilities: readonly FacilityRecord[],
): void {
  for (const { siteId, facility } of groups) {
    const site = facilities.find((f) => f.localId === siteId);
    if (site === undefined) continue;
    if (facility.maxStayMinutes === undefined && site.maxStayMinutes !== undefined)
      facility.maxStayMinutes = site.maxStayMinutes;
    if (facility.maxHeightCm === undefined && site.maxHeightCm !== undefined) facility.maxHeightCm = site.maxHeightCm;
  }
}
