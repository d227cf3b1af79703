import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ParseException } from '../../../common/app-exception.js';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions } from '../parking-format-adapter.js';
import { ngsiAdapter } from './ngsi.adapter.js';

/**
 * FIWARE smart data models (dataModel.Parking): the official examples of OffStreetParking,
 * ParkingGroup and ParkingSpot, each in its four published forms (NGSI v2 keyValues and
 * normalized, NGSI-LD keyValues and normalized). Expected values are copied from the files.
 */

const receivedAt = new Date('2025-01-01T00:00:00Z');

function parse(bytes: Buffer | string, format: ParkingFormatOptions = {}): ParkingParseResult {
  return ngsiAdapter.parse(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes, {
    sourceId: 'ngsi',
    receivedAt,
    format,
  });
}

const fixture = (name: string): Buffer => readFileSync(path.join(process.cwd(), 'test/fixtures/ngsi', name));

const FORMS = [
  ['NGSI v2 keyValues', 'example.json'],
  ['NGSI v2 normalized', 'example-normalized.json'],
  ['NGSI-LD keyValues', 'example.jsonld'],
  ['NGSI-LD normalized', 'example-normalized.jsonld'],
] as const;

const timed = (form: string): boolean => form.includes('normalized');

describe.each(FORMS)('OffStreetParking, %s', (form, suffix) => {
  const result = parse(fixture(`offstreetparking-${suffix}`));

  it('reads the car park: id without the NGSI-LD urn, name, position, address, capacity', () => {
    expect(result.warnings).toEqual([]);
    expect(result.facilities).toEqual([
      {
        localId: 'porto-ParkingLot-23889',
        name: 'Parque de estacionamento Trindade',
        kind: 'car-park',
        location: { lat: 41.150691773, lon: -8.60961198807 },
        // The NGSI-LD normalized example spells the street without its accent.
        address: form === 'NGSI-LD normalized' ? 'Rua de Fernandes Tomas, Porto' : 'Rua de Fernandes Tomás, Porto',
        capacity: 414,
        // chargeType [temporaryPrice], category feeCharged
        fees: { hasFee: true },
        // twoWheelerSlots.totalSpotNumber 20
        restrictedCapacity: { motorcycle: 20 },
        // maximumParkingDuration PT8H. fourWheelerSlots (25 of 25: cars, the ordinary places) and
        // unclassifiedSlots (0: "other vehicles", no kind) are not read.
        maxStayMinutes: 480,
      },
    ]);
  });

  it('reads the occupancy and when it was observed', () => {
    // availableSpotNumber's own time (v2 metadata.timestamp, LD observedAt), else occupancyModified: the same instant here.
    expect(result.observations).toEqual([
      {
        localId: 'porto-ParkingLot-23889',
        free: 132,
        occupied: 282,
        capacity: 414,
        observedAt: new Date('2018-09-21T12:00:00Z'),
        // twoWheelerSlots.availableSpotNumber 20
        restrictedFree: { motorcycle: 20 },
      },
    ]);
  });
});

describe.each(FORMS)('ParkingGroup, %s', (form, suffix) => {
  const result = parse(fixture(`parkinggroup-${suffix}`));

  it('reads the group as a car park reserved for disabled users, placed at the mean of its polygon', () => {
    expect(result.warnings).toEqual([]);
    expect(result.facilities).toEqual([
      {
        localId: 'daoiz-velarde-1-5-disabled',
        kind: 'disabled',
        location: { lat: 43.462923963, lon: -3.803351802 },
        capacity: 2,
        // chargeType [free]
        fees: { hasFee: false },
        // category onlyDisabled, requiredPermit [disabledPermit]: its totalSpotNumber 2 are all for disabled drivers
        disabledCapacity: 2,
      },
    ]);
  });

  it('reads 1 of 2 spots available, both places and the free one for disabled drivers', () => {
    expect(result.observations).toEqual([
      {
        localId: 'daoiz-velarde-1-5-disabled',
        free: 1,
        capacity: 2,
        // availableSpotNumber 1
        disabledFree: 1,
        ...(timed(form) ? { observedAt: new Date('2018-09-12T12:00:00Z') } : {}),
      },
    ]);
  });
});

