import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ParseException } from '../../../common/app-exception.js';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import type { ParkingFormatOptions, ParseContext } from '../parking-format-adapter.js';
import { opendatasoftAdapter } from './opendatasoft.adapter.js';

const fixture = (name: string): Buffer => readFileSync(path.join(process.cwd(), 'test/fixtures/opendatasoft', name));
const ctx = (format: ParkingFormatOptions = {}): ParseContext => ({
  sourceId: 'strasbourg',
  receivedAt: new Date('2024-05-01T12:00:00Z'),
  format,
});
const parse = (name: string, format?: ParkingFormatOptions): ParkingParseResult =>
  opendatasoftAdapter.parse(fixture(name), ctx(format));
const byId = (result: ParkingParseResult, localId: string) => ({
  facility: result.facilities.find((f) => f.localId === localId),
  observation: result.observations.find((o) => o.localId === localId),
});

const OCCUPATION = 'strasbourg-occupation-parkings-temps-reel.json';
const MISSING_FIELDS = 'strasbourg-occupation-parkings-temps-reel-missing-fields.json';
const LOCATIONS = 'strasbourg-parkings-locations.json';

describe('opendatasoftAdapter on Strasbourg occupation (records API v1)', () => {
  const result = parse(OCCUPATION);

  it('reads the 10 records with the default field names (id = ident)', () => {
    expect(result.facilities).toHaveLength(10);
    expect(result.observations).toHaveLength(10);
    expect(result.facilities.map((f) => f.localId)).toEqual(['11', '16', '22', '28', '21', '20', '6', '26', '10', '4']);
    expect(result.warnings).toEqual([]);
  });

  it('maps an open car park with its counts and record timestamp', () => {
    expect(byId(result, '11')).toEqual({
      facility: { localId: '11', name: 'Parking Gutenberg', capacity: 233 },
      observation: {
        localId: '11',
        free: 93,
        capacity: 233,
        status: 'open',
        observedAt: new Date('2019-04-03T08:57:00Z'),
      },
    });
    expect(byId(result, '22').observation).toMatchObject({ free: 748, capacity: 1211, status: 'open' });
    expect(byId(result, '22').facility?.name).toBe('Parking P3 Wilson');
  });

  it('reads "frequentation temps reel indisponible" as unknown with free null, not 0', () => {
    expect(byId(result, '28').facility).toEqual({
      localId: '28',
      name: 'Parking Hôpital Hautepierre',
      capacity: 800,
    });
    expect(byId(result, '28').observation).toMatchObject({ free: null, status: 'unknown', capacity: 800 });
  });
});

describe('opendatasoftAdapter on the missing-fields variant', () => {
  const result = parse(MISSING_FIELDS);

  it('keeps all 30 records, including the one without nom_parking', () => {
    expect(result.facilities).toHaveLength(30);
    expect(result.observations).toHaveLength(30);
    expect(byId(result, '30')).toEqual({
      facility: { localId: '30', capacity: 719 },
      observation: {
        localId: '30',
        free: 719,
        capacity: 719,
        status: 'open',
        observedAt: new Date('2020-12-20T12:51:00.704Z'),
      },
    });
  });

  it('maps "Fermé" to closed and the unavailable feed to free null', () => {
    expect(byId(result, '1').facility?.name).toBe('Parking Zénith');
    expect(byId(result, '1').observation).toMatchObject({ free: 0, capacity: 3175, status: 'closed' });
    expect(byId(result, '17').facility?.name).toBe('Parking Centre historique Petite France');
    expect(byId(result, '17').observation).toMatchObject({ free: null, capacity: 939, status: 'unknown' });
    expect(result.observations.filter((o) => o.status === 'open')).toHaveLength(28);
  });

  it('with mapping id: idsurfs, skips the record lacking idsurfs with one warning', () => {
    const bySurfs = parse(MISSING_FIELDS, { mapping: { id: 'idsurfs' } });
    expect(bySurfs.facilities).toHaveLength(29);
    expect(bySurfs.warnings).toEqual([expect.objectContaining({ code: 'MISSING_ID', ref: '#29' })]);
  });
});

