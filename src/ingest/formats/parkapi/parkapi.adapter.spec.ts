import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ParseException } from '../../../common/app-exception.js';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import type { ParseContext } from '../parking-format-adapter.js';
import { parkapiAdapter } from './parkapi.adapter.js';
import { slugOf } from './parkapi-v1.mapper.js';

const ctx: ParseContext = { sourceId: 'parkapi', receivedAt: new Date('2024-05-14T08:20:00Z'), format: {} };
const parse = (name: string): ParkingParseResult =>
  parkapiAdapter.parse(readFileSync(path.join(process.cwd(), 'test/fixtures/parkapi', name)), ctx);
const byId = (result: ParkingParseResult, localId: string) => ({
  facility: result.facilities.find((f) => f.localId === localId),
  observation: result.observations.find((o) => o.localId === localId),
});
const count = <T>(items: T[], predicate: (item: T) => boolean): number => items.filter(predicate).length;

describe('parkapiAdapter on ParkAPI v1 Herrenberg', () => {
  const result = parse('parkapi-v1-herrenberg.json');
  const observedAt = new Date('2022-12-08T16:08:21.870Z');

  it('reads all 25 lots; the 18 without "free" get free null', () => {
    expect(result.facilities).toHaveLength(25);
    expect(result.observations).toHaveLength(25);
    expect(count(result.observations, (o) => o.free === null)).toBe(18);
    expect(count(result.observations, (o) => o.status === 'unknown')).toBe(14);
    expect(count(result.observations, (o) => o.status === 'open')).toBe(9);
    expect(count(result.observations, (o) => o.status === 'closed')).toBe(2);
    expect(result.publishedAt).toEqual(observedAt);
  });

  it('derives ids from names for the 16 lots without one, and says so once', () => {
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'DERIVED_ID', message: expect.stringMatching(/^16 lot/) }),
    ]);
    expect(new Set(result.facilities.map((f) => f.localId)).size).toBe(25);
  });

  it('maps a multi-storey car park with "many" state as open', () => {
    expect(byId(result, 'ac230e00-2cea-11eb-93e4-7f8bf428cc7a')).toEqual({
      facility: {
        localId: 'ac230e00-2cea-11eb-93e4-7f8bf428cc7a',
        name: 'Altstadtgarage',
        kind: 'car-park',
        location: { lat: 48.593768, lon: 8.872705 },
        address: '71083 Herrenberg',
        capacity: 97,
      },
      observation: {
        localId: 'ac230e00-2cea-11eb-93e4-7f8bf428cc7a',
        free: 62,
        capacity: 97,
        status: 'open',
        observedAt,
      },
    });
  });

  it('maps "few" to open, Park-Ride to park-and-ride and nodata to unknown with free null', () => {
    expect(byId(result, '8f6e3300-2cec-11eb-93e4-7f8bf428cc7a').facility).toMatchObject({
      name: 'Bronntor',
      capacity: 90,
    });
    expect(byId(result, '8f6e3300-2cec-11eb-93e4-7f8bf428cc7a').observation).toMatchObject({
      free: 3,
      status: 'open',
    });
    expect(byId(result, 'prbahnhofstrasse')).toEqual({
      facility: {
        localId: 'prbahnhofstrasse',
        name: 'P+R Bahnhofstraße',
        kind: 'park-and-ride',
        location: { lat: 48.59309, lon: 8.86126 },
        address: '71083 Herrenberg',
        capacity: 122,
      },
      observation: { localId: 'prbahnhofstrasse', free: null, capacity: 122, status: 'unknown', observedAt },
    });
    expect(byId(result, 'viehversteigerungshalle').observation).toMatchObject({
      free: null,
      status: 'closed',
    });
  });

  it('reads disabled-only lots and the :disabled counts', () => {
    expect(byId(result, '5251cba0-3019-11eb-93e4-7f8bf428cc7a').facility).toEqual({
      localId: '5251cba0-3019-11eb-93e4-7f8bf428cc7a',
      name: 'Marktplatz - Parkplatz für Menschen mit Behinderung',
      kind: 'disabled',
      location: { lat: 48.59642, lon: 8.87042 },
      address: 'Marktplatz',
      disabledCapacity: 1,
    });
    expect(byId(result, '946955a0-a5bb-11ea-8d72-81c79f744047').observation).toMatchObject({
      free: 8,
      capacity: 24,
      disabledFree: 1,
    });
    expect(byId(result, 'c455d080-fcb1-11e9-9a2d-876c1a6b66b2').facility?.kind).toBe('other');
  });
});