describe('OnStreetParking, NGSI v2 keyValues (the official example)', () => {
  const result = parse(fixture('onstreetparking-example.json'));

  it('reads the on-street site, its fee, its two-wheeler places and that it has disabled places; not its permits or extraSpotNumber', () => {
    expect(result.warnings).toEqual([]);
    expect(result.facilities).toEqual([
      {
        localId: 'santander:daoiz_velarde_1_5',
        kind: 'on-street',
        // The mean of the polygon's 4 distinct vertices, to 1e-9 degrees.
        location: { lat: 43.462923963, lon: -3.803351802 },
        capacity: 6,
        // chargeType [temporaryFee]
        fees: { hasFee: true },
        // twoWheelerSlots.totalSpotNumber 20. requiredPermit [blueZonePermit, disabledPermit] are alternatives,
        // extraSpotNumber 2 is no one kind's: neither is read as a count.
        restrictedCapacity: { motorcycle: 20 },
        // category [blueZone, shortTerm, forDisabled]: places for disabled drivers, no count of them.
        disabledPresent: true,
        // maximumParkingDuration PT2H
        maxStayMinutes: 120,
      },
    ]);
    expect(result.observations).toEqual([
      {
        localId: 'santander:daoiz_velarde_1_5',
        free: 3,
        occupied: 3,
        capacity: 6,
        // observationDateTime 2021-03-11T15:51:02+05:30
        observedAt: new Date('2021-03-11T10:21:02Z'),
        restrictedFree: { motorcycle: 20 },
      },
    ]);
  });
});

describe.each(FORMS)('ParkingSpot, %s', (form, suffix) => {
  const result = parse(fixture(`parkingspot-${suffix}`));

  it('counts the spot into its parking site (refParkingSite): an on-street site of 1 spot, 1 free', () => {
    expect(result.warnings).toEqual([]);
    expect(result.facilities).toEqual([
      {
        localId: 'santander:daoiz_velarde_1_5',
        kind: 'on-street',
        location: { lat: 43.46296641666926, lon: -3.80356167695194 },
        capacity: 1,
      },
    ]);
    expect(result.observations).toEqual([
      {
        localId: 'santander:daoiz_velarde_1_5',
        free: 1,
        occupied: 0,
        capacity: 1,
        ...(timed(form) ? { observedAt: new Date('2018-09-21T12:00:00Z') } : {}),
      },
    ]);
  });
});

describe('ngsi payload shapes', () => {
  const v2 = JSON.parse(fixture('offstreetparking-example.json').toString('utf8')) as Record<string, unknown>;
  const spot = JSON.parse(fixture('parkingspot-example.json').toString('utf8')) as Record<string, unknown>;

  it('reads a GET /v2/entities list, and a notification { subscriptionId, data }', () => {
    const list = parse(JSON.stringify([v2, { ...spot, id: 'santander:s:4', status: 'occupied' }, spot]));
    expect(list.facilities.map((f) => f.localId)).toEqual(['porto-ParkingLot-23889', 'santander:daoiz_velarde_1_5']);
    expect(list.observations.find((o) => o.localId === 'santander:daoiz_velarde_1_5')).toEqual({
      localId: 'santander:daoiz_velarde_1_5',
      free: 1,
      occupied: 1,
      capacity: 2,
    });
    const notified = parse(JSON.stringify({ subscriptionId: 'urn:ngsi-ld:Subscription:1', data: [v2] }));
    expect(notified.observations.map((o) => o.free)).toEqual([132]);
  });

  it('reads an NGSI-LD GeoJSON FeatureCollection (Accept: application/geo+json)', () => {
    const { location, ...properties } = v2;
    const collection = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: 'urn:ngsi-ld:OffStreetParking:porto-ParkingLot-23889', geometry: location, properties },
      ],
    };
    const result = parse(JSON.stringify(collection));
    expect(result.facilities[0]).toMatchObject({
      localId: 'porto-ParkingLot-23889',
      location: { lat: 41.150691773, lon: -8.60961198807 },
    });
  });

  it("lets the site's own counts win over the spots counted into it", () => {
    const site = {
      id: 'santander:daoiz_velarde_1_5',
      type: 'OnStreetParking',
      name: 'Daoiz y Velarde',
      totalSpotNumber: 20,
      availableSpotNumber: 7,
    };
    const result = parse(JSON.stringify([spot, site]));
    expect(result.facilities).toEqual([
      { localId: 'santander:daoiz_velarde_1_5', name: 'Daoiz y Velarde', kind: 'on-street', capacity: 20 },
    ]);
    expect(result.observations).toEqual([{ localId: 'santander:daoiz_velarde_1_5', free: 7, capacity: 20 }]);
  });

  it('maps the DATEX II status values of a site (most restrictive first), with statusValues overrides', () => {
    const result = parse(
      JSON.stringify([
        { ...v2, status: ['open', 'full'] },
        { ...v2, id: 'b', status: 'geschlossen' },
      ]),
      {
        statusValues: { closed: ['geschlossen'] },
      },
    );
    expect(result.observations.map((o) => [o.localId, o.status])).toEqual([
      ['porto-ParkingLot-23889', 'full'],
      ['b', 'closed'],
    ]);
  });

  it('passes a negative count on (the pipeline flags it) and warns on an unknown entity type once', () => {
    const result = parse(
      JSON.stringify([
        { ...v2, availableSpotNumber: -2 },
        { id: 'x', type: 'Vehicle' },
        { id: 'y', type: 'Vehicle' },
      ]),
    );
    expect(result.observations[0]?.free).toBe(-2);
    expect(result.warnings).toEqual([
      {
        code: 'UNSUPPORTED_ENTITY',
        message: 'NGSI entity type "Vehicle" is not a parking model; its entities are skipped',
        ref: 'x',
      },
    ]);
  });

  it('skips an entity without id (MISSING_ID) and refuses a payload that is not NGSI', () => {
    expect(parse(JSON.stringify([{ type: 'OffStreetParking', totalSpotNumber: 3 }])).warnings).toEqual([
      { code: 'MISSING_ID', message: 'NGSI entity #0 has no id; skipped', ref: '#0' },
    ]);
    expect(() => parse('{"lots": []}')).toThrow(ParseException);
    expect(() => parse('not json')).toThrow(ParseException);
  });
});

