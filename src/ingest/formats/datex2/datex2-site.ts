import type { ParkingKind } from '../../../parking/parking.model.js';
import {
  attr,
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
 * Spaces reserved for disabled users: the sum over the record's 2.x `assignedParkingSpaces` groups
 * whose user type is `disabled` (their nesting differs between 2.0, indexed wrapper +
 * descriptionOfAssignedParkingSpaces, and 2.3, so the group is searched, not walked) and its v3
 * groups of parking spaces for disabled users (below).
 */
export function disabledSpaces(record: XmlElement, fields: XmlFieldReader): number | undefined {
  let total: number | undefined;
  const add = (count: number | undefined) => {
    if (count !== undefined) total = (total ?? 0) + count;
  };
  for (const group of childrenNamed(record, 'assignedParkingSpaces')) {
    if (!mentions(group, USER_TYPE_ELEMENTS, 'disabled')) continue;
    const raw = firstDescendant(group, 'numberOfAssignedParkingSpaces')?.text;
    add(raw === undefined ? undefined : fields.countValue('numberOfAssignedParkingSpaces', raw));
  }
  for (const group of disabledGroupsOf(record)) add(fields.count(group.spaces, 'parkingNumberOfSpaces'));
  return total;
}

/**
 * Places for disabled users known to exist without a count (FacilityRecord.disabledPresent): when no
 * disabled group of the record counts its spaces (`counted`, disabledSpaces' sum, is undefined) but
 * one has no number of spaces at all (2.x numberOfAssignedParkingSpaces, v3 parkingNumberOfSpaces,
 * both optional). True or undefined: such a group never says there are none.
 */
export function disabledPresent(record: XmlElement, counted: number | undefined): true | undefined {
  if (counted !== undefined) return undefined;
  const uncounted2x = childrenNamed(record, 'assignedParkingSpaces').some(
    (group) =>
      mentions(group, USER_TYPE_ELEMENTS, 'disabled') &&
      firstDescendant(group, 'numberOfAssignedParkingSpaces') === undefined,
  );
  const uncountedV3 = disabledGroupsOf(record).some((g) => firstChild(g.spaces, 'parkingNumberOfSpaces') === undefined);
  return uncounted2x || uncountedV3 ? true : undefined;
}

/** The ParkingSpaceBasics elements a v3 group may be assigned with (ParkingAssignment). */
const GROUP_ASSIGNMENTS = ['onlyAssignedParking', 'assignedParkingAmongOthers'];

/**
 * v3 (the 3.0 Parking model): the record's `groupOfParkingSpaces` (indexed by `groupIndex`, holding a
 * `parkingSpaceBasics` of type GroupOfParkingSpaces) assigned to disabled users, i.e. whose
 * onlyAssignedParking or assignedParkingAmongOthers names `applicableForUser` disabled.
 */
function disabledGroupsOf(record: XmlElement): Array<{ index: string | undefined; spaces: XmlElement }> {
  return childrenNamed(record, 'groupOfParkingSpaces').flatMap((wrapper) => {
    const spaces = firstChild(wrapper, 'parkingSpaceBasics');
    if (spaces === undefined) return [];
    const assigned = GROUP_ASSIGNMENTS.some((name) =>
      childrenNamed(spaces, name).some((a) => mentions(a, ['applicableForUser'], 'disabled')),
    );
    return assigned ? [{ index: attr(wrapper, 'groupIndex'), spaces }] : [];
  });
}

/**
 * For each parkingRecord id of the given ParkingTablePublications, the groupIndex of its v3 groups
 * for disabled users: a ParkingStatusPublication's groupOfParkingSpacesStatus says only its
 * groupIndex, so what a group is for is known from the table alone.
 */
export function disabledGroupIndexes(tables: readonly XmlElement[]): Map<string, Set<string>> {
  const byRecord = new Map<string, Set<string>>();
  for (const table of tables) {
    for (const record of childrenNamed(table, 'parkingTable').flatMap((t) => childrenNamed(t, 'parkingRecord'))) {
      const id = attr(record, 'id');
      const indexes = disabledGroupsOf(record).flatMap((g) => (g.index === undefined ? [] : [g.index]));
      if (id !== undefined && indexes.length > 0) byRecord.set(id, new Set(indexes));
    }
  }
  return byRecord;
}