describe('opendatasoftAdapter on Strasbourg locations (static)', () => {
  const result = parse(LOCATIONS);

  it('yields 10 facilities with GeoJSON locations and no observations', () => {
    expect(result.facilities).toHaveLength(10);
    expect(result.observations).toEqual([]);
    expect(result.facilities.every((f) => f.location !== undefined)).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it('reads name, address and location (id = idsurfs: the file has no ident)', () => {
    expect(byId(result, '1386_DEP_12').facility).toEqual({
      localId: '1386_DEP_12',
      name: 'Parking P3 Wilson',
      address: 'Rue des Halles 67000 Strasbourg France',
      location: { lat: 48.5879606695, lon: 7.74014892919 },
      url: 'https://www.strasbourg.eu/lieu/-/entity/id/687078',
      wheelchair: 'yes',
    });
    expect(byId(result, '1791_DEP_28').facility).toEqual({
      localId: '1791_DEP_28',
      name: 'Parking public – Centre administratif',
      address: '1 parc de l’Étoile 67000 Strasbourg France',
      location: { lat: 48.5729892619, lon: 7.75367351195 },
      url: 'https://www.strasbourg.eu/lieu/-/entity/id/687118',
      wheelchair: 'no',
    });
  });

  it('reads the details the file has (issue #15): friendlyurl → url, accessforwheelchair 1 / 0 → yes / no', () => {
    // By hand from the file: each record's fields.friendlyurl and fields.accessforwheelchair.
    expect(result.facilities.map((f) => [f.localId, f.url, f.wheelchair])).toEqual([
      ['1791_DEP_28', 'https://www.strasbourg.eu/lieu/-/entity/id/687118', 'no'],
      ['1386_DEP_12', 'https://www.strasbourg.eu/lieu/-/entity/id/687078', 'yes'],
      ['1392_DEP_18', 'https://www.strasbourg.eu/lieu/-/entity/id/687080', 'yes'],
      ['1400_DEP_26', 'https://www.strasbourg.eu/lieu/-/entity/id/687114', 'yes'],
      ['1703_DEP_27', 'https://www.strasbourg.eu/lieu/-/entity/id/687116', 'no'],
      ['1380_DEP_6', 'https://www.strasbourg.eu/lieu/-/entity/id/687096', 'yes'],
      ['1381_DEP_7', 'https://www.strasbourg.eu/lieu/-/entity/id/687064', 'yes'],
      ['1385_DEP_11', 'https://www.strasbourg.eu/lieu/-/entity/id/687076', 'yes'],
      ['1394_DEP_20', 'https://www.strasbourg.eu/lieu/-/entity/id/687106', 'yes'],
      ['1390_DEP_16', 'https://www.strasbourg.eu/lieu/-/entity/id/687090', 'yes'],
    ]);
    // No other detail: the file has no opening hours, fees, height, charging or operator field
    // (its free-text `description` is not read).
    const others = result.facilities.flatMap((f) =>
      Object.keys(f).filter((k) => !['localId', 'name', 'address', 'location', 'url', 'wheelchair'].includes(k)),
    );
    expect(others).toEqual([]);
  });

  it('a detail key in mapping: overrides the default (accessforblind read as wheelchair, for the test)', () => {
    const read = parse(LOCATIONS, { mapping: { wheelchair: 'accessforblind', url: 'nowhere' } });
    expect(read.facilities.map((f) => [f.wheelchair, f.url])).toEqual(new Array(10).fill(['no', undefined]));
  });

  it('joins with the occupation files on idsurfs: every shared id has a location', () => {
    const locations = new Map(parse(LOCATIONS, { mapping: { id: 'idsurfs' } }).facilities.map((f) => [f.localId, f]));
    const joined = (name: string): string[] =>
      parse(name, { mapping: { id: 'idsurfs' } })
        .facilities.map((f) => f.localId)
        .filter((id) => locations.has(id))
        .sort();

    expect(joined(OCCUPATION)).toEqual(['1380_DEP_6', '1386_DEP_12']);
    expect(joined(MISSING_FIELDS)).toEqual([
      '1380_DEP_6',
      '1381_DEP_7',
      '1385_DEP_11',
      '1386_DEP_12',
      '1390_DEP_16',
      '1392_DEP_18',
      '1394_DEP_20',
      '1400_DEP_26',
      '1703_DEP_27',
    ]);
    for (const id of joined(MISSING_FIELDS)) expect(locations.get(id)?.location).toBeDefined();
    expect(locations.get('1400_DEP_26')).toMatchObject({
      name: 'Parking Zénith',
      location: { lat: 48.5953352876, lon: 7.68646701218 },
    });
  });
});

describe('opendatasoftAdapter on other portal shapes', () => {
  const bytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

  it('reads Explore API v2.1 { total_count, results } with an object geo_point_2d', () => {
    const v21 = {
      total_count: 1,
      results: [
        {
          id_parking: 'P-THEATRE',
          nom: 'Théâtre',
          places_disponibles: '12',
          capacite: 100,
          geo_point_2d: { lon: 0.3404, lat: 46.5802 },
          last_update: '2024-05-01T10:00:00+02:00',
          etat: 'OUVERT',
        },
      ],
    };
    const result = opendatasoftAdapter.parse(bytes(v21), ctx());
    expect(result.facilities).toEqual([
      { localId: 'P-THEATRE', name: 'Théâtre', location: { lat: 46.5802, lon: 0.3404 }, capacity: 100 },
    ]);
    expect(result.observations).toEqual([
      {
        localId: 'P-THEATRE',
        free: 12,
        capacity: 100,
        status: 'open',
        observedAt: new Date('2024-05-01T08:00:00Z'),
      },
    ]);
  });

  it('reads data-fair lines { total, results } with _geopoint, _updatedAt and _id', () => {
    const lines = {
      total: 2,
      results: [
        {
          _id: 'x1',
          nom: 'Hôtel de Ville',
          places_restantes: 45,
          nb_places: 600,
          _geopoint: '46.5802,0.3404',
          _updatedAt: '2024-05-01T08:00:00.000Z',
        },
        {
          _id: 'x2',
          nom: 'Blossac',
          places_restantes: 0,
          nb_places: 300,
          _geopoint: '46.5745,0.3390',
          etat: 'Complet',
        },
      ],
    };
    const result = opendatasoftAdapter.parse(bytes(lines), ctx());
    expect(result.facilities.map((f) => [f.localId, f.name, f.location])).toEqual([
      ['x1', 'Hôtel de Ville', { lat: 46.5802, lon: 0.3404 }],
      ['x2', 'Blossac', { lat: 46.5745, lon: 0.339 }],
    ]);
    expect(result.observations).toEqual([
      { localId: 'x1', free: 45, capacity: 600, observedAt: new Date('2024-05-01T08:00:00Z') },
      { localId: 'x2', free: 0, capacity: 300, status: 'full' },
    ]);
  });

  it('lets a mapping key override its default and statusValues decode numeric codes', () => {
    const payload = { total: 1, results: [{ code: 'A', dispo: 7, libre: 99, etat: 2 }] };
    const result = opendatasoftAdapter.parse(
      bytes(payload),
      ctx({ mapping: { free: 'dispo', status: 'etat' }, statusValues: { open: ['1'], closed: ['2'] } }),
    );
    expect(result.observations).toEqual([{ localId: 'A', free: 7, status: 'closed' }]);
  });

  it('throws ParseException on invalid JSON, an unknown shape and a portal error', () => {
    expect(() => opendatasoftAdapter.parse(Buffer.from('<html>'), ctx())).toThrow(ParseException);
    expect(() => opendatasoftAdapter.parse(bytes({ nhits: 0 }), ctx())).toThrow(/no "records" or "results"/);
    expect(() => opendatasoftAdapter.parse(bytes({ error: 'Unknown dataset: foo', errorcode: 10002 }), ctx())).toThrow(
      /Unknown dataset: foo/,
    );
  });
});