describe('ngsi facility details beyond the official examples (attributes of the OffStreetParking spec, values written here)', () => {
  it('reads height, opening hours, price per minute, provider, P+R by usageScenario, a train station, seeAlso', () => {
    const entity = {
      id: 'urn:ngsi-ld:OffStreetParking:pr-1',
      type: 'OffStreetParking',
      name: 'P+R Gare',
      location: { type: 'Point', coordinates: [2.35, 48.85] },
      totalSpotNumber: 300,
      maximumAllowedHeight: 2.1,
      openingHours: 'Mo-Sa 06:00-22:00',
      priceRatePerMinute: 0.05,
      priceCurrency: 'EUR',
      usageScenario: ['parkAndRide'],
      specialLocation: ['trainStation'],
      provider: { name: 'Régie Parcs' },
      seeAlso: ['https://example.org/pr-1'],
    };
    expect(parse(JSON.stringify(entity)).facilities[0]).toMatchObject({
      localId: 'pr-1',
      maxHeightCm: 210,
      openingHours: 'Mo-Sa 06:00-22:00',
      fees: { prices: [{ minutes: 1, amount: 0.05, currency: 'EUR' }] },
      parkAndRide: true,
      publicTransportModes: ['train'],
      operatorName: 'Régie Parcs',
      url: 'https://example.org/pr-1',
    });
  });
});

