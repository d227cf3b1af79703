import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ParseException } from '../../../common/app-exception.js';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions } from '../parking-format-adapter.js';
import { datex2Adapter } from './datex2.adapter.js';

const V2 = 'http://datex2.eu/schema/2/2_0';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

function parse(xml: string, format: ParkingFormatOptions = {}): ParkingParseResult {
  return datex2Adapter.parse(Buffer.from(xml, 'utf8'), {
    sourceId: 'test',
    receivedAt: new Date('2030-01-01T00:00:00Z'),
    format,
  });
}

function parseError(xml: string | Buffer, format: ParkingFormatOptions = {}): ParseException {
  try {
    const bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml;
    datex2Adapter.parse(bytes, {
      sourceId: 'test',
      receivedAt: new Date(),
      format,
    });
  } catch (error) {
    if (error instanceof ParseException) return error;
    throw error;
  }
  throw new Error('expected a ParseException');
}

/** A v2 GenericPublication wrapping `extension` (the Aachen/VRS shape). */
function v2Generic(extension: string): string {
  return (
    `<d2LogicalModel xmlns="${V2}" xmlns:xsi="${XSI}" modelBaseVersion="2">` +
    `<payloadPublication lang="de" xsi:type="GenericPublication">` +
    `<publicationTime>2025-01-01T10:00:00Z</publicationTime>` +
    `<genericPublicationExtension>${extension}</genericPublicationExtension>` +
    `</payloadPublication></d2LogicalModel>`
  );
}

const siteStatus = (id: string, inner: string): string =>
  `<parkingRecordStatus xsi:type="ParkingSiteStatus"><parkingRecordReference id="${id}" targetClass="ParkingRecord"/>${inner}</parkingRecordStatus>`;

describe('datex2Adapter: bad records become warnings', () => {
  it('skips a parkingRecord without id (MISSING_ID) and keeps the others', () => {
    const result = parse(
      v2Generic(
        '<parkingTablePublication><parkingTable>' +
          '<parkingRecord xsi:type="UrbanParkingSite"><parkingNumberOfSpaces>10</parkingNumberOfSpaces></parkingRecord>' +
          '<parkingRecord id="B" xsi:type="UrbanParkingSite"><parkingNumberOfSpaces>20</parkingNumberOfSpaces></parkingRecord>' +
          '</parkingTable></parkingTablePublication>',
      ),
    );
    expect(result.facilities).toEqual([{ localId: 'B', kind: 'car-park', capacity: 20 }]);
    expect(result.warnings).toEqual([
      {
        code: 'MISSING_ID',
        message: 'parkingRecord without id skipped',
        ref: 'parkingRecord[0]',
      },
    ]);
  });

  it('skips a status without parkingRecordReference id', () => {
    const result = parse(
      v2Generic(
        '<parkingStatusPublication><parkingRecordStatus xsi:type="ParkingSiteStatus"><parkingRecordReference targetClass="ParkingRecord"/>' +
          '</parkingRecordStatus></parkingStatusPublication>',
      ),
    );
    expect(result.observations).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toEqual(['MISSING_ID']);
  });

  it('omits a count that is not a number and keeps the rest of the record', () => {
    const result = parse(
      v2Generic(
        '<parkingStatusPublication>' +
          siteStatus(
            'P1',
            '<parkingStatusOriginTime>2025-01-01T09:58:00Z</parkingStatusOriginTime>' +
              '<parkingOccupancy><parkingNumberOfVacantSpaces>viele</parkingNumberOfVacantSpaces>' +
              '<parkingNumberOfOccupiedSpaces>12</parkingNumberOfOccupiedSpaces></parkingOccupancy>' +
              '<parkingSiteStatus>spacesAvailable</parkingSiteStatus>',
          ) +
          '</parkingStatusPublication>',
      ),
    );
    expect(result.observations).toEqual([
      {
        localId: 'P1',
        occupied: 12,
        status: 'open',
        observedAt: new Date('2025-01-01T09:58:00Z'),
      },
    ]);
    expect(result.warnings).toEqual([
      {
        code: 'INVALID_NUMBER',
        message: 'parkingNumberOfVacantSpaces "viele" is not an integer',
        ref: 'P1',
      },
    ]);
  });

  it('warns UNKNOWN_STATUS for an unknown value, maps it to unknown, and falls back to publicationTime', () => {
    const result = parse(
      v2Generic(
        '<parkingStatusPublication>' +
          siteStatus('P1', '<parkingSiteStatus>sortOfOpen</parkingSiteStatus>') +
          '</parkingStatusPublication>',
      ),
    );
    expect(result.observations).toEqual([
      {
        localId: 'P1',
        status: 'unknown',
        observedAt: new Date('2025-01-01T10:00:00Z'),
      },
    ]);
    expect(result.warnings).toEqual([
      {
        code: 'UNKNOWN_STATUS',
        message: 'unknown DATEX II status "sortOfOpen"',
        ref: 'P1',
      },
    ]);
  });

  it('applies statusValues overrides from the source config before the built-in mapping', () => {
    const xml = v2Generic(
      '<parkingStatusPublication>' +
        siteStatus('P1', '<parkingSiteStatus>other</parkingSiteStatus>') +
        '</parkingStatusPublication>',
    );
    expect(parse(xml).observations[0]?.status).toBe('unknown');
    expect(parse(xml, { statusValues: { closed: ['other'] } }).observations[0]?.status).toBe('closed');
  });
});

