import type { FacilityRecord, RestrictedSpaceKind } from '../../../parking/parking.model.js';
import {
  childText,
  childrenNamed,
  descendants,
  firstChild,
  firstDescendant,
  type XmlElement,
} from '../xml/xml-element.js';
import { parseDecimal, type XmlFieldReader } from '../xml/xml-values.js';
import { compact, multilingualText } from './datex2-common.js';
import { ownValue } from '../../../common/own-key.js';

/** personTypeForWhichSpacesAssigned values with a restricted kind of their own (disabled: datex2-site.ts). */
const PERSON_KINDS: Readonly<Record<string, RestrictedSpaceKind>> = { women: 'women', families: 'family' };

/** comparisonOperator values under which only lower vehicles are permitted. */
const BELOW = new Set(['lessthan', 'lessthanorequalto']);

/**
 * The details of a 2.0 parkingFacility (parkingFacilityTablePublication), by the element names that
 * readers of real 2.0 feeds use (no copy of the extension's schema was found): the `owner`'s
 * `contactName` → operatorName (the 2.0 facility names an owner, no operator), the lowest
 * `characteristicsOfPermittedVehicles/heightCharacteristic` permitting only lower vehicles
 * (lessThan, lessThanOrEqualTo; vehicleHeight in metres) → maxHeightCm, and the
 * `assignedParkingSpaces` groups' numberOfAssignedParkingSpaces: characteristicsOfVehicles-
 * ForWhichSpacesAssigned/fuelType battery → evChargingCapacity (such a group without a number:
 * evChargingPresent), personTypeForWhichSpacesAssigned women / families → restrictedCapacity
 * (disabled ones are disabledCapacity / disabledPresent, datex2-site.ts). Not
 * read, for want of an element name from the schema or a file: tariffs, opening times, equipment.
 */
export function facilityDetails(
  facility: XmlElement,
  fields: XmlFieldReader,
  lang?: string,
): Pick<
  FacilityRecord,
  'evChargingCapacity' | 'evChargingPresent' | 'restrictedCapacity' | 'maxHeightCm' | 'operatorName'
> {
  let charging: number | undefined;
  let uncountedCharging = false;
  let restricted: Partial<Record<RestrictedSpaceKind, number>> | undefined;
  for (const group of childrenNamed(facility, 'assignedParkingSpaces')) {
    const raw = firstDescendant(group, 'numberOfAssignedParkingSpaces')?.text;
    const battery = descendants(group, 'fuelType').some((el) => el.text.trim().toLowerCase() === 'battery');
    if (raw === undefined && battery) uncountedCharging = true;
    const count = raw === undefined ? undefined : fields.countValue('numberOfAssignedParkingSpaces', raw);
    if (count === undefined) continue;
    if (battery) charging = (charging ?? 0) + count;
    for (const el of descendants(group, 'personTypeForWhichSpacesAssigned')) {
      const kind = ownValue(PERSON_KINDS, el.text.trim().toLowerCase());
      if (kind !== undefined) restricted = { ...restricted, [kind]: (restricted?.[kind] ?? 0) + count };
    }
  }
  return compact({
    evChargingCapacity: charging,
    // A battery group without a number of spaces: charging places exist, uncounted (a count wins).
    evChargingPresent: charging === undefined && uncountedCharging ? true : undefined,
    restrictedCapacity: restricted,
    maxHeightCm: permittedHeightCm(facility),
    operatorName: ownerName(facility, lang),
  });
}

function permittedHeightCm(facility: XmlElement): number | undefined {
  const limits = childrenNamed(facility, 'characteristicsOfPermittedVehicles').flatMap((c) =>
    descendants(c, 'heightCharacteristic').flatMap((h) => {
      const op = childText(h, 'comparisonOperator')?.trim().toLowerCase();
      const metres = parseDecimal(childText(h, 'vehicleHeight') ?? '');
      if (op === undefined || !BELOW.has(op) || metres === undefined || metres <= 0) return [];
      return [Math.round(metres * 100)];
    }),
  );
  return limits.length > 0 ? Math.min(...limits) : undefined;
}

function ownerName(facility: XmlElement, lang?: string): string | undefined {
  for (const owner of childrenNamed(facility, 'owner')) {
    const name = multilingualText(firstChild(owner, 'contactName'), lang);
    if (name !== undefined) return name;
  }
  return undefined;
}