describe('ngsi places that exist without a count (facilities, category; values written here)', () => {
  const read = (extra: Record<string, unknown>) =>
    parse(JSON.stringify({ id: 's', type: 'OffStreetParking', totalSpotNumber: 80, ...extra })).facilities[0];

  it('facilities electricChargingStation and category forElectricalCharging: charging points; forDisabled: disabled places', () => {
    expect(read({ facilities: ['toilet', 'electricChargingStation'] })).toEqual({
      localId: 's',
      kind: 'car-park',
      capacity: 80,
      evChargingPresent: true,
    });
    expect(read({ category: ['public', 'forElectricalCharging'] })).toMatchObject({ evChargingPresent: true });
    expect(read({ category: ['forDisabled', 'underground'] })).toMatchObject({ disabledPresent: true });
    expect(read({ category: ['forDisabled', 'forElectricalCharging'] })).toMatchObject({
      disabledPresent: true,
      evChargingPresent: true,
    });
  });

  it('the NGSI-LD normalized form: Property values', () => {
    const entity = {
      id: 'urn:ngsi-ld:OffStreetParking:s',
      type: 'OffStreetParking',
      facilities: { type: 'Property', value: ['electricChargingStation'] },
      category: { type: 'Property', value: ['forDisabled'] },
    };
    expect(parse(JSON.stringify(entity)).facilities[0]).toMatchObject({
      evChargingPresent: true,
      disabledPresent: true,
    });
  });

  it('other facilities and categories say nothing of either; a count of the group itself is kept as it was', () => {
    const plain = read({ facilities: ['elevator', 'toilet'], category: ['forResidents', 'public'] });
    expect(plain).not.toHaveProperty('evChargingPresent');
    expect(plain).not.toHaveProperty('disabledPresent');
    const group = parse(
      JSON.stringify({
        id: 'g',
        type: 'ParkingGroup',
        category: ['onlyElectricalCharging', 'forElectricalCharging'],
        totalSpotNumber: 4,
      }),
    ).facilities[0];
    expect(group).toMatchObject({ evChargingCapacity: 4, evChargingPresent: true });
  });
});

describe('ngsi maximumParkingDuration (ISO 8601 durations written here)', () => {
  const stay = (value: unknown): number | undefined =>
    parse(JSON.stringify({ id: 's', type: 'OffStreetParking', maximumParkingDuration: value })).facilities[0]
      .maxStayMinutes;

  it('reads days, hours, minutes and seconds (whole minutes) and weeks as minutes', () => {
    // 1 day = 24 * 60; 1 h 30 min = 90; 2 weeks = 14 * 24 * 60; 5400 s = 90 min; 1.5 h = 90 min.
    expect([stay('P1D'), stay('PT1H30M'), stay('P2W'), stay('PT5400S'), stay('PT1.5H'), stay('P1DT2H')]).toEqual([
      1440, 90, 20160, 90, 90, 1560,
    ]);
  });

  it('reads the older attribute name maximumAllowedDuration of the first examples', () => {
    const entity = { id: 's', type: 'OffStreetParking', maximumAllowedDuration: 'PT8H' };
    expect(parse(JSON.stringify(entity)).facilities[0].maxStayMinutes).toBe(480);
  });

  it('reads no stay from an empty value (indefinite), months or years, part minutes, zero or free text', () => {
    for (const value of ['', 'P1M', 'P1Y', 'PT30S', 'PT0S', 'P', 'PT', '2 hours', 'PT-1H', 42]) {
      expect([value, stay(value)]).toEqual([value, undefined]);
    }
  });
});

