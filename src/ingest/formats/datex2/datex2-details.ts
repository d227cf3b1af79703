import type { FacilityRecord, ParkingFees, ParkingPrice, WheelchairAccess } from '../../../parking/parking.model.js';
import { attr, childText, childrenNamed, descendants, firstChild, type XmlElement } from '../xml/xml-element.js';
import { parseDecimal, type XmlFieldReader } from '../xml/xml-values.js';
import { compact, multilingualText } from './datex2-common.js';
import { ownValue } from '../../../common/own-key.js';

/**
 * The facility details a parkingRecord carries besides names, places and opening times, after the
 * DATEX II 3.0 Parking schema (ParkingRecord / ParkingSite; the 2.3 Parking extension uses the same
 * element names, read the same way): fees (`tariffsAndPayment`), the maximum vehicle height (a
 * `heightCharacteristic` barring higher vehicles), charging points (`parkingEquipmentOrServiceFacility`
 * electricChargingStation), the operator (`operator` ContactDetails), park-and-ride
 * (`parkingUsageScenario` parkAndRide), the record's page (`urlLinkAddress`), the longest stay
 * (`maximumParkingDuration`) and wheelchair access (its entrances' `accessibility`).
 */
export function recordDetails(
  record: XmlElement,
  fields: XmlFieldReader,
  lang?: string,
  contacts: ReadonlyMap<string, XmlElement> = new Map(),
): Partial<FacilityRecord> {
  return compact({
    ...charging(record, fields),
    fees: fees(firstChild(record, 'tariffsAndPayment'), lang),
    maxHeightCm: maxHeightCm(record),
    maxStayMinutes: maxStayMinutes(record),
    parkAndRide: usageScenarios(record).includes('parkandride') ? true : undefined,
    operatorName: operatorName(record, contacts, lang),
    url: text(childText(record, 'urlLinkAddress')),
    wheelchair: wheelchairAccess(record),
  });
}

/** AccessibilityEnum values that say how a wheelchair user gets in; the others (blind guidance, marked, unknown) do not. */
const WHEELCHAIR: Readonly<Record<string, WheelchairAccess>> = {
  wheelchairaccessible: 'yes',
  barrierfreeaccessible: 'yes',
  handicappedaccessible: 'yes',
  handicappedeasements: 'limited',
  none: 'no',
};
const WHEELCHAIR_RANK: Readonly<Record<WheelchairAccess, number>> = { yes: 3, limited: 2, no: 1 };

/**
 * Wheelchair access from the record's entrances (`parkingAccess/accessibility`, v2.3 and v3): the best
 * entrance wins, since one accessible entrance lets a wheelchair user in (yes over limited over no).
 */
function wheelchairAccess(record: XmlElement): WheelchairAccess | undefined {
  let best: WheelchairAccess | undefined;
  for (const access of childrenNamed(record, 'parkingAccess')) {
    for (const el of childrenNamed(access, 'accessibility')) {
      const value = ownValue(WHEELCHAIR, el.text.trim().toLowerCase());
      if (value !== undefined && (best === undefined || WHEELCHAIR_RANK[value] > WHEELCHAIR_RANK[best])) best = value;
    }
  }
  return best;
}

/**
 * The record's own `maximumParkingDuration` (seconds) in minutes, when whole and above 0; a group's or
 * a space's duration (inside groupOfParkingSpaces / parkingSpace) is about those places only.
 */
function maxStayMinutes(record: XmlElement): number | undefined {
  const seconds = parseDecimal(childText(record, 'maximumParkingDuration') ?? '');
  return seconds === undefined || seconds <= 0 || seconds % 60 !== 0 ? undefined : seconds / 60;
}

function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/** v3 nests the enumeration in an indexed wrapper (`parkingUsageScenario/parkingUsageScenario`); 2.x has it flat. */
function usageScenarios(record: XmlElement): string[] {
  return descendants(record, 'parkingUsageScenario')
    .filter((el) => el.children.length === 0)
    .map((el) => el.text.trim().toLowerCase());
}

/** ChargeType values that are not a price per parking time. */
const NOT_TIME_PRICES = new Set(['minimum', 'maximum', 'seasonticket', 'freeparking', 'unknown', 'other']);

/**
 * TariffsAndPayment → fees: `freeOfCharge` true is no fee, false a fee; without it, a charge above 0
 * in a `chargeBand` is a fee. `paymentAdditionalDescription` is the description, `urlLinkAddress` the
 * page. Prices: each `charge` of a band with a `chargeInterval` (seconds, whole minutes) and the
 * band's `chargeCurrency`, unless its `chargeType` is not a time price (minimum, maximum, season
 * ticket, free parking).
 */
