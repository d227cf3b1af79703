import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import type { ParseContext } from '../parking-format-adapter.js';
import { datex2Adapter } from './datex2.adapter.js';

const ctx: ParseContext = {
  sourceId: 'test',
  receivedAt: new Date('2030-01-01T00:00:00Z'),
  format: {},
};

function parseFixture(name: string): ParkingParseResult {
  return datex2Adapter.parse(readFileSync(path.join(process.cwd(), 'test/fixtures/datex2', name)), ctx);
}

function byId<T extends { localId: string }>(records: T[], id: string): T {
  const found = records.find((r) => r.localId === id);
  if (!found) throw new Error(`no record ${id}`);
  return found;
}

function tally(values: Array<string | undefined>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const v of values) counts[String(v)] = (counts[String(v)] ?? 0) + 1;
  return counts;
}

describe('datex2Adapter on Aachen ParkingTablePublication (v2, ns2: prefixed)', () => {
  const result = parseFixture('aachen-parkingtablepublication-v2.xml');

  it('reads 17 facilities, no observations, no warnings, and the publication time', () => {
    expect(result.facilities).toHaveLength(17);
    expect(result.observations).toHaveLength(0);
    expect(result.warnings).toEqual([]);
    expect(result.publishedAt).toEqual(new Date('2024-11-15T00:00:00.263Z'));
  });

  it('reads name, capacity, location and kind of named sites', () => {
    expect(byId(result.facilities, 'P1')).toEqual({
      localId: 'P1',
      name: 'P01-Eurogress',
      kind: 'car-park',
      location: { lat: 50.780552, lon: 6.0927987 },
      capacity: 560,
      // openingTimes: one validPeriod, TimePeriodByHour 00:00:00 to 00:00:00 (the whole day).
      openingHours: '24/7',
    });
    // P06 also has a parkingDescription ("Blatzheim-Modem"): the name must come from parkingName.
    expect(byId(result.facilities, 'P6')).toEqual({
      localId: 'P6',
      name: 'P06-Galeria Kaufhof',
      kind: 'car-park',
      location: { lat: 50.77298, lon: 6.09006 },
      capacity: 999,
      openingHours: '24/7',
    });
  });

  it('leaves capacity out where parkingNumberOfSpaces is absent (P13, P17)', () => {
    expect(byId(result.facilities, 'P13')).toEqual({
      localId: 'P13',
      name: 'P13-Stiftstrasse',
      kind: 'car-park',
      location: { lat: 50.7759, lon: 6.093653 },
      openingHours: '24/7',
    });
    expect(result.facilities.filter((f) => f.capacity === undefined).map((f) => f.localId)).toEqual(['P13', 'P17']);
  });
});

describe('datex2Adapter on Aachen ParkingStatusPublication (v2)', () => {
  const result = parseFixture('aachen-parkingstatuspublication-v2.xml');

  it('reads 17 observations and the publication time', () => {
    expect(result.observations).toHaveLength(17);
    expect(result.facilities).toHaveLength(0);
    expect(result.warnings).toEqual([]);
    expect(result.publishedAt).toEqual(new Date('2025-02-07T19:11:00.095Z'));
  });

  it('reads free, occupied, capacity override, status and origin time', () => {
    expect(byId(result.observations, 'P1')).toEqual({
      localId: 'P1',
      free: 412,
      occupied: 148,
      capacity: 560,
      status: 'open',
      observedAt: new Date('2025-02-07T19:05:34.176Z'),
    });
    expect(byId(result.observations, 'P9')).toEqual({
      localId: 'P9',
      free: 74,
      occupied: 426,
      capacity: 500,
      status: 'open',
      observedAt: new Date('2025-02-07T19:08:18.672Z'),
    });
  });

  it('lets parkingSiteOpeningStatus closed win over spacesAvailable (P18)', () => {
    expect(byId(result.observations, 'P18')).toMatchObject({
      free: 518,
      occupied: 51,
      capacity: 569,
      status: 'closed',
    });
  });

  it('reads parkingSiteStatus unknown as free null and drops the zero capacity override (P5, P13)', () => {
    expect(byId(result.observations, 'P13')).toEqual({
      localId: 'P13',
      free: null,
      status: 'closed',
      observedAt: new Date('2025-02-03T08:00:03.077Z'),
    });
    expect(byId(result.observations, 'P5')).toMatchObject({
      free: null,
      status: 'closed',
    });
  });

  it('gives 13 open and 4 closed sites', () => {
    expect(tally(result.observations.map((o) => o.status))).toEqual({
      open: 13,
      closed: 4,
    });
  });

  it('uses ids that all exist in the Aachen table, so the pipeline can join them', () => {
    const tableIds = new Set(parseFixture('aachen-parkingtablepublication-v2.xml').facilities.map((f) => f.localId));
    const statusIds = result.observations.map((o) => o.localId);
    expect(statusIds.filter((id) => !tableIds.has(id))).toEqual([]);
    expect(new Set(statusIds).size).toBe(17);
  });
});