describe('parkapiAdapter on ParkAPI v1 Reutlingen (static-only)', () => {
  const result = parse('parkapi-v1-reutlingen.json');

  it('reads 30 lots, all nodata: status unknown and free null', () => {
    expect(result.facilities).toHaveLength(30);
    expect(result.observations).toHaveLength(30);
    expect(result.observations.every((o) => o.status === 'unknown' && o.free === null)).toBe(true);
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'DERIVED_ID', message: expect.stringMatching(/^30 lot/) }),
    ]);
    expect(result.publishedAt).toEqual(new Date('2021-09-09T08:40:03.944Z'));
  });

  it('keeps names, addresses and positions', () => {
    expect(byId(result, 'parkplatzalenberghalle').facility).toEqual({
      localId: 'parkplatzalenberghalle',
      name: 'Parkplatz Alenberghalle',
      kind: 'car-park',
      location: { lat: 48.408099, lon: 9.500104 },
      address: '72525 Münsingen, Beutenlaystraße',
    });
    expect(byId(result, 'albcenterbismarckstrasse').facility).toEqual({
      localId: 'albcenterbismarckstrasse',
      name: 'Albcenter Bismarckstraße',
      kind: 'disabled',
      location: { lat: 48.410585, lon: 9.492812 },
      address: '72525 Münsingen, Bismarckstraße',
      disabledCapacity: 1,
    });
  });
});

describe('parkapiAdapter on the ParkAPI2 Dresden snapshot', () => {
  const result = parse('parkapi2-snapshot-dresden.json');

  it('reads the open lot with 154 of 400 free', () => {
    expect(result.facilities).toHaveLength(2);
    expect(result.observations).toHaveLength(2);
    expect(byId(result, 'dresdenaltmarkt').facility).toMatchObject({
      name: 'Altmarkt',
      kind: 'car-park',
      capacity: 400,
      location: { lat: 51.0506700789, lon: 13.741789104 },
      address: expect.stringMatching(/^Altmarkt 1, 01067 Dresden, Einfahrt von Wilsdruffer Straße/),
    });
    expect(byId(result, 'dresdenaltmarkt').observation).toEqual({
      localId: 'dresdenaltmarkt',
      free: 154,
      occupied: 246,
      capacity: 400,
      status: 'open',
      observedAt: new Date('2022-03-01T17:23:36Z'),
    });
  });

  it('reads the closed lot with num_free null as free null', () => {
    expect(byId(result, 'dresdenanderfrauenkirche').facility).toMatchObject({
      name: 'An der Frauenkirche',
      capacity: 120,
    });
    expect(byId(result, 'dresdenanderfrauenkirche').observation).toEqual({
      localId: 'dresdenanderfrauenkirche',
      free: null,
      capacity: 120,
      status: 'closed',
      observedAt: new Date('2022-03-01T17:23:36Z'),
    });
    expect(result.publishedAt).toEqual(new Date('2022-03-01T17:23:52Z'));
    expect(result.warnings).toEqual([]);
  });
});