describe('ngsi places set aside (requiredPermit, category, allowedVehicleType, twoWheelerSlots; values written here)', () => {
  const site = { id: 'g', type: 'ParkingGroup', refParkingSite: 's', totalSpotNumber: 12, availableSpotNumber: 5 };
  const read = (extra: Record<string, unknown>): ParkingParseResult => parse(JSON.stringify({ ...site, ...extra }));

  it('counts a group or site reserved by one permit as that kind: resident, carsharing, carpool, taxi', () => {
    for (const [permit, kind] of [
      ['residentPermit', 'resident'],
      ['carSharingPermit', 'carsharing'],
      ['carpoolingPermit', 'carpool'],
      ['taxiPermit', 'taxi'],
    ] as const) {
      const result = read({ requiredPermit: [permit] });
      expect(result.facilities[0]?.restrictedCapacity).toEqual({ [kind]: 12 });
      expect(result.observations[0]?.restrictedFree).toEqual({ [kind]: 5 });
    }
  });

  it('reads the ParkingGroup categories onlyResidents, loadUnloadZone and onlyElectricalCharging', () => {
    expect(read({ category: ['onlyResidents'] }).facilities[0]?.restrictedCapacity).toEqual({ resident: 12 });
    expect(read({ category: ['loadUnloadZone'] }).observations[0]?.restrictedFree).toEqual({ delivery: 5 });
    const charging = read({ category: ['onlyElectricalCharging'] });
    expect(charging.facilities[0]?.evChargingCapacity).toBe(12);
    expect(charging.observations[0]?.evChargingFree).toBe(5);
  });

  it("reads a group's one allowedVehicleType, and a site's when it allows only that one", () => {
    expect(read({ allowedVehicleType: 'bus' }).facilities[0]?.restrictedCapacity).toEqual({ bus: 12 });
    expect(read({ allowedVehicleType: 'motorscooter' }).facilities[0]?.restrictedCapacity).toEqual({ motorcycle: 12 });
    expect(read({ allowedVehicleType: 'truck' }).facilities[0]?.restrictedCapacity).toEqual({ truck: 12 });
    const lorries = read({ type: 'OffStreetParking', allowedVehicleType: ['lorry'] });
    expect(lorries.facilities[0]?.restrictedCapacity).toEqual({ truck: 12 });
    // The first type is the principal one; the others' spots are not counted apart (extraSpotNumber mixes them).
    expect(read({ type: 'OffStreetParking', allowedVehicleType: ['car', 'bus'] }).facilities[0]).not.toHaveProperty(
      'restrictedCapacity',
    );
    expect(read({ allowedVehicleType: 'car' }).facilities[0]).not.toHaveProperty('restrictedCapacity');
  });

  it('reads no kind from several alternative permits, a combined permit, or none needed', () => {
    for (const requiredPermit of [
      ['residentPermit', 'visitorPermit'],
      ['residentPermit,disabledPermit'],
      ['noPermitNeeded'],
      [],
    ]) {
      const result = read({ requiredPermit });
      expect(result.facilities[0]).not.toHaveProperty('restrictedCapacity');
      expect(result.facilities[0]).not.toHaveProperty('disabledCapacity');
      expect(result.observations[0]).not.toHaveProperty('restrictedFree');
    }
  });

  it('gives the capacity alone when the entity says no free count; reads twoWheelerSlots without a total', () => {
    const result = parse(
      JSON.stringify({ id: 'g', type: 'ParkingGroup', totalSpotNumber: 4, requiredPermit: ['disabledPermit'] }),
    );
    expect(result.facilities[0]?.disabledCapacity).toBe(4);
    expect(result.observations).toEqual([]);
    const slots = parse(
      JSON.stringify({
        id: 's',
        type: 'OffStreetParking',
        availableSpotNumber: 9,
        twoWheelerSlots: { availableSpotNumber: 3 },
      }),
    );
    expect(slots.facilities[0]).not.toHaveProperty('restrictedCapacity');
    expect(slots.observations[0]?.restrictedFree).toEqual({ motorcycle: 3 });
  });
});

describe("ngsi ParkingGroups counted into their refParkingSite's places set aside (values written here)", () => {
  const site = {
    id: 'urn:ngsi-ld:OffStreetParking:p',
    type: 'OffStreetParking',
    totalSpotNumber: 100,
    availableSpotNumber: 40,
  };
  const group = (id: string, extra: Record<string, unknown>) => ({
    id: `urn:ngsi-ld:ParkingGroup:${id}`,
    type: 'ParkingGroup',
    refParkingSite: { type: 'Relationship', object: 'urn:ngsi-ld:OffStreetParking:p' },
    ...extra,
  });
  const groups = [
    group('p-dis', { requiredPermit: ['disabledPermit'], totalSpotNumber: 4, availableSpotNumber: 1 }),
    group('p-ev', { category: ['onlyElectricalCharging'], totalSpotNumber: 6, availableSpotNumber: 2 }),
    group('p-m1', { allowedVehicleType: 'motorcycle', totalSpotNumber: 10, availableSpotNumber: 3 }),
    group('p-m2', { allowedVehicleType: 'motorcycle', totalSpotNumber: 5, availableSpotNumber: 5 }),
  ];

  it("sums the groups' counts by kind into the site, the groups staying car parks of their own", () => {
    const result = parse(JSON.stringify([...groups, site]));
    const p = result.facilities.find((f) => f.localId === 'p');
    // disabled 4; charging 6; motorcycle 10 + 5
    expect(p).toEqual({
      localId: 'p',
      kind: 'car-park',
      capacity: 100,
      disabledCapacity: 4,
      evChargingCapacity: 6,
      restrictedCapacity: { motorcycle: 15 },
    });
    // free: disabled 1; charging 2; motorcycle 3 + 5
    expect(result.observations.find((o) => o.localId === 'p')).toEqual({
      localId: 'p',
      free: 40,
      capacity: 100,
      disabledFree: 1,
      evChargingFree: 2,
      restrictedFree: { motorcycle: 8 },
    });
    expect(result.facilities.map((f) => f.localId)).toEqual(['p-dis', 'p-ev', 'p-m1', 'p-m2', 'p']);
  });

  it("keeps the site's own count of a kind, and leaves a site that is not in the payload alone", () => {
    const own = { ...site, twoWheelerSlots: { totalSpotNumber: 20, availableSpotNumber: 9 } };
    const result = parse(JSON.stringify([own, ...groups.slice(2)]));
    expect(result.facilities.find((f) => f.localId === 'p')?.restrictedCapacity).toEqual({ motorcycle: 20 });
    expect(result.observations.find((o) => o.localId === 'p')?.restrictedFree).toEqual({ motorcycle: 9 });
    const alone = parse(JSON.stringify(groups));
    expect(alone.facilities.map((f) => f.localId)).toEqual(['p-dis', 'p-ev', 'p-m1', 'p-m2']);
    expect(alone.facilities.find((f) => f.localId === 'p-dis')?.disabledCapacity).toBe(4);
  });
});

