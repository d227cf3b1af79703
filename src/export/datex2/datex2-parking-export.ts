import type { Parking, ParkingStatus } from '../../parking/parking.model.js';
import {
  chargingEquipment,
  chargingStatus,
  esc,
  heightProhibition,
  openingTimes,
  operatorContact,
  siteAddressContact,
  tariffs,
  urlLink,
  wheelchairAccess,
} from './datex2-details-export.js';

export type Datex2Publication = 'table' | 'status';

export const TABLE_ID = 'mobility-hub-parking-table';
export const TABLE_VERSION = '1';

const NS = [
  'xmlns="http://datex2.eu/schema/3/messageContainer"',
  'xmlns:com="http://datex2.eu/schema/3/common"',
  'xmlns:loc="http://datex2.eu/schema/3/locationReferencing"',
  'xmlns:par="http://datex2.eu/schema/3/parking"',
  'xmlns:ex="http://datex2.eu/schema/3/exchangeInformation"',
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"',
].join(' ');

function header(type: string, at: string): string {
  return [
    `<payload xsi:type="par:${type}" lang="en" modelBaseVersion="3">`,
    `<com:publicationTime>${at}</com:publicationTime>`,
    '<com:publicationCreator><com:country>eu</com:country><com:nationalIdentifier>mobility-hub</com:nationalIdentifier></com:publicationCreator>',
  ].join('');
}

const HEADER_INFORMATION =
  '<par:headerInformation><com:confidentiality>noRestriction</com:confidentiality><com:informationStatus>real</com:informationStatus></par:headerInformation>';

/**
 * The groupIndex of the group of spaces for disabled users, in the table
 * (ParkingRecord.groupOfParkingSpaces) and the status (ParkingRecordStatus.groupOfParkingSpacesStatus).
 */
export const DISABLED_GROUP_INDEX = 1;
/** ParkingTypeOfGroupEnum: the hub knows how many spaces are for disabled users, not where they are. */
export const DISABLED_GROUP_TYPE = 'statisticsOnly';

/** The disabled places of a car park that the table can carry (a GroupOfParkingSpaces needs its number of spaces). */
export function disabledCapacity(p: Parking): number | null {
  return p.disabled?.capacity ?? null;
}
/**
 * The free disabled places the status carries: only for a group the table defines (what a group is
 * for is said in the table alone), so not for a car park without a position, which is not in the table.
 */
export function disabledFree(p: Parking): number | null {
  return disabledCapacity(p) === null || p.location === null ? null : (p.disabled?.free ?? null);
}

/**
 * The 3.0 Parking model's places for disabled users: a groupOfParkingSpaces (indexed by
 * groupIndex) holding a GroupOfParkingSpaces, reserved to them (onlyAssignedParking), with its
 * parkingNumberOfSpaces and parkingTypeOfGroup (both required), in that order.
 */
function disabledGroup(p: Parking): string {
  const capacity = disabledCapacity(p);
  if (capacity === null) return '';
  return [
    `<par:groupOfParkingSpaces groupIndex="${DISABLED_GROUP_INDEX}"><par:parkingSpaceBasics xsi:type="par:GroupOfParkingSpaces">`,
    '<par:onlyAssignedParking><par:applicableForUser>disabled</par:applicableForUser></par:onlyAssignedParking>',
    `<par:parkingNumberOfSpaces>${capacity}</par:parkingNumberOfSpaces>`,
    `<par:parkingTypeOfGroup>${DISABLED_GROUP_TYPE}</par:parkingTypeOfGroup>`,
    '</par:parkingSpaceBasics></par:groupOfParkingSpaces>',
  ].join('');
}

/** The status of that group: a GroupOfParkingSpacesStatus (a ParkingOccupancy) in its indexed wrapper. */
function disabledGroupStatus(p: Parking): string {
  const free = disabledFree(p);
  if (free === null) return '';
  return [
    `<par:groupOfParkingSpacesStatus groupIndex="${DISABLED_GROUP_INDEX}"><par:groupOfParkingSpacesStatus>`,
    `<par:parkingNumberOfVacantSpaces>${free}</par:parkingNumberOfVacantSpaces>`,
    '</par:groupOfParkingSpacesStatus></par:groupOfParkingSpacesStatus>',
  ].join('');
}

/** Whether the table says the car park is a park-and-ride (its kind, or the detail on another kind). */
export function isParkAndRide(p: Parking): boolean {
  return p.kind === 'park-and-ride' || p.parkAndRide === true;
}