describe('datex2Adapter: publication shapes', () => {
  it('reads a native v2.3 ParkingStatusPublication payload (no GenericPublication)', () => {
    const result = parse(
      `<d2LogicalModel xmlns="${V2}" xmlns:xsi="${XSI}"><payloadPublication xsi:type="ParkingStatusPublication" lang="en">` +
        '<publicationTime>2025-01-01T10:00:00+01:00</publicationTime>' +
        siteStatus(
          'X',
          '<parkingOccupancy><parkingNumberOfVacantSpaces>4</parkingNumberOfVacantSpaces></parkingOccupancy><parkingSiteStatus>almostFull</parkingSiteStatus>',
        ) +
        '</payloadPublication></d2LogicalModel>',
    );
    expect(result.observations).toEqual([
      {
        localId: 'X',
        free: 4,
        status: 'open',
        observedAt: new Date('2025-01-01T09:00:00Z'),
      },
    ]);
  });

  it('reads a bare v3 d2Payload root', () => {
    const result = parse(
      `<d2:payload xmlns:d2="http://datex2.eu/schema/3/d2Payload" xmlns:par="http://datex2.eu/schema/3/parking" ` +
        `xmlns:com="http://datex2.eu/schema/3/common" xmlns:xsi="${XSI}" xsi:type="par:ParkingStatusPublication">` +
        '<com:publicationTime>2025-01-01T10:00:00Z</com:publicationTime>' +
        '<par:parkingRecordStatus xsi:type="par:ParkingSiteStatus"><par:parkingRecordReference id="Z"/>' +
        '<par:parkingSiteOpeningStatus>closed</par:parkingSiteOpeningStatus></par:parkingRecordStatus></d2:payload>',
    );
    expect(result.observations).toEqual([
      {
        localId: 'Z',
        status: 'closed',
        observedAt: new Date('2025-01-01T10:00:00Z'),
      },
    ]);
  });

  it('reads a 2.0 parkingFacilityTablePublication with disabled and women assignedParkingSpaces groups', () => {
    const result = parse(
      v2Generic(
        '<parkingFacilityTablePublication><parkingFacilityTable><parkingFacility id="F1">' +
          '<parkingFacilityName>Parkhaus Mitte</parkingFacilityName><totalParkingCapacity>300</totalParkingCapacity>' +
          '<assignedParkingSpaces index="1"><assignedParkingSpaces><descriptionOfAssignedParkingSpaces>' +
          '<personTypeForWhichSpacesAssigned>disabled</personTypeForWhichSpacesAssigned></descriptionOfAssignedParkingSpaces>' +
          '<numberOfAssignedParkingSpaces>8</numberOfAssignedParkingSpaces></assignedParkingSpaces></assignedParkingSpaces>' +
          '<assignedParkingSpaces index="2"><assignedParkingSpaces><descriptionOfAssignedParkingSpaces>' +
          '<personTypeForWhichSpacesAssigned>women</personTypeForWhichSpacesAssigned></descriptionOfAssignedParkingSpaces>' +
          '<numberOfAssignedParkingSpaces>20</numberOfAssignedParkingSpaces></assignedParkingSpaces></assignedParkingSpaces>' +
          '<entranceLocation><pointByCoordinates><pointCoordinates><latitude>48.77</latitude><longitude>9.18</longitude>' +
          '</pointCoordinates></pointByCoordinates></entranceLocation>' +
          '</parkingFacility></parkingFacilityTable></parkingFacilityTablePublication>',
      ),
    );
    expect(result.facilities).toEqual([
      {
        localId: 'F1',
        name: 'Parkhaus Mitte',
        kind: 'car-park',
        location: { lat: 48.77, lon: 9.18 },
        capacity: 300,
        disabledCapacity: 8,
        // the women group (datex2-facility-details.ts)
        restrictedCapacity: { women: 20 },
      },
    ]);
  });

  it('reads a site reserved for disabled users (onlyAssignedParking) as kind disabled', () => {
    const result = parse(
      v2Generic(
        '<parkingTablePublication><parkingTable><parkingRecord id="D1" xsi:type="UrbanParkingSite">' +
          '<parkingNumberOfSpaces>2</parkingNumberOfSpaces>' +
          '<onlyAssignedParking><applicableForUser>disabled</applicableForUser></onlyAssignedParking>' +
          '</parkingRecord></parkingTable></parkingTablePublication>',
      ),
    );
    expect(result.facilities).toEqual([{ localId: 'D1', kind: 'disabled', capacity: 2 }]);
  });
});