function fees(tariffs: XmlElement | undefined, lang?: string): ParkingFees | undefined {
  if (tariffs === undefined) return undefined;
  const free = childText(tariffs, 'freeOfCharge')?.trim().toLowerCase();
  const bands = childrenNamed(tariffs, 'chargeBand');
  const amounts = bands.flatMap((band) =>
    childrenNamed(band, 'charge').flatMap((c) => {
      const amount = parseDecimal(childText(c, 'charge') ?? '');
      return amount === undefined ? [] : [amount];
    }),
  );
  const prices = bands.flatMap(bandPrices);
  const hasFee = free === 'true' ? false : free === 'false' ? true : amounts.some((a) => a > 0) ? true : undefined;
  const result = compact({
    hasFee,
    description: multilingualText(firstChild(tariffs, 'paymentAdditionalDescription'), lang),
    url: text(childText(tariffs, 'urlLinkAddress')),
    prices: prices.length > 0 ? prices : undefined,
  });
  return Object.keys(result).length > 0 ? result : undefined;
}

function bandPrices(band: XmlElement): ParkingPrice[] {
  const currency = text(childText(band, 'chargeCurrency'))?.toUpperCase();
  if (currency === undefined || !/^[A-Z]{3}$/.test(currency)) return [];
  return childrenNamed(band, 'charge').flatMap((c) => {
    const type = childText(c, 'chargeType')?.trim().toLowerCase();
    if (type !== undefined && NOT_TIME_PRICES.has(type)) return [];
    const amount = parseDecimal(childText(c, 'charge') ?? '');
    const seconds = parseDecimal(childText(c, 'chargeInterval') ?? '');
    if (amount === undefined || amount < 0 || seconds === undefined || seconds <= 0 || seconds % 60 !== 0) return [];
    return [{ minutes: seconds / 60, amount, currency }];
  });
}

const ABOVE = new Set(['greaterthan', 'greaterthanorequalto']);
const BELOW = new Set(['lessthan', 'lessthanorequalto']);

/**
 * The lowest height limit, in centimetres, of: a `heightCharacteristic` (comparisonOperator,
 * vehicleHeight in metres) greater than a height in the record's `prohibitedParking` or an entrance's
 * `accessProhibitedFor` (higher vehicles barred), or less than a height in its `onlyAssignedParking`
 * (only lower vehicles allowed).
 */
function maxHeightCm(record: XmlElement): number | undefined {
  const limits = [
    ...heights(firstChild(record, 'prohibitedParking'), ABOVE),
    ...childrenNamed(record, 'parkingAccess').flatMap((a) => heights(firstChild(a, 'accessProhibitedFor'), ABOVE)),
    ...heights(firstChild(record, 'onlyAssignedParking'), BELOW),
  ];
  return limits.length > 0 ? Math.min(...limits) : undefined;
}

function heights(assignment: XmlElement | undefined, operators: ReadonlySet<string>): number[] {
  return descendants(assignment, 'heightCharacteristic').flatMap((h) => {
    const op = childText(h, 'comparisonOperator')?.trim().toLowerCase();
    const metres = parseDecimal(childText(h, 'vehicleHeight') ?? '');
    if (op === undefined || !operators.has(op) || metres === undefined || metres <= 0) return [];
    return [Math.round(metres * 100)];
  });
}

/**
 * Charging points counted (chargingPoints), else whether the record's charging stations say there are
 * some (evChargingPresent, datex2 equipment without a count): an electricChargingStation equipment
 * whose `availability` is available or not given says there are some; one notAvailable (CITA's
 * rest areas list the equipment they lack so) that there are none. Some wins over none; any other
 * availability (unknown) says nothing.
 */
function charging(
  record: XmlElement,
  fields: XmlFieldReader,
): Pick<FacilityRecord, 'evChargingCapacity' | 'evChargingPresent'> {
  const count = chargingPoints(record, fields);
  if (count !== undefined) return { evChargingCapacity: count };
  let present: boolean | undefined;
  for (const { equipment } of chargingEquipment(record)) {
    const availability = childText(equipment, 'availability')?.trim().toLowerCase();
    if (availability === undefined || availability === 'available') present = true;
    else if (availability === 'notavailable') present ??= false;
  }
  return present === undefined ? {} : { evChargingPresent: present };
}

/**
 * Charging points: the sum over the record's `parkingEquipmentOrServiceFacility` (v3: inside its
 * indexed wrapper) whose `equipmentType` is electricChargingStation, each counting its
 * `electricCharging/numberOfChargingPoints`, else its `numberOfEquipmentOrServiceFacility`.
 */