describe('datex2Adapter on Stuttgart parkingFacilityTableStatusPublication (DATEX II 2.0)', () => {
  const result = parseFixture('stuttgart-parkingfacilitytablestatus-v2.xml');

  it('reads 49 observations and no facilities (the file has no names or coordinates)', () => {
    expect(result.observations).toHaveLength(49);
    expect(result.facilities).toHaveLength(0);
    expect(result.warnings).toEqual([]);
    expect(result.publishedAt).toEqual(new Date('2023-10-07T01:45:31.582Z'));
  });

  it('reads totals, status and status time of named facilities', () => {
    expect(byId(result.observations, '12717289')).toEqual({
      localId: '12717289',
      free: 245,
      occupied: 319,
      status: 'open',
      observedAt: new Date('2022-02-11T13:16:01.000Z'),
    });
    expect(byId(result.observations, '12717345')).toEqual({
      localId: '12717345',
      free: 0,
      occupied: 141,
      status: 'full',
      observedAt: new Date('2023-09-23T16:04:00.000Z'),
    });
  });

  it('combines several status values: closed beats spacesAvailable', () => {
    expect(byId(result.observations, '12717253')).toMatchObject({
      free: 457,
      occupied: 25,
      status: 'closed',
    });
  });

  it('reads statusUnknown without counts as free null', () => {
    expect(byId(result.observations, '78319431')).toEqual({
      localId: '78319431',
      free: null,
      status: 'unknown',
      observedAt: new Date('2023-10-07T01:45:31.582Z'),
    });
  });

  it('keeps the 1970 status time that marks a dead counter', () => {
    expect(byId(result.observations, '12717450').observedAt).toEqual(new Date('1970-01-01T00:00:00.000Z'));
  });

  it('gives 35 open, 9 unknown, 4 closed and 1 full', () => {
    expect(tally(result.observations.map((o) => o.status))).toEqual({
      open: 35,
      unknown: 9,
      closed: 4,
      full: 1,
    });
  });
});

describe('datex2Adapter on VRS Bondorf GenericPublication "ParkingOccupancy" (GroupOfParkingSitesStatus)', () => {
  it('reads the single group status with 313 capacity and 215 free', () => {
    const result = parseFixture('vrs-bondorf-pr-parkingstatus-v2.xml');
    expect(result.facilities).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.observations).toEqual([
      {
        localId: '1035[P+R Bondorf]',
        free: 215,
        occupied: 98,
        capacity: 313,
        observedAt: new Date('2025-05-09T19:41:58.546Z'),
      },
    ]);
    expect(result.publishedAt).toEqual(new Date('2025-05-09T19:41:58.546Z'));
  });
});