/** A v3 messageContainer holding the given payloads (`par:` Parking namespace). */
function v3Container(...payloads: string[]): string {
  return (
    '<messageContainer xmlns="http://datex2.eu/schema/3/messageContainer" xmlns:com="http://datex2.eu/schema/3/common" ' +
    `xmlns:par="http://datex2.eu/schema/3/parking" xmlns:xsi="${XSI}" modelBaseVersion="3">` +
    payloads.join('') +
    '</messageContainer>'
  );
}
const v3Table = (records: string) =>
  '<payload xsi:type="par:ParkingTablePublication" lang="de" modelBaseVersion="3">' +
  '<com:publicationTime>2025-01-01T10:00:00Z</com:publicationTime>' +
  `<par:parkingTable id="T" version="1">${records}</par:parkingTable></payload>`;
const v3Status = (statuses: string) =>
  '<payload xsi:type="par:ParkingStatusPublication" lang="de" modelBaseVersion="3">' +
  `<com:publicationTime>2025-01-01T10:00:00Z</com:publicationTime>${statuses}</payload>`;
/** A v3 GroupOfParkingSpaces (indexed wrapper > parkingSpaceBasics) assigned to `user`. */
const v3Group = (index: number, user: string, spaces: number, assignment = 'onlyAssignedParking') =>
  `<par:groupOfParkingSpaces groupIndex="${index}"><par:parkingSpaceBasics xsi:type="par:GroupOfParkingSpaces">` +
  `<par:${assignment}><par:applicableForUser>${user}</par:applicableForUser></par:${assignment}>` +
  `<par:parkingNumberOfSpaces>${spaces}</par:parkingNumberOfSpaces><par:parkingTypeOfGroup>statisticsOnly</par:parkingTypeOfGroup>` +
  '</par:parkingSpaceBasics></par:groupOfParkingSpaces>';
