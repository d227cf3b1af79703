import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import { parkingAdapterFor } from '../parking-format.registry.js';
import { datex2Adapter } from './datex2.adapter.js';

/**
 * Facility details on real operator files (test/fixtures/datex2/README.md): Stuttgart's DATEX II 2.0
 * parkingFacilityTablePublication (its first four facilities), NDW's 2.3 truck parking table (two
 * records) and CITA's 2.3 parking table (Luxembourg, three records). Every expected value was read
 * from the files by hand, not from the adapter.
 */
function parseFixture(name: string): ParkingParseResult {
  return datex2Adapter.parse(readFileSync(path.join(process.cwd(), 'test/fixtures/datex2', name)), {
    sourceId: 'real',
    receivedAt: new Date('2026-10-05T03:32:00Z'),
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
    // One warning per facility: its one locationForDisplay, not once per way of finding it.
    expect(result.warnings.map((w) => [w.code, w.ref])).toEqual([
      ['INVALID_LOCATION', '12717375'],
      ['INVALID_LOCATION', '12717250'],
      ['INVALID_LOCATION', '12717253'],
      ['INVALID_LOCATION', '12717384'],
    ]);
    expect(result.warnings[0]!.message).toBe(
      'coordinates "5402496.0", "512788.0" are not a WGS84 point; they look like projected coordinates (metres): ' +
        "set the source's crs (one of EPSG:4326, EPSG:25832, EPSG:25833, EPSG:2154, EPSG:3857, EPSG:31467)",
    );
  });

  it('with the source crs EPSG:25832 (ETRS89 / UTM 32N), serves each facility at its WGS84 position', () => {
    const bytes = readFileSync(
      path.join(process.cwd(), 'test/fixtures/datex2/stuttgart-parkingfacilitytable-v2-excerpt.xml'),
    );
    const projected = parkingAdapterFor('datex2').parse(bytes, {
      sourceId: 'real',
      receivedAt: new Date('2026-10-05T03:32:00Z'),
      format: {},
      crs: 'EPSG:25832',
    });
    expect(projected.warnings).toEqual([]);
    // The file's locationForDisplay (latitude = northing, longitude = easting), converted apart from
    // proj4: by the Krüger series (utmToWgs84 in src/common/coordinate-systems.spec.ts, here run in
    // python3 to 9 decimals). Stuttgart's centre.
    const expected: Array<[string, number, number]> = [
      ['12717375', 48.775335562, 9.17405527], // 5402496.0 / 512788.0
      ['12717250', 48.779916371, 9.172818797], // 5403005.0 / 512696.0
      ['12717253', 48.782109115, 9.180177164], // 5403250.0 / 513236.0
      ['12717384', 48.778692613, 9.184619787], // 5402871.0 / 513563.28
    ];
    expect(projected.facilities.map((f) => f.localId)).toEqual(expected.map(([id]) => id));
    projected.facilities.forEach((f, i) => {
      const [, lat, lon] = expected[i]!;
      expect(Math.abs(f.location!.lat - lat)).toBeLessThan(1e-6);
      expect(Math.abs(f.location!.lon - lon)).toBeLessThan(1e-6);
    });
    // Everything else as read without it.
    expect(projected.facilities.map(({ location: _location, ...rest }) => rest)).toEqual(result.facilities);
  });
});

describe('datex2 2.3 ParkingTablePublication (NDW truck parking, real file)', () => {
  const result = parseFixture('ndw-truckparking-table-v2-excerpt.xml');

  it('reads tariffs (fee, page, an hourly price), address, location and truck parking; nothing where the file names nothing', () => {
    expect(result.warnings).toEqual([]);
    expect(result.observations).toEqual([]);
    expect(result.publishedAt).toEqual(new Date('2026-04-29T13:07:49.531Z'));
    expect(result.facilities).toEqual([
      {
        localId: 'NL-12_421',
        name: 'Truckstop Venlo',
        // parkingUsageScenario truckParking
        kind: 'other',
        location: { lat: 51.39038, lon: 6.108905 },
        // parkingSiteAddress: contactDetailsStreet, HouseNumber, Postcode, City
        address: 'James Cookweg 31, 5928LJ Venlo',
        // freeOfCharge false, urlLinkAddress, a chargeBand in eur: 1.00 per 3600.0 s
        fees: {
          hasFee: true,
          url: 'https://truckparkingvenlo.nl',
          prices: [{ minutes: 60, amount: 1, currency: 'EUR' }],
        },
        // No capacity: no record parkingNumberOfSpaces (its groups of spaces hold 390, 12 and 0).
        // Equipment 0 and 4: electricChargingStation, availability available, no count: some, uncounted.
        evChargingPresent: true,
        // No operatorName: the operator ContactDetails says only contactUnknown true.
      },
      {
        localId: 'NL-12_413',
        name: 'Truckparking Hazeldonk',
        kind: 'other',
        location: { lat: 51.488327, lon: 4.7395062 },
        address: 'Hazeldonk 6012, 4836LA Breda',
        // tariffsAndPayment holds only a urlLinkAddress: neither a fee nor a price
        fees: { url: 'http://www.truckparking-hazeldonk.com' },
        // equipment 6: electricChargingStation, available, no count
        evChargingPresent: true,
        // operator: a telephone number and an e-mail address, no name
      },
    ]);
  });
});

describe('datex2 2.3 ParkingTablePublication (CITA Luxembourg, real file)', () => {
  const result = parseFixture('cita-parking-static-v2-excerpt.xml');

  it('reads the operator name, free of charge, and the position beside an AlertC point (root in a foreign namespace)', () => {
    expect(result.warnings).toEqual([]);
    expect(result.observations).toEqual([]);
    // 2019-06-14T11:34:33.700+02:00
    expect(result.publishedAt).toEqual(new Date('2019-06-14T09:34:33.700Z'));
    // contactOrganisationName has one value, lang fr, in an `en` publication
    const common = {
      kind: 'other',
      // parkingSiteAddress: no street or city, only a contactDetailsAddress (and a country)
      address: 'Along the motorway',
      fees: { hasFee: false },
      operatorName: 'Administration des Ponts et Chaussées',
      // equipment 1 of each: electricChargingStation with availability notAvailable, no count: none
      evChargingPresent: false,
    };
    expect(result.facilities).toEqual([
      {
        localId: 'G-MB-B',
        name: 'Aire de Berchem direction France',
        location: { lat: 49.543915, lon: 6.1201115 },
        ...common,
      },
      {
        localId: 'B-MB-G',
        name: 'Aire de Berchem direction Luxembourg-Ville',
        location: { lat: 49.54027778, lon: 6.11666667 },
        ...common,
      },
      {
        localId: 'C-WC-W',
        name: 'Aire de Capellen direction Belgique',
        // longitude written 5.97500000
        location: { lat: 49.63555556, lon: 5.975 },
        ...common,
      },
    ]);
  });
});
