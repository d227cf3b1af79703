import type { ParkingParseResult } from '../../../parking/parking.model.js';
import { datex2Adapter } from './datex2.adapter.js';

/*
 * Wheelchair access from the entrances (`parkingAccess`) of a DATEX II parkingRecord. No real file
 * found carries `accessibility` (searched: the fixtures here, ParkenDD/parkapi-sources-v3's DATEX II
 * test data, public code), so the tables below are written by hand after the schemas as read: v3.0
 * ParkingAccess (DATEXII_3_Parking.xsd: accessCategory, accessName, accessEquipment, accessibility
 * 0..n of AccessibilityEnum, ..., location) and the same element in 2.3 (ParkingAccess in the
 * 2_0 namespace). AccessibilityEnum: barrierFreeAccessible, handicappedAccessible,
 * wheelChairAccessible, handicappedEasements, orientationSystemForBlindPeople, handicappedMarked,
 * none, unknown, other. Names, ids and values are invented.
 */

const V3 =
  'xmlns="http://datex2.eu/schema/3/messageContainer" xmlns:com="http://datex2.eu/schema/3/common" ' +
  'xmlns:par="http://datex2.eu/schema/3/parking" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

const access = (id: string, ...values: string[]) =>
  `<par:parkingAccess id="${id}"><par:accessCategory>pedestrianEntranceAndExit</par:accessCategory>` +
  values.map((v) => `<par:accessibility>${v}</par:accessibility>`).join('') +
  `</par:parkingAccess>`;

const v3Record = (id: string, accesses: string) =>
  `<par:parkingRecord xsi:type="par:UrbanParkingSite" id="${id}" version="1">` +
  `<par:parkingRecordVersionTime>2025-03-01T06:00:00Z</par:parkingRecordVersionTime>` +
  `<par:parkingNumberOfSpaces>50</par:parkingNumberOfSpaces>` +
  `<par:parkingLayout>multiStorey</par:parkingLayout>${accesses}</par:parkingRecord>`;

const v3Table = (...records: string[]) =>
  `<messageContainer ${V3} modelBaseVersion="3"><payload xsi:type="par:ParkingTablePublication" lang="de" modelBaseVersion="3">` +
  `<com:publicationTime>2025-03-01T06:00:00Z</com:publicationTime><par:parkingTable id="T" version="1">` +
  `<par:parkingTableVersionTime>2025-03-01T06:00:00Z</par:parkingTableVersionTime>${records.join('')}` +
  `</par:parkingTable></payload></messageContainer>`;

function parse(xml: string): ParkingParseResult {
  return datex2Adapter.parse(Buffer.from(xml, 'utf8'), {
    sourceId: 'a',
    receivedAt: new Date('2025-03-01T06:00:00Z'),
    format: {},
  });
}

const wheelchairOf = (result: ParkingParseResult) =>
  Object.fromEntries(result.facilities.map((f) => [f.localId, f.wheelchair]));

describe('datex2 parkingAccess accessibility → wheelchair (hand-written after the v3.0 / 2.3 schemas)', () => {
  it('reads each entrance, the best one wins: accessible yes, easements limited, none no', () => {
    const result = parse(
      v3Table(
        v3Record('wheel', access('w1', 'wheelChairAccessible')),
        v3Record('free', access('f1', 'barrierFreeAccessible')),
        v3Record('hand', access('h1', 'handicappedAccessible')),
        v3Record('ease', access('e1', 'handicappedEasements')),
        v3Record('none', access('n1', 'none')),
        // one entrance without, one with: a wheelchair user can get in by the second
        v3Record(
          'mixed',
          access('m1', 'none') + access('m2', 'orientationSystemForBlindPeople', 'wheelChairAccessible'),
        ),
        // easements at one entrance, none at the other: limited
        v3Record('partly', access('p1', 'none') + access('p2', 'handicappedEasements')),
      ),
    );
    expect(result.warnings).toEqual([]);
    expect(wheelchairOf(result)).toEqual({
      wheel: 'yes',
      free: 'yes',
      hand: 'yes',
      ease: 'limited',
      none: 'no',
      mixed: 'yes',
      partly: 'limited',
    });
  });

  it('says nothing for values that are not about wheelchairs, unknown ones, or no accessibility at all', () => {
    const result = parse(
      v3Table(
        v3Record('blind', access('b1', 'orientationSystemForBlindPeople', 'handicappedMarked')),
        v3Record('unknown', access('u1', 'unknown', 'other', 'constructor')),
        v3Record('bare', access('x1')),
        v3Record('noaccess', ''),
      ),
    );
    expect(result.facilities.map((f) => [f.localId, f.wheelchair])).toEqual([
      ['blind', undefined],
      ['unknown', undefined],
      ['bare', undefined],
      ['noaccess', undefined],
    ]);
  });

  it('reads the 2.3 element the same way (2_0 namespace, ParkingTablePublication in a GenericPublication)', () => {
    const xml =
      `<d2LogicalModel xmlns="http://datex2.eu/schema/2/2_0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" modelBaseVersion="2">` +
      `<payloadPublication xsi:type="GenericPublication" lang="de"><publicationTime>2025-03-01T06:00:00Z</publicationTime>` +
      `<genericPublicationName>ParkingTablePublication</genericPublicationName><genericPublicationExtension>` +
      `<parkingTablePublication><parkingTable id="T" version="1"><parkingTableVersionTime>2025-03-01T06:00:00Z</parkingTableVersionTime>` +
      `<parkingRecord xsi:type="UrbanParkingSite" id="P1" version="1"><parkingRecordVersionTime>2025-03-01T06:00:00Z</parkingRecordVersionTime>` +
      `<parkingNumberOfSpaces>40</parkingNumberOfSpaces><parkingAccess id="A1"><accessCategory>vehicleEntranceAndExit</accessCategory>` +
      `<accessibility>handicappedEasements</accessibility></parkingAccess>` +
      `<urbanParkingSiteType>offStreetParking</urbanParkingSiteType></parkingRecord>` +
      `</parkingTable></parkingTablePublication></genericPublicationExtension></payloadPublication></d2LogicalModel>`;
    const result = parse(xml);
    expect(result.warnings).toEqual([]);
    expect(wheelchairOf(result)).toEqual({ P1: 'limited' });
  });
});