/**
 * One parkingRecord: name, capacity, page, operator, position, what says its kind (usage scenario,
 * site type, assigned users), height limit, fees, charging points, disabled places, opening times,
 * in the order of the ParkingRecord, ParkingSite and UrbanParkingSite sequences.
 */
function record(p: Parking, at: string): string {
  const parts = [`<par:parkingRecord xsi:type="par:UrbanParkingSite" id="${esc(p.id)}" version="1">`];
  if (p.name !== null) {
    parts.push(
      `<par:parkingName><com:values><com:value lang="en">${esc(p.name)}</com:value></com:values></par:parkingName>`,
    );
  }
  parts.push(`<par:parkingRecordVersionTime>${at}</par:parkingRecordVersionTime>`);
  if (p.capacity !== null) parts.push(`<par:parkingNumberOfSpaces>${p.capacity}</par:parkingNumberOfSpaces>`);
  // ParkingRecord: maximumParkingDuration (seconds), then urlLinkAddress and operator, before parkingLocation.
  if (p.maxStayMinutes !== undefined) {
    parts.push(`<par:maximumParkingDuration>${p.maxStayMinutes * 60}</par:maximumParkingDuration>`);
  }
  parts.push(urlLink(p), operatorContact(p));
  if (p.location !== null) {
    parts.push(
      '<par:parkingLocation xsi:type="loc:PointLocation"><loc:pointByCoordinates><loc:pointCoordinates>',
      `<loc:latitude>${p.location.lat}</loc:latitude><loc:longitude>${p.location.lon}</loc:longitude>`,
      '</loc:pointCoordinates></loc:pointByCoordinates></par:parkingLocation>',
    );
  }
  if (p.kind === 'disabled') {
    parts.push(
      '<par:onlyAssignedParking><par:applicableForUser>disabled</par:applicableForUser></par:onlyAssignedParking>',
    );
  }
  // Then ParkingRecord's prohibitedParking, tariffsAndPayment, parkingEquipmentOrServiceFacility and
  // groupOfParkingSpaces, before ParkingSite's elements.
  parts.push(heightProhibition(p), tariffs(p), chargingEquipment(p), disabledGroup(p));
  // ParkingSite.parkingSiteAddress comes before its parkingUsageScenario.
  parts.push(siteAddressContact(p));
  if (isParkAndRide(p)) {
    // ParkingSite.parkingUsageScenario is indexed (scenarioIndex) and holds a ParkingUsageScenario,
    // whose own parkingUsageScenario is the enum: three elements of the same name.
    parts.push(
      '<par:parkingUsageScenario scenarioIndex="1"><par:parkingUsageScenario><par:parkingUsageScenario>parkAndRide</par:parkingUsageScenario></par:parkingUsageScenario></par:parkingUsageScenario>',
    );
  }
  // ParkingSite.openingTimes follows its parkingUsageScenario; parkingAccess follows openingTimes.
  parts.push(openingTimes(p, at), wheelchairAccess(p));
  const siteType = p.kind === 'on-street' ? 'onStreetParking' : 'offStreetParking';
  parts.push(`<par:urbanParkingSiteType>${siteType}</par:urbanParkingSiteType>`, '</par:parkingRecord>');
  return parts.join('');
}

/** ParkingSiteStatusEnum and OpeningStatusEnum for each hub status (unknown: the occupancy is not known). */
export const SITE_STATUS: Record<ParkingStatus, string | undefined> = {
  open: 'spacesAvailable',
  full: 'full',
  closed: undefined,
  unknown: 'unknown',
};
export const OPENING_STATUS: Record<ParkingStatus, string | undefined> = {
  open: 'open',
  full: 'open',
  closed: 'closed',
  unknown: undefined,
};