describe('datex2Adapter on DATEX II v3 (hand-written samples, messageContainer + par: namespace)', () => {
  it('reads the v3 table: preferred language name, park-and-ride and on-street kinds', () => {
    const result = parseFixture('datex2-v3-parkingtable-handwritten.xml');
    expect(result.warnings).toEqual([]);
    expect(result.publishedAt).toEqual(new Date('2025-03-01T05:00:00Z'));
    expect(result.facilities).toEqual([
      {
        localId: 'de:example:ph-markt',
        name: 'Parkhaus Am Markt',
        kind: 'car-park',
        location: { lat: 48.137154, lon: 11.576124 },
        capacity: 420,
      },
      {
        localId: 'de:example:pr-bahnhof',
        name: 'P+R Bahnhof Nord',
        kind: 'park-and-ride',
        location: { lat: 48.142, lon: 11.5583 },
        capacity: 150,
        // parkingUsageScenario parkAndRide also sets the park-and-ride detail
        parkAndRide: true,
      },
      {
        localId: 'de:example:marktstrasse',
        name: 'Marktstraße',
        kind: 'on-street',
        location: { lat: 48.1369, lon: 11.5755 },
        capacity: 24,
      },
    ]);
  });

  it('reads the v3 status: vacant counts, full, and free derived from override − occupied', () => {
    const result = parseFixture('datex2-v3-parkingstatus-handwritten.xml');
    expect(result.warnings).toEqual([]);
    expect(result.publishedAt).toEqual(new Date('2025-03-01T07:15:30Z'));
    expect(result.observations).toEqual([
      {
        localId: 'de:example:ph-markt',
        free: 137,
        occupied: 283,
        status: 'open',
        observedAt: new Date('2025-03-01T07:14:05Z'),
      },
      {
        localId: 'de:example:pr-bahnhof',
        free: 0,
        occupied: 150,
        status: 'full',
        observedAt: new Date('2025-03-01T07:13:40Z'),
      },
      {
        localId: 'de:example:marktstrasse',
        free: 3,
        occupied: 17,
        capacity: 20,
        status: 'open',
        observedAt: new Date('2025-03-01T07:10:00Z'),
      },
    ]);
  });
});

describe('datex2: names of Object.prototype are no DATEX II values', () => {
  const doc = (payload: string) =>
    Buffer.from(
      `<d2LogicalModel xmlns="http://datex2.eu/schema/2/2_0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">${payload}</d2LogicalModel>`,
    );

  it('a payload of xsi:type constructor is no parking publication, as any unknown type', () => {
    for (const type of ['Foo', 'constructor', 'toString']) {
      expect(() =>
        datex2Adapter.parse(
          doc(
            `<payloadPublication xsi:type="${type}"><publicationTime>2026-01-01T00:00:00Z</publicationTime></payloadPublication>`,
          ),
          ctx,
        ),
      ).toThrow(`DATEX II document carries no parking publication (${type})`);
    }
  });

  it('a status value constructor is an unknown status, warned of', () => {
    const result = datex2Adapter.parse(
      doc(
        `<payloadPublication xsi:type="ParkingStatusPublication"><publicationTime>2026-01-01T00:00:00Z</publicationTime>` +
          `<parkingRecordStatus xsi:type="ParkingSiteStatus"><parkingRecordReference id="A"/>` +
          `<parkingStatusOriginTime>2026-01-01T00:00:00Z</parkingStatusOriginTime>` +
          `<parkingSiteStatus>constructor</parkingSiteStatus></parkingRecordStatus></payloadPublication>`,
      ),
      ctx,
    );
    expect(result.observations).toEqual([
      { localId: 'A', status: 'unknown', observedAt: new Date('2026-01-01T00:00:00Z') },
    ]);
    expect(result.warnings.map((w) => [w.code, w.message])).toEqual([
      ['UNKNOWN_STATUS', 'unknown DATEX II status "constructor"'],
    ]);
  });
});