const v3GroupStatus = (index: number, vacant: number) =>
  `<par:groupOfParkingSpacesStatus groupIndex="${index}"><par:groupOfParkingSpacesStatus>` +
  `<par:parkingNumberOfVacantSpaces>${vacant}</par:parkingNumberOfVacantSpaces>` +
  '</par:groupOfParkingSpacesStatus></par:groupOfParkingSpacesStatus>';
const v3Record = (id: string, inner: string) =>
  `<par:parkingRecord xsi:type="par:UrbanParkingSite" id="${id}" version="1">` +
  '<par:parkingRecordVersionTime>2025-01-01T10:00:00Z</par:parkingRecordVersionTime>' +
  `<par:parkingNumberOfSpaces>100</par:parkingNumberOfSpaces>${inner}` +
  '<par:urbanParkingSiteType>offStreetParking</par:urbanParkingSiteType></par:parkingRecord>';
const v3RecordStatus = (id: string, inner: string) =>
  '<par:parkingRecordStatus xsi:type="par:ParkingSiteStatus">' +
  `<par:parkingRecordReference id="${id}" version="1" targetClass="par:ParkingRecord"/>` +
  '<par:parkingStatusOriginTime>2025-01-01T09:59:00Z</par:parkingStatusOriginTime>' +
  `<par:parkingOccupancy><par:parkingNumberOfVacantSpaces>40</par:parkingNumberOfVacantSpaces></par:parkingOccupancy>${inner}` +
  '</par:parkingRecordStatus>';

describe('datex2Adapter: v3 groups of parking spaces for disabled users', () => {
  const table = v3Table(
    v3Record(
      'A',
      v3Group(1, 'disabled', 6) + v3Group(2, 'women', 10) + v3Group(3, 'disabled', 2, 'assignedParkingAmongOthers'),
    ) +
      v3Record('B', v3Group(1, 'women', 9) + v3Group(2, 'disabled', 3)) +
      v3Record('C', ''),
  );
  const status = v3Status(
    v3RecordStatus('A', v3GroupStatus(1, 4) + v3GroupStatus(2, 7) + v3GroupStatus(3, 1)) +
      v3RecordStatus('B', v3GroupStatus(1, 5) + v3GroupStatus(2, 0)) +
      v3RecordStatus('C', v3GroupStatus(1, 8)),
  );

  it('reads the disabled capacity from the groups assigned to disabled users (onlyAssignedParking or among others)', () => {
    const result = parse(v3Container(table));
    expect(result.warnings).toEqual([]);
    expect(result.facilities.map((f) => [f.localId, f.kind, f.disabledCapacity])).toEqual([
      ['A', 'car-park', 6 + 2],
      ['B', 'car-park', 3],
      ['C', 'car-park', undefined],
    ]);
  });

  it('reads the disabled free places from the status of those groups, matched by groupIndex in the same document', () => {
    const result = parse(v3Container(table, status));
    expect(result.warnings).toEqual([]);
    // A: groups 1 and 3 are disabled (4 + 1), group 2 (women) is not; B: group 2 only; C: no disabled group.
    expect(result.observations.map((o) => [o.localId, o.free, o.disabledFree])).toEqual([
      ['A', 40, 4 + 1],
      ['B', 40, 0],
      ['C', 40, undefined],
    ]);
    // With role: status the table is not read into facilities, but still says which group is which.
    const statusRole = parse(v3Container(table, status), { options: { role: 'status' } });
    expect(statusRole.facilities).toEqual([]);
    expect(statusRole.observations.map((o) => o.disabledFree)).toEqual([5, 0, undefined]);
  });

  it('leaves the disabled free places out when the document holds no table saying which group is for disabled users', () => {
    const result = parse(v3Container(status));
    expect(result.observations.map((o) => [o.localId, o.free, o.disabledFree])).toEqual([
      ['A', 40, undefined],
      ['B', 40, undefined],
      ['C', 40, undefined],
    ]);
  });
});