describe('parkapiAdapter on the ParkAPI v3 parking sites (hand-written sample)', () => {
  const result = parse('parkapi-v3-parking-sites-handwritten.json');

  it('reads 4 sites, skips the one without id, observes only sites with realtime data', () => {
    expect(result.facilities.map((f) => f.localId)).toEqual(['1201', '1202', '1203', '1204']);
    expect(result.observations.map((o) => o.localId)).toEqual(['1201', '1202', '1203']);
    expect(result.warnings).toEqual([expect.objectContaining({ code: 'MISSING_ID', ref: '#4' })]);
  });

  it('maps an open car park with decimal-string coordinates', () => {
    expect(byId(result, '1201')).toEqual({
      facility: {
        localId: '1201',
        name: 'Parkhaus Altstadt',
        kind: 'car-park',
        location: { lat: 48.777123, lon: 9.180145 },
        address: 'Marktstraße 1, 70173 Beispielstadt',
        capacity: 420,
        disabledCapacity: 8,
        openingHours: '24/7',
        fees: { hasFee: true },
        parkAndRide: false,
        operatorName: 'Stadtwerke Beispielstadt',
        url: 'https://example.org/parken/altstadt',
      },
      observation: {
        localId: '1201',
        free: 137,
        capacity: 418,
        status: 'open',
        observedAt: new Date('2024-05-14T08:15:00Z'),
        disabledFree: 3,
      },
    });
  });

  it('maps P+R, UNKNOWN status and bike sites', () => {
    expect(byId(result, '1202').facility).toMatchObject({
      name: 'P+R Bahnhof',
      kind: 'park-and-ride',
      capacity: 250,
    });
    expect(byId(result, '1202').observation).toMatchObject({
      free: 0,
      status: 'closed',
      observedAt: new Date('2024-05-14T08:14:30Z'),
    });
    expect(byId(result, '1203').observation).toMatchObject({ free: null, status: 'unknown', capacity: 310 });
    expect(byId(result, '1204').facility).toEqual({
      localId: '1204',
      name: 'Fahrradparken Hauptbahnhof',
      kind: 'bicycle',
      location: { lat: 48.78401, lon: 9.18156 },
      capacity: 80,
    });
  });
});

describe('parkapiAdapter on parkapi-sources-v3 output (Heidelberg converter snapshot, a bare array with uid)', () => {
  const result = parse('parkapi-v3-sources-heidelberg-static.json');

  it('reads the 22 sites by uid; the 20 with has_realtime_data true are observed (free unknown)', () => {
    expect(result.warnings).toEqual([]);
    expect(result.facilities).toHaveLength(22);
    expect(result.observations).toHaveLength(20);
    expect(result.observations.every((o) => o.free === null)).toBe(true);
    expect(byId(result, 'urn:ngsiv2:OffStreetParking:P19').observation).toBeUndefined();
  });

  it('reads opening_hours, has_fee, max_height (cm), operator_name and the restrictions by type', () => {
    // The file's second item: uid urn:ngsiv2:OffStreetParking:P01, "Poststraße", capacity 528,
    // has_fee true, max_height 180, opening_hours 24/7, restrictions DISABLED 2 / WOMEN 176 / FAMILY 0.
    expect(byId(result, 'urn:ngsiv2:OffStreetParking:P01').facility).toEqual({
      localId: 'urn:ngsiv2:OffStreetParking:P01',
      name: 'Poststraße',
      kind: 'car-park',
      location: { lat: 49.40772852, lon: 8.68947287 },
      address: 'Poststraße 7, 69115 Heidelberg',
      capacity: 528,
      disabledCapacity: 2,
      restrictedCapacity: { women: 176, family: 0 },
      openingHours: '24/7',
      fees: { hasFee: true },
      maxHeightCm: 180,
      operatorName: 'Park und Tank Betriebsgesellschaft Heidelberg mbH',
    });
    // uid …P00 "Am Bismarckplatz": opening_hours 06:00-22:00; …P14 "ATOS-Klinik": 06:00-22:45.
    expect(byId(result, 'urn:ngsiv2:OffStreetParking:P00').facility?.openingHours).toBe('06:00-22:00');
    expect(byId(result, 'urn:ngsiv2:OffStreetParking:P14').facility?.openingHours).toBe('06:00-22:45');
  });

  it('reads a free P+R (has_fee false, park_and_ride_type YES, operator_name "" left out)', () => {
    expect(byId(result, 'urn:ngsiv2:OffStreetParking:P26').facility).toEqual({
      localId: 'urn:ngsiv2:OffStreetParking:P26',
      name: 'P+R Kirchheim',
      kind: 'park-and-ride',
      location: { lat: 49.37612, lon: 8.6586 },
      address: 'Heuauer Weg, 69115 Heidelberg',
      capacity: 55,
      disabledCapacity: 0,
      restrictedCapacity: { women: 0, family: 0 },
      openingHours: '24/7',
      fees: { hasFee: false },
      maxHeightCm: 250,
      parkAndRide: true,
    });
  });
});