function recordStatus(p: Parking): string {
  const parts = [
    '<par:parkingRecordStatus xsi:type="par:ParkingSiteStatus">',
    `<par:parkingRecordReference id="${esc(p.id)}" version="1" targetClass="par:ParkingRecord"/>`,
    `<par:parkingStatusOriginTime>${p.observedAt}</par:parkingStatusOriginTime>`,
  ];
  // ParkingOccupancy is required (its counts are not), in the schema's order: override, vacant, occupied.
  parts.push('<par:parkingOccupancy>');
  if (p.capacity !== null) {
    parts.push(`<par:parkingNumberOfSpacesOverride>${p.capacity}</par:parkingNumberOfSpacesOverride>`);
  }
  if (p.free !== null) parts.push(`<par:parkingNumberOfVacantSpaces>${p.free}</par:parkingNumberOfVacantSpaces>`);
  if (p.occupied !== null) {
    parts.push(`<par:parkingNumberOfOccupiedSpaces>${p.occupied}</par:parkingNumberOfOccupiedSpaces>`);
  }
  // ParkingRecordStatus: groupOfParkingSpacesStatus, then parkingEquipmentOrServiceFacilityStatus.
  parts.push('</par:parkingOccupancy>', disabledGroupStatus(p), chargingStatus(p));
  const site = SITE_STATUS[p.status];
  const opening = OPENING_STATUS[p.status];
  if (site !== undefined) parts.push(`<par:parkingSiteStatus>${site}</par:parkingSiteStatus>`);
  if (opening !== undefined) parts.push(`<par:parkingSiteOpeningStatus>${opening}</par:parkingSiteOpeningStatus>`);
  parts.push('</par:parkingRecordStatus>');
  return parts.join('');
}

function tablePublication(parkings: readonly Parking[], at: string): string {
  return [
    header('ParkingTablePublication', at),
    HEADER_INFORMATION,
    `<par:parkingTable id="${TABLE_ID}" version="${TABLE_VERSION}">`,
    `<par:parkingTableVersionTime>${at}</par:parkingTableVersionTime>`,
    ...parkings.map((p) => record(p, at)),
    '</par:parkingTable></payload>',
  ].join('');
}

function statusPublication(parkings: readonly Parking[], at: string): string {
  return [
    header('ParkingStatusPublication', at),
    `<par:parkingTableReference id="${TABLE_ID}" version="${TABLE_VERSION}" targetClass="par:ParkingTable"/>`,
    HEADER_INFORMATION,
    ...parkings.map(recordStatus),
    '</payload>',
  ].join('');
}

/** The exchange part a v3 messageContainer requires after its payloads: a snapshot served on request. */
function exchangeInformation(at: string): string {
  return [
    '<exchangeInformation modelBaseVersion="3">',
    '<ex:exchangeContext><ex:codedExchangeProtocol>snapshotPull</ex:codedExchangeProtocol>',
    '<ex:exchangeSpecificationVersion>3</ex:exchangeSpecificationVersion>',
    '<ex:supplierOrCisRequester><ex:name>mobility-hub</ex:name></ex:supplierOrCisRequester></ex:exchangeContext>',
    `<ex:dynamicInformation><ex:exchangeStatus>online</ex:exchangeStatus><ex:messageGenerationTimestamp>${at}</ex:messageGenerationTimestamp></ex:dynamicInformation>`,
    '</exchangeInformation>',
  ].join('');
}

/**
 * The publications asked for that hold a record, each with its car parks: the table those with a
 * position (the schema requires a parkingLocation on every parkingRecord), the status all of them.
 */
export function publicationsHolding(
  parkings: readonly Parking[],
  publications: readonly Datex2Publication[],
): Array<{ kind: Datex2Publication; parkings: readonly Parking[] }> {
  return publications
    .map((kind) => ({ kind, parkings: kind === 'table' ? parkings.filter((p) => p.location !== null) : parkings }))
    .filter((p) => p.parkings.length > 0);
}

/**
 * DATEX II v3 parking publications in one messageContainer: the ParkingTablePublication (names,
 * capacity, position, kind, disabled places, facility details: datex2-details-export.ts) and the
 * ParkingStatusPublication (free, occupied, free disabled places, free charging points, status, time),
 * or only the one asked for, then the required exchangeInformation. Records are
 * UrbanParkingSites whose id is the hub id. The schema requires a parkingLocation on every
 * parkingRecord, so a car park without a position is in the status publication only; a
 * publication that would hold no record (the schema requires one) is left out.
 */
export function toDatex2Parking(
  parkings: readonly Parking[],
  generatedAt: Date,
  publications: readonly Datex2Publication[] = ['table', 'status'],
): string {
  const at = generatedAt.toISOString();
  const payloads = publicationsHolding(parkings, publications).map((p) =>
    p.kind === 'table' ? tablePublication(p.parkings, at) : statusPublication(p.parkings, at),
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<messageContainer ${NS} modelBaseVersion="3">${payloads.join('')}${exchangeInformation(at)}</messageContainer>\n`;
}
