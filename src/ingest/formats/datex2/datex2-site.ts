import type { ParkingKind } from '../../../parking/parking.model.js';
import {
  childText,
  childrenNamed,
  descendants,
  firstChild,
  firstDescendant,
  type XmlElement,
} from '../xml/xml-element.js';
import type { XmlFieldReader } from '../xml/xml-values.js';

/** v2.3/v3 use AssignedParking/applicableForUser; the 2.0 extension uses personTypeForWhichSpacesAssigned. */
const USER_TYPE_ELEMENTS = ['applicableForUser', 'personTypeForWhichSpacesAssigned'];

function mentions(scope: XmlElement | undefined, names: readonly string[], value: string): boolean {
  const wanted = value.toLowerCase();
  return names.some((name) => descendants(scope, name).some((el) => el.text.toLowerCase() === wanted));
}

/**
 * ParkingKind of a parkingRecord / parkingFacility, most specific first: a site reserved for
 * disabled users (onlyAssignedParking), a park-and-ride (parkingUsageScenario parkAndRide),
 * on-street (urbanParkingSiteType), truck parking (→ other); otherwise a car park.
 */
export function siteKind(record: XmlElement): ParkingKind {
  if (mentions(firstChild(record, 'onlyAssignedParking'), USER_TYPE_ELEMENTS, 'disabled')) return 'disabled';
  if (mentions(record, ['parkingUsageScenario'], 'parkAndRide')) return 'park-and-ride';
  if (childText(record, 'urbanParkingSiteType')?.toLowerCase() === 'onstreetparking') return 'on-street';
  if (mentions(record, ['parkingUsageScenario'], 'truckParking')) return 'other';
  return 'car-park';
}

/**
 * Spaces reserved for disabled users: the sum over the record's `assignedParkingSpaces` groups
 * whose user type is `disabled`. The nesting of those groups differs between 2.0 (indexed
 * wrapper + descriptionOfAssignedParkingSpaces), 2.3 and v3, so the group is searched, not walked.
 */
export function disabledSpaces(record: XmlElement, fields: XmlFieldReader): number | undefined {
  let total: number | undefined;
  for (const group of childrenNamed(record, 'assignedParkingSpaces')) {
    if (!mentions(group, USER_TYPE_ELEMENTS, 'disabled')) continue;
    const raw = firstDescendant(group, 'numberOfAssignedParkingSpaces')?.text;
    const count = raw === undefined ? undefined : fields.countValue('numberOfAssignedParkingSpaces', raw);
    if (count !== undefined) total = (total ?? 0) + count;
  }
  return total;
}