describe("ngsi ParkingGroups take their site's maximum stay and height when they give none (values written here)", () => {
  // ParkingGroup spec, maximumParkingDuration and maximumAllowedHeight: "Applications SHOULD
  // inspect the value of this property at parent's level if it is not defined".
  const site = {
    id: 'urn:ngsi-ld:OffStreetParking:p',
    type: 'OffStreetParking',
    maximumParkingDuration: 'PT4H',
    maximumAllowedHeight: 1.9,
  };
  const group = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    type: 'ParkingGroup',
    refParkingSite: 'urn:ngsi-ld:OffStreetParking:p',
    ...extra,
  });

  it("a group without them has the site's; a group's own values win; the site is unchanged", () => {
    const result = parse(
      JSON.stringify([group('g1'), group('g2', { maximumParkingDuration: 'PT30M', maximumAllowedHeight: 2.5 }), site]),
    );
    const of = (id: string) => {
      const f = result.facilities.find((x) => x.localId === id);
      return [f?.maxStayMinutes, f?.maxHeightCm];
    };
    // PT4H = 240 min, 1.9 m = 190 cm; PT30M = 30 min, 2.5 m = 250 cm.
    expect([of('g1'), of('g2'), of('p')]).toEqual([
      [240, 190],
      [30, 250],
      [240, 190],
    ]);
  });

  it('a group whose site is not in the payload takes nothing', () => {
    const result = parse(JSON.stringify([group('g1')]));
    expect([result.facilities[0].maxStayMinutes, result.facilities[0].maxHeightCm]).toEqual([undefined, undefined]);
  });
});

describe("ngsi: names of Object.prototype's keys are unknown values (values written here)", () => {
  // constructor, toString, __proto__, hasOwnProperty...: a table lookup must not take them for known ones.
  const inherited = Object.getOwnPropertyNames(Object.prototype);
  const site = { id: 'g', type: 'ParkingGroup', totalSpotNumber: 12, availableSpotNumber: 5 };

  it('a status is not mapped: unknown, warned of, with or without statusValues', () => {
    for (const name of inherited) {
      for (const format of [{}, { statusValues: { closed: ['geschlossen'] } }]) {
        const result = parse(JSON.stringify({ ...site, status: name }), format);
        expect(result.observations[0]?.status).toBe('unknown');
        expect(result.warnings).toEqual([
          {
            code: 'UNKNOWN_STATUS',
            message: `NGSI status "${name}" is not mapped (statusValues); read as unknown`,
            ref: 'g',
          },
        ]);
      }
    }
  });

  it('a requiredPermit, category or allowedVehicleType sets no place aside', () => {
    for (const name of inherited) {
      for (const extra of [{ requiredPermit: [name] }, { category: [name] }, { allowedVehicleType: name }]) {
        const result = parse(JSON.stringify({ ...site, ...extra }));
        expect(result.facilities[0]).not.toHaveProperty('restrictedCapacity');
        expect(result.facilities[0]).not.toHaveProperty('disabledCapacity');
        expect(result.facilities[0]).not.toHaveProperty('evChargingCapacity');
        expect(result.observations[0]).not.toHaveProperty('restrictedFree');
      }
    }
  });
});
