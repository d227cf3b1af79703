import { datex2Adapter } from '../../ingest/formats/datex2/datex2.adapter.js';
import type { Parking } from '../../parking/parking.model.js';
import {
  baseParking,
  disabledUsersParking,
  exportedAt,
  fullParkAndRide,
  readBackCtx,
} from './datex2-export.fixture.js';
import { toDatex2Parking } from './datex2-parking-export.js';

const parkings: Parking[] = [
  { ...baseParking, disabled: { capacity: 12, free: 5 } },
  { ...fullParkAndRide, disabled: { capacity: 6, free: 0 } },
  {
    ...baseParking,
    id: 'city:street',
    name: null,
    kind: 'on-street',
    status: 'closed',
    location: null,
    disabled: { capacity: 2, free: 1 },
  },
  { ...disabledUsersParking, disabled: { capacity: 4, free: null } },
  { ...baseParking, id: 'city:unk', status: 'unknown', free: null, occupied: null },
];

describe('DATEX II v3 parking export', () => {
  it('parses back through the datex2 adapter to the same values (table and status in one messageContainer)', () => {
    const xml = toDatex2Parking(parkings, exportedAt);
    expect(xml).toContain('<messageContainer xmlns="http://datex2.eu/schema/3/messageContainer"');
    const back = datex2Adapter.parse(Buffer.from(xml), readBackCtx);
    expect(back.warnings).toEqual([]);
    expect(back.publishedAt?.toISOString()).toBe(exportedAt.toISOString());
    // The schema requires a parkingLocation on every parkingRecord: a car park without one is in the status only.
    const located = parkings.filter((p) => p.location !== null);
    expect(located.length).toBe(parkings.length - 1);
    expect(back.facilities.map((f) => [f.localId, f.name, f.kind, f.capacity, f.location])).toEqual(
      located.map((p) => [p.id, p.name ?? undefined, p.kind, p.capacity ?? undefined, p.location]),
    );
    expect(xml).toContain('<exchangeInformation modelBaseVersion="3">');
    expect(xml.indexOf('<exchangeInformation')).toBeGreaterThan(xml.lastIndexOf('</payload>'));
    expect(
      back.observations.map((o) => [o.localId, o.free, o.occupied, o.status, o.observedAt?.toISOString()]),
    ).toEqual(parkings.map((p) => [p.id, p.free, p.occupied ?? undefined, p.status, p.observedAt]));
  });

  it('carries the disabled places as the v3 model does: a group of spaces for disabled users and its status', () => {
    const xml = toDatex2Parking(parkings, exportedAt);
    // ParkingRecord.groupOfParkingSpaces: _GroupOfParkingSpaces (groupIndex) > parkingSpaceBasics, an
    // abstract ParkingSpaceBasics, here a GroupOfParkingSpaces: its onlyAssignedParking (ParkingAssignment)
    // first, then parkingNumberOfSpaces and parkingTypeOfGroup (both required).
    const group = (n: number) =>
      '<par:groupOfParkingSpaces groupIndex="1"><par:parkingSpaceBasics xsi:type="par:GroupOfParkingSpaces">' +
      '<par:onlyAssignedParking><par:applicableForUser>disabled</par:applicableForUser></par:onlyAssignedParking>' +
      `<par:parkingNumberOfSpaces>${n}</par:parkingNumberOfSpaces><par:parkingTypeOfGroup>statisticsOnly</par:parkingTypeOfGroup>` +
      '</par:parkingSpaceBasics></par:groupOfParkingSpaces>';
    // ParkingRecordStatus.groupOfParkingSpacesStatus: _ParkingRecordStatusGroupIndexGroupOfParkingSpacesStatus
    // (groupIndex) > groupOfParkingSpacesStatus: GroupOfParkingSpacesStatus, a ParkingOccupancy.
    const groupStatus = (n: number) =>
      '<par:groupOfParkingSpacesStatus groupIndex="1"><par:groupOfParkingSpacesStatus>' +
      `<par:parkingNumberOfVacantSpaces>${n}</par:parkingNumberOfVacantSpaces>` +
      '</par:groupOfParkingSpacesStatus></par:groupOfParkingSpacesStatus>';
    const recordOf = (id: string) =>
      xml.slice(xml.indexOf(`<par:parkingRecord xsi:type="par:UrbanParkingSite" id="${id}"`));
    const statusOf = (id: string) => xml.slice(xml.indexOf(`<par:parkingRecordReference id="${id}"`));
    // In the XSD's order: ParkingRecord's parkingLocation, onlyAssignedParking, groupOfParkingSpaces, then
    // ParkingSite's parkingUsageScenario, then UrbanParkingSite's urbanParkingSiteType.
    const pr = recordOf('city:pr');
    expect(pr).toContain(`</par:parkingLocation>${group(6)}<par:parkingUsageScenario scenarioIndex="1">`);
    expect(recordOf('city:dis')).toContain(
      `</par:onlyAssignedParking>${group(4)}<par:urbanParkingSiteType>offStreetParking</par:urbanParkingSiteType>`,
    );
    expect(recordOf('city:p1')).toContain(`</par:parkingLocation>${group(12)}<par:urbanParkingSiteType>`);
    // ParkingRecordStatus's parkingOccupancy, groupOfParkingSpacesStatus, then ParkingSiteStatus's own elements.
    expect(statusOf('city:p1')).toContain(`</par:parkingOccupancy>${groupStatus(5)}<par:parkingSiteStatus>`);
    expect(statusOf('city:pr')).toContain(`</par:parkingOccupancy>${groupStatus(0)}<par:parkingSiteStatus>`);
    // Unknown disabled free places (city:dis), no position so no table group (city:street), no disabled
    // places (city:unk): no group status.
    for (const id of ['city:dis', 'city:street', 'city:unk']) {
      expect([id, statusOf(id).split('</par:parkingRecordStatus>')[0]]).not.toEqual([
        id,
        expect.stringContaining('groupOfParkingSpacesStatus'),
      ]);
    }
    expect(xml.match(/<par:groupOfParkingSpaces /g)).toHaveLength(3);
    expect(xml.match(/<par:groupOfParkingSpacesStatus groupIndex/g)).toHaveLength(2);

    const back = datex2Adapter.parse(Buffer.from(xml), readBackCtx);
    expect(back.warnings).toEqual([]);
    const located = parkings.filter((p) => p.location !== null);
    expect(back.facilities.map((f) => [f.localId, f.disabledCapacity])).toEqual(
      located.map((p) => [p.id, p.disabled?.capacity ?? undefined]),
    );
    expect(back.observations.map((o) => [o.localId, o.disabledFree])).toEqual(
      parkings.map((p) => [p.id, p.location === null ? undefined : (p.disabled?.free ?? undefined)]),
    );
    expect(back.observations.find((o) => o.localId === 'city:p1')?.disabledFree).toBe(5);
  });

  it('nests parkingUsageScenario as the v3 Parking XSD types it (indexed wrapper, ParkingUsageScenario, enum)', () => {
    const xml = toDatex2Parking(parkings, exportedAt, ['table']);
    // ParkingSite.parkingUsageScenario: _ParkingSiteScenarioIndexParkingUsageScenario (scenarioIndex) >
    // parkingUsageScenario: ParkingUsageScenario > parkingUsageScenario: _ParkingUsageScenarioEnum.
    expect(xml).toContain(
      '<par:parkingUsageScenario scenarioIndex="1"><par:parkingUsageScenario><par:parkingUsageScenario>parkAndRide</par:parkingUsageScenario></par:parkingUsageScenario></par:parkingUsageScenario>',
    );
  });

  it('gives one publication with ?publication=table|status', () => {
    const table = datex2Adapter.parse(Buffer.from(toDatex2Parking(parkings, exportedAt, ['table'])), readBackCtx);
    expect(table.facilities).toHaveLength(4);
    expect(table.observations).toHaveLength(0);
    const status = datex2Adapter.parse(Buffer.from(toDatex2Parking(parkings, exportedAt, ['status'])), readBackCtx);
    expect(status.observations).toHaveLength(5);
    expect(status.facilities).toHaveLength(0);
  });

  it('leaves out a publication that would hold no record (the schema requires one)', () => {
    const xml = toDatex2Parking([], exportedAt);
    expect(xml).not.toContain('<payload');
    expect(xml).toContain('<exchangeInformation modelBaseVersion="3">');
  });
});