describe('parkapiAdapter on one ParkAPI v3 site with restrictions and an OSM identifier (park-api-v3 test input)', () => {
  const result = parse('parkapi-v3-site-item-with-relations.json');

  it('reads the DISABLED restriction as disabled places with their free count, the OSM id, and the stay limit of all', () => {
    // uid 12717250: capacity 158, realtime_free_capacity 15; restriction DISABLED capacity 11,
    // realtime_free_capacity 2 (its max_stay PT12H is the disabled places' own); a restriction
    // without type (everyone) max_stay PT2H: 120 minutes; external_identifiers OSM 123456789; opening_hours 24/7.
    expect(result.warnings).toEqual([]);
    expect(byId(result, '12717250')).toEqual({
      facility: {
        localId: '12717250',
        name: 'Parkhaus Hofdiener',
        kind: 'on-street',
        location: { lat: 54.03005, lon: 5.12696 },
        address: 'Schellingstraße',
        capacity: 158,
        disabledCapacity: 11,
        openingHours: '24/7',
        maxStayMinutes: 120,
        operatorName: 'PBW Parkraumgesellschaft Baden-Württenberg mbH',
        osmId: '123456789',
      },
      observation: {
        localId: '12717250',
        free: 15,
        capacity: 158,
        status: 'open',
        observedAt: new Date('2025-06-24T11:54:45Z'),
        disabledFree: 2,
      },
    });
  });
});

describe('parkapiAdapter on ParkAPI v3 restrictions (values written here, after parkapi-sources-v3 ParkingRestrictionInput / ParkingAudience)', () => {
  const site = (restrictions: unknown[]) =>
    parkapiAdapter.parse(
      Buffer.from(
        JSON.stringify({ items: [{ id: 9, name: 'R', lat: '48.1', lon: '9.1', capacity: 50, restrictions }] }),
      ),
      ctx,
    ).facilities[0];

  it('MOTORBIKE places are motorcycle places', () => {
    expect(site([{ type: 'MOTORBIKE', capacity: 12 }]).restrictedCapacity).toEqual({ motorcycle: 12 });
  });

  it('a stay limit for everyone only when it holds at all hours: not with hours, not of one audience, not in months', () => {
    expect(site([{ max_stay: 'P1DT12H', hours: '24/7' }]).maxStayMinutes).toBe(2160);
    expect(site([{ max_stay: 'PT3H', hours: 'Mo-Fr 08:00-18:00' }]).maxStayMinutes).toBeUndefined();
    expect(site([{ type: 'CUSTOMER', max_stay: 'PT1H' }]).maxStayMinutes).toBeUndefined();
    expect(site([{ max_stay: 'P1M' }]).maxStayMinutes).toBeUndefined();
  });
});

describe('parkapiAdapter on the flat ParkAPI v3 capacity_* fields (values written here, after StaticParkingSiteInput)', () => {
  it('reads charging, women, family, carsharing, truck and bus places with their realtime free counts', () => {
    const site = {
      id: 7,
      lat: '48.1',
      lon: '9.1',
      capacity: 200,
      has_realtime_data: true,
      realtime_free_capacity: 50,
      capacity_charging: 6,
      realtime_free_capacity_charging: 2,
      capacity_woman: 10,
      realtime_free_capacity_woman: 4,
      capacity_family: 5,
      capacity_carsharing: 3,
      capacity_truck: 2,
      capacity_bus: 1,
      fee_description: '2 EUR / h',
      park_and_ride_type: ['TRAIN', 'BUS'],
      external_identifiers: [{ type: 'DHID', value: 'de:08111:6118' }],
    };
    const result = parkapiAdapter.parse(Buffer.from(JSON.stringify({ items: [site] })), ctx);
    expect(byId(result, '7').facility).toMatchObject({
      kind: 'park-and-ride',
      evChargingCapacity: 6,
      restrictedCapacity: { women: 10, family: 5, carsharing: 3, truck: 2, bus: 1 },
      fees: { description: '2 EUR / h' },
      parkAndRide: true,
      publicTransportModes: ['train', 'bus'],
    });
    expect(byId(result, '7').facility?.osmId).toBeUndefined();
    expect(byId(result, '7').observation).toMatchObject({ evChargingFree: 2, restrictedFree: { women: 4 } });
  });
});

