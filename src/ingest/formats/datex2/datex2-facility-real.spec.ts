import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import { datex2Adapter } from './datex2.adapter.js';

/**
 * A real DATEX II 2.0 parkingFacilityTablePublication: the first four of Stuttgart's parkingFacility
 * elements (MDM, 2023-12-03; test/fixtures/datex2/README.md). Every expected value was read from the
 * file by hand, not from the adapter.
 */
function parseFixture(name: string): ParkingParseResult {
  return datex2Adapter.parse(readFileSync(path.join(process.cwd(), 'test/fixtures/datex2', name)), {
    sourceId: 'stuttgart',
    receivedAt: new Date('2023-12-03T01:00:00Z'),
    format: {},
  });
}

/*
 * Each facility's openingTimes lists one or two `period`s per week day, each from 00:00 to 23:59 of
 * one date of the week 2023-12-03 (Sunday) to 12-09 (Saturday), named by its `periodName`: every day
 * 00:00-23:59, the end as written.
 */
const EVERY_DAY = 'Mo,Tu,We,Th,Fr,Sa,Su 00:00-23:59';

// Every assignedParkingSpaces group but the shortTerm one counts 0 in all four facilities.
const ZERO_GROUPS = { disabledCapacity: 0, evChargingCapacity: 0, restrictedCapacity: { women: 0, family: 0 } };

describe('datex2 2.0 parkingFacilityTablePublication (Stuttgart, real file)', () => {
  const result = parseFixture('stuttgart-parkingfacilitytable-v2-excerpt.xml');

  it('reads names, capacity, owner, permitted height, assigned places and opening times of each facility', () => {
    expect(result.observations).toEqual([]);
    expect(result.publishedAt).toEqual(new Date('2023-12-03T00:51:54.549Z'));
    expect(result.facilities).toEqual([
      {
        localId: '12717375',
        name: 'Kronprinzstraße',
        kind: 'car-park',
        capacity: 564,
        ...ZERO_GROUPS,
        // heightCharacteristic lessThan 2.0 m
        maxHeightCm: 200,
        // owner/contactName, `&amp;` unescaped
        operatorName: '14353112 / B+B Parkhaus GmbH & Co KG',
        openingHours: EVERY_DAY,
      },
      {
        localId: '12717250',
        name: 'Parkhaus Hofdiener',
        kind: 'car-park',
        capacity: 396,
        ...ZERO_GROUPS,
        maxHeightCm: 180,
        operatorName: '14353120 / PBW Parkraumgesellschaft Baden-Württenberg mbH',
        openingHours: EVERY_DAY,
      },
      {
        // no characteristicsOfPermittedVehicles: no height
        localId: '12717253',
        name: 'Galeria Kaufhof (Unt. Königstr.)',
        kind: 'car-park',
        capacity: 427,
        ...ZERO_GROUPS,
        operatorName: '14353121 / Q-Park GmbH & Co. KG.',
        openingHours: EVERY_DAY,
      },
      {
        // one period per day here, not two
        localId: '12717384',
        name: 'Landtag',
        kind: 'car-park',
        capacity: 140,
        ...ZERO_GROUPS,
        maxHeightCm: 208,
        operatorName: '14353120 / PBW Parkraumgesellschaft Baden-Württenberg mbH',
        openingHours: EVERY_DAY,
      },
    ]);
  });

  it('serves no location: the locationForDisplay figures are UTM metres (zone 32), not WGS84 degrees', () => {
    // e.g. Kronprinzstraße: latitude 5402496.0, longitude 512788.0
    expect(result.facilities.every((f) => f.location === undefined)).toBe(true);
    expect(new Set(result.warnings.map((w) => w.code))).toEqual(new Set(['INVALID_LOCATION']));
    expect(new Set(result.warnings.map((w) => w.ref))).toEqual(
      new Set(['12717375', '12717250', '12717253', '12717384']),
    );
  });
});