describe('datex2Adapter: v3 groups for disabled users without a number of spaces', () => {
  /** A v3 group assigned to `user` without parkingNumberOfSpaces (the XSD has it 0..1). */
  const uncounted = (index: number, user: string, assignment = 'onlyAssignedParking') =>
    `<par:groupOfParkingSpaces groupIndex="${index}"><par:parkingSpaceBasics xsi:type="par:GroupOfParkingSpaces">` +
    `<par:${assignment}><par:applicableForUser>${user}</par:applicableForUser></par:${assignment}>` +
    '<par:parkingTypeOfGroup>statisticsOnly</par:parkingTypeOfGroup></par:parkingSpaceBasics></par:groupOfParkingSpaces>';

  it('says disabled places are present, uncounted; a counted group wins; a group for others says nothing', () => {
    const result = parse(
      v3Container(
        v3Table(
          v3Record('A', uncounted(1, 'disabled')) +
            v3Record('B', uncounted(1, 'disabled', 'assignedParkingAmongOthers')) +
            v3Record('C', uncounted(1, 'disabled') + v3Group(2, 'disabled', 4)) +
            v3Record('D', uncounted(1, 'women')),
        ),
      ),
    );
    expect(result.warnings).toEqual([]);
    expect(result.facilities.map((f) => [f.localId, f.disabledCapacity, f.disabledPresent])).toEqual([
      ['A', undefined, true],
      ['B', undefined, true],
      ['C', 4, undefined],
      ['D', undefined, undefined],
    ]);
  });
});

describe('datex2Adapter: v3 parkingUsageScenario', () => {
  it('reads parkAndRide in the XSD form (indexed wrapper > ParkingUsageScenario > enum) and the one-element form', () => {
    const xsdForm =
      '<par:parkingUsageScenario scenarioIndex="1"><par:parkingUsageScenario>' +
      '<par:parkingUsageScenario>parkAndRide</par:parkingUsageScenario></par:parkingUsageScenario></par:parkingUsageScenario>';
    const shortForm = '<par:parkingUsageScenario>parkAndRide</par:parkingUsageScenario>';
    const result = parse(v3Container(v3Table(v3Record('X', xsdForm) + v3Record('Y', shortForm) + v3Record('Z', ''))));
    expect(result.warnings).toEqual([]);
    expect(result.facilities.map((f) => [f.localId, f.kind])).toEqual([
      ['X', 'park-and-ride'],
      ['Y', 'park-and-ride'],
      ['Z', 'car-park'],
    ]);
  });
});

describe('datex2Adapter: documents it cannot read', () => {
  it('throws on a non-DATEX root element', () => {
    expect(parseError('<Siri><ServiceDelivery/></Siri>').message).toBe('not a DATEX II document: root element <Siri>');
  });

  it('throws on a DATEX II document without a parking publication', () => {
    const situation =
      `<d2LogicalModel xmlns="${V2}" xmlns:xsi="${XSI}"><payloadPublication xsi:type="SituationPublication" lang="de">` +
      '<publicationTime>2025-01-01T10:00:00Z</publicationTime></payloadPublication></d2LogicalModel>';
    expect(parseError(situation).message).toBe(
      'DATEX II document carries no parking publication (SituationPublication)',
    );
  });

  it('throws on a truncated copy of the real Aachen file', () => {
    const full = readFileSync(path.join(process.cwd(), 'test/fixtures/datex2/aachen-parkingstatuspublication-v2.xml'));
    expect(parseError(full.subarray(0, full.length / 2)).message).toMatch(/^malformed XML/);
  });

  it('throws when options.role does not match the publication', () => {
    const table = v2Generic('<parkingTablePublication><parkingTable/></parkingTablePublication>');
    expect(parseError(table, { options: { role: 'status' } }).message).toBe(
      'datex2 source has role "status" but the document holds: table',
    );
    expect(parseError(table, { options: { role: 'both' } }).message).toBe(
      'datex2 option role must be "table" or "status", got "both"',
    );
    expect(parse(table, { options: { role: 'table' } }).facilities).toEqual([]);
  });
});