describe('parkapiAdapter errors and ids', () => {
  it('throws ParseException on invalid JSON and on an unknown shape', () => {
    expect(() => parkapiAdapter.parse(Buffer.from('not json'), ctx)).toThrow(ParseException);
    expect(() => parkapiAdapter.parse(Buffer.from('{"cities":{}}'), ctx)).toThrow(/no "lots" or "items"/);
  });

  it('skips a v1 lot with neither id nor name; passes a repeated id on to the normaliser', () => {
    const payload = {
      last_updated: '2024-01-01T00:00:00',
      lots: [{ state: 'open' }, { id: 'a', state: 'many', free: 1 }, { id: 'a', state: 'full' }],
    };
    const result = parkapiAdapter.parse(Buffer.from(JSON.stringify(payload)), ctx);
    expect(result.facilities.map((f) => f.localId)).toEqual(['a', 'a']);
    expect(result.warnings.map((w) => w.code)).toEqual(['MISSING_ID']);
  });

  it('derives v1 ids the way ParkAPI does', () => {
    expect(slugOf('Kurzzeitparkplätze Bahnhofstraße')).toBe('kurzzeitparkplaetzebahnhofstrasse');
  });
});

describe("parkapiAdapter: names of Object.prototype's keys are unknown values", () => {
  // constructor, toString, __proto__, hasOwnProperty...: a table lookup must not take them for known ones.
  const inherited = Object.getOwnPropertyNames(Object.prototype);
  const run = (payload: unknown) => parkapiAdapter.parse(Buffer.from(JSON.stringify(payload)), ctx);
  const statusWarnings = (result: ParkingParseResult) =>
    result.warnings.filter((w) => w.code === 'UNKNOWN_STATUS').map((w) => w.message);

  it('v1: a lot_type is the kind other and a state an unknown status, warned of', () => {
    for (const name of inherited) {
      const result = run({
        last_updated: '2024-01-01T00:00:00',
        lots: [{ id: 'a', state: name, lot_type: name, free: 1, total: 2 }],
      });
      expect(result.facilities[0].kind).toBe('other');
      expect(result.observations[0].status).toBe('unknown');
      expect(statusWarnings(result)).toEqual([`ParkAPI state "${name.toLowerCase()}" is not known; read as unknown`]);
    }
  });

  it('ParkAPI2: a type is the kind other and a status an unknown status, warned of', () => {
    for (const name of inherited) {
      const result = run({
        pool: { id: 'x' },
        lots: [{ id: 'a', type: name, status: name, num_free: 1, capacity: 2, timestamp: '2024-01-01T00:00:00Z' }],
      });
      expect(result.facilities[0].kind).toBe('other');
      expect(result.observations[0].status).toBe('unknown');
      expect(statusWarnings(result)).toEqual([`ParkAPI2 status "${name.toLowerCase()}" is not known; read as unknown`]);
    }
  });

  it('v3: a type is the kind other, a status unknown (warned of), a restriction type or park_and_ride_type is not read', () => {
    for (const name of inherited) {
      const result = run({
        items: [
          {
            id: 'a',
            name: 'A',
            lat: '48.1',
            lon: '9.1',
            type: name,
            park_and_ride_type: [name],
            restrictions: [{ type: name, capacity: 3, realtime_free_capacity: 1 }],
            has_realtime_data: true,
            capacity: 10,
            realtime_free_capacity: 4,
            realtime_opening_status: name,
            realtime_data_updated_at: '2024-01-01T00:00:00Z',
          },
        ],
      });
      const facility = result.facilities[0];
      expect(facility.kind).toBe('other');
      expect(facility).not.toHaveProperty('parkAndRide');
      expect(facility).not.toHaveProperty('publicTransportModes');
      expect(facility).not.toHaveProperty('restrictedCapacity');
      expect(facility).not.toHaveProperty('disabledCapacity');
      expect(result.observations[0].status).toBe('unknown');
      expect(result.observations[0]).not.toHaveProperty('restrictedFree');
      expect(statusWarnings(result)).toEqual([
        `ParkAPI v3 realtime_opening_status "${name.toUpperCase()}" is not known; read as unknown`,
      ]);
    }
  });
});