function chargingPoints(record: XmlElement, fields: XmlFieldReader): number | undefined {
  let total: number | undefined;
  for (const { equipment } of chargingEquipment(record)) {
    const count =
      fields.count(firstChild(equipment, 'electricCharging'), 'numberOfChargingPoints') ??
      fields.count(equipment, 'numberOfEquipmentOrServiceFacility');
    if (count !== undefined) total = (total ?? 0) + count;
  }
  return total;
}

function chargingEquipment(record: XmlElement): Array<{ index: string | undefined; equipment: XmlElement }> {
  return childrenNamed(record, 'parkingEquipmentOrServiceFacility').flatMap((outer) => {
    const equipment = firstChild(outer, 'parkingEquipmentOrServiceFacility') ?? outer;
    const type = childText(equipment, 'equipmentType')?.trim().toLowerCase();
    return type === 'electricchargingstation'
      ? [{ index: attr(outer, 'equipmentOrServiceFacilityIndex'), equipment }]
      : [];
  });
}

/**
 * For each parkingRecord id of the given ParkingTablePublications, the equipmentOrServiceFacilityIndex
 * of its charging stations: a status names its equipment by index only.
 */
export function chargingEquipmentIndexes(tables: readonly XmlElement[]): Map<string, Set<string>> {
  const byRecord = new Map<string, Set<string>>();
  for (const table of tables) {
    for (const record of childrenNamed(table, 'parkingTable').flatMap((t) => childrenNamed(t, 'parkingRecord'))) {
      const id = attr(record, 'id');
      const indexes = chargingEquipment(record).flatMap((e) => (e.index === undefined ? [] : [e.index]));
      if (id !== undefined && indexes.length > 0) byRecord.set(id, new Set(indexes));
    }
  }
  return byRecord;
}

/**
 * v3 status: the sum of a count over the record status' indexed sub-statuses whose index a table
 * in the same document names (the disabled users' groups, the charging stations); undefined when
 * the table names none or none of them gives the count. `<wrapper index="..."><wrapper>` as the
 * XSD nests them.
 */
export function vacantOfIndexed(
  status: XmlElement,
  part: { wrapper: string; index: string; count: string },
  indexes: ReadonlySet<string> | undefined,
  fields: XmlFieldReader,
): number | undefined {
  if (indexes === undefined) return undefined;
  let total: number | undefined;
  for (const wrapper of childrenNamed(status, part.wrapper)) {
    const index = attr(wrapper, part.index);
    if (index === undefined || !indexes.has(index)) continue;
    const vacant = fields.count(firstChild(wrapper, part.wrapper), part.count);
    if (vacant !== undefined) total = (total ?? 0) + vacant;
  }
  return total;
}

/**
 * v3 status: free charging points, the `vacantEquipmentOrServiceFacilitySubitems` of the record
 * status' parkingEquipmentOrServiceFacilityStatus whose index the table gives to a charging station
 * (summed over them).
 */
export const CHARGING_FREE = {
  wrapper: 'parkingEquipmentOrServiceFacilityStatus',
  index: 'equipmentOrServiceFacilityIndex',
  count: 'vacantEquipmentOrServiceFacilitySubitems',
} as const;

/**
 * Every ContactDetails of a publication by its id (one with a contactOrganisationName or a
 * contactPersonName), for the ContactByReference elements that name one (`contactReference id`).
 */
export function contactDetailsById(publication: XmlElement): Map<string, XmlElement> {
  const byId = new Map<string, XmlElement>();
  const visit = (el: XmlElement): void => {
    const id = attr(el, 'id');
    if (
      id !== undefined &&
      !byId.has(id) &&
      (firstChild(el, 'contactOrganisationName') ?? firstChild(el, 'contactPersonName'))
    ) {
      byId.set(id, el);
    }
    for (const child of el.children) visit(child);
  };
  visit(publication);
  return byId;
}

/**
 * The first `operator` that names someone: a ContactDetails' contactOrganisationName, else its
 * contactPersonName; a ContactByReference is the ContactDetails of the same publication it names.
 */
function operatorName(
  record: XmlElement,
  contacts: ReadonlyMap<string, XmlElement>,
  lang?: string,
): string | undefined {
  for (const operator of childrenNamed(record, 'operator')) {
    const reference = attr(firstChild(operator, 'contactReference'), 'id');
    const contact = reference === undefined ? operator : contacts.get(reference);
    if (contact === undefined) continue;
    const name =
      multilingualText(firstChild(contact, 'contactOrganisationName'), lang) ??
      text(childText(contact, 'contactPersonName'));
    if (name !== undefined) return name;
  }
  return undefined;
}
