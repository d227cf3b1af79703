import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParkingFormat } from '../config/source-config.js';
import type { Parking, ParseWarning } from '../parking/parking.model.js';
import { normalizeParkings } from '../parking/parking-normalizer.js';
import type { ParkingFormatOptions } from './formats/parking-format-adapter.js';
import { parkingAdapterFor } from './formats/parking-format.registry.js';

/**
 * Real operator files through the adapter AND the normalizer, with the static joins a deployment
 * configures, as ParkingIngestService and StaticReferenceService run them (first poll: no previous state).
 */
const receivedAt = new Date('2025-03-01T12:00:00Z');

interface FeedFile {
  format: ParkingFormat;
  file: string;
  options?: ParkingFormatOptions;
}

interface PipelineResult {
  parkings: Map<string, Parking>;
  warnings: ParseWarning[];
}

function parse(sourceId: string, feed: FeedFile) {
  const bytes = readFileSync(path.join(process.cwd(), 'test/fixtures', feed.file));
  return parkingAdapterFor(feed.format).parse(bytes, { sourceId, receivedAt, format: feed.options ?? {} });
}

function pipeline(sourceId: string, realtime: FeedFile, reference?: FeedFile): PipelineResult {
  const parsed = parse(sourceId, realtime);
  const ref = reference === undefined ? undefined : parse(sourceId, reference);
  const { parkings } = normalizeParkings({
    sourceId,
    parsed,
    reference: ref?.facilities,
    receivedAt,
    previous: new Map(),
    frozenAfterMs: 3_600_000,
  });
  return {
    parkings: new Map(parkings.map((s) => [s.parking.id, s.parking])),
    warnings: [...parsed.warnings, ...(ref?.warnings ?? [])],
  };
}

function withFlag(result: PipelineResult, flag: string): string[] {
  return [...result.parkings.values()].filter((p) => p.quality.includes(flag)).map((p) => p.id);
}

describe('Aachen DATEX II status joined with the Aachen table', () => {
  const status: FeedFile = { format: 'datex2', file: 'datex2/aachen-parkingstatuspublication-v2.xml' };
  const table: FeedFile = { format: 'datex2', file: 'datex2/aachen-parkingtablepublication-v2.xml' };
  const result = pipeline('aachen', status, table);

  it('yields the 17 facilities, every one named and located by the table', () => {
    expect(result.parkings.size).toBe(17);
    expect(result.warnings).toEqual([]);
    expect(withFlag(result, 'missing-location')).toEqual([]);
    expect(withFlag(result, 'missing-name')).toEqual([]);
  });

  it('P1 Eurogress: counts from the status, name and location from the table', () => {
    expect(result.parkings.get('aachen:P1')).toMatchObject({
      source: 'aachen',
      name: 'P01-Eurogress',
      kind: 'car-park',
      location: { lat: 50.780552, lon: 6.0927987 },
      capacity: 560,
      free: 412,
      occupied: 148,
      status: 'open',
      observedAt: '2025-02-07T19:05:34.176Z',
      receivedAt: receivedAt.toISOString(),
      quality: [],
    });
  });

  it('P5 Rathaus (site status unknown, 0 of 0 spaces): free null, capacity from the table, no-realtime', () => {
    expect(result.parkings.get('aachen:P5')).toMatchObject({
      name: 'P05-Rathaus',
      location: { lat: 50.777412, lon: 6.083882 },
      capacity: 400,
      free: null,
      occupied: null,
      status: 'closed',
      quality: ['no-realtime'],
    });
  });

  it('flags P13 (no capacity anywhere) and P14/P18 (closed yet reporting free spaces)', () => {
    expect(result.parkings.get('aachen:P13')).toMatchObject({
      name: 'P13-Stiftstrasse',
      capacity: null,
      free: null,
      status: 'closed',
      quality: ['missing-capacity', 'no-realtime'],
    });
    expect(result.parkings.get('aachen:P14')).toMatchObject({
      capacity: 180,
      free: 180,
      status: 'closed',
      quality: ['closed-with-free'],
    });
    expect(withFlag(result, 'no-realtime').sort()).toEqual(['aachen:P13', 'aachen:P5']);
    expect(withFlag(result, 'closed-with-free').sort()).toEqual(['aachen:P14', 'aachen:P18']);
  });

  it('without the table, the status alone lacks names and locations', () => {
    const alone = pipeline('aachen', status);
    expect(alone.parkings.size).toBe(17);
    expect(alone.parkings.get('aachen:P1')).toMatchObject({
      name: null,
      location: null,
      capacity: 560,
      free: 412,
      quality: ['missing-location', 'missing-name'],
    });
  });
});

describe('Strasbourg occupation joined with the Strasbourg locations (mapping id: idsurfs on both)', () => {
  const byIdsurfs: ParkingFormatOptions = { mapping: { id: 'idsurfs' } };
  const locations: FeedFile = {
    format: 'opendatasoft',
    file: 'opendatasoft/strasbourg-parkings-locations.json',
    options: byIdsurfs,
  };
  const occupation = (file: string): FeedFile => ({
    format: 'opendatasoft',
    file: `opendatasoft/${file}`,
    options: byIdsurfs,
  });

  describe('the 10-record occupation snapshot', () => {
    const result = pipeline('strasbourg', occupation('strasbourg-occupation-parkings-temps-reel.json'), locations);

    it('yields 18 parkings: 2 joined, 8 realtime-only (no location), 8 reference-only (no realtime)', () => {
      expect(result.parkings.size).toBe(18);
      expect(result.warnings).toEqual([]);
      expect(withFlag(result, 'missing-location')).toHaveLength(8);
      const located = [...result.parkings.values()].filter((p) => p.location !== null && p.free !== null);
      expect(located.map((p) => p.id).sort()).toEqual(['strasbourg:1380_DEP_6', 'strasbourg:1386_DEP_12']);
    });

    it('P3 Wilson: counts from the occupation, location from the locations file', () => {
      expect(result.parkings.get('strasbourg:1386_DEP_12')).toMatchObject({
        name: 'Parking P3 Wilson',
        location: { lat: 48.5879606695, lon: 7.74014892919 },
        address: 'Rue des Halles 67000 Strasbourg France',
        capacity: 1211,
        free: 748,
        occupied: 463,
        status: 'open',
        observedAt: '2019-04-03T08:57:00.000Z',
        quality: [],
      });
    });

    it('a reference-only facility is served with no counts, observed at receive time', () => {
      expect(result.parkings.get('strasbourg:1791_DEP_28')).toMatchObject({
        name: 'Parking public – Centre administratif',
        location: { lat: 48.5729892619, lon: 7.75367351195 },
        capacity: null,
        free: null,
        status: 'unknown',
        observedAt: receivedAt.toISOString(),
        quality: ['missing-capacity', 'no-realtime'],
      });
    });

    it('"frequentation temps reel indisponible" is free null, status unknown, not 0 free', () => {
      expect(result.parkings.get('strasbourg:1706_DEP_28')).toMatchObject({
        name: 'Parking Hôpital Hautepierre',
        location: null,
        capacity: 800,
        free: null,
        status: 'unknown',
        quality: ['missing-location', 'no-realtime'],
      });
    });
  });

  describe('the 30-record snapshot with missing fields', () => {
    const result = pipeline(
      'strasbourg',
      occupation('strasbourg-occupation-parkings-temps-reel-missing-fields.json'),
      locations,
    );

    it('drops the record without idsurfs (the nameless one) with a warning: 29 + 1 reference-only', () => {
      expect(result.parkings.size).toBe(30);
      expect(result.warnings).toEqual([expect.objectContaining({ code: 'MISSING_ID', ref: '#29' })]);
      expect(withFlag(result, 'missing-name')).toEqual([]);
      expect(withFlag(result, 'missing-location')).toHaveLength(20);
    });

    it('Zénith: closed with 0 of 3175 free, located by the join', () => {
      expect(result.parkings.get('strasbourg:1400_DEP_26')).toMatchObject({
        name: 'Parking Zénith',
        location: { lat: 48.5953352876, lon: 7.68646701218 },
        capacity: 3175,
        free: 0,
        occupied: 3175,
        status: 'closed',
        observedAt: '2020-12-20T12:51:00.704Z',
        quality: [],
      });
    });

    it('Petite France: realtime unavailable, capacity kept from the record', () => {
      expect(result.parkings.get('strasbourg:1390_DEP_16')).toMatchObject({
        name: 'Parking Centre historique Petite France',
        location: { lat: 48.5791976382, lon: 7.73525856083 },
        capacity: 939,
        free: null,
        status: 'unknown',
        quality: ['no-realtime'],
      });
    });
  });

  it('keyed on the default id (ident), the record without a name is kept and flagged missing-name', () => {
    const result = pipeline('strasbourg', {
      format: 'opendatasoft',
      file: 'opendatasoft/strasbourg-occupation-parkings-temps-reel-missing-fields.json',
    });
    expect(result.parkings.size).toBe(30);
    expect(withFlag(result, 'missing-name')).toEqual(['strasbourg:30']);
    expect(result.parkings.get('strasbourg:30')).toMatchObject({
      name: null,
      location: null,
      capacity: 719,
      free: 719,
      occupied: 0,
      status: 'open',
      quality: ['missing-location', 'missing-name'],
    });
  });
});

describe('ParkAPI v1 Herrenberg', () => {
  const result = pipeline('herrenberg', { format: 'parkapi', file: 'parkapi/parkapi-v1-herrenberg.json' });

  it('yields 25 located parkings; the 18 lots without a free count are no-realtime', () => {
    expect(result.parkings.size).toBe(25);
    expect(withFlag(result, 'missing-location')).toEqual([]);
    expect(withFlag(result, 'no-realtime')).toHaveLength(18);
    expect(result.warnings.map((w) => w.code)).toEqual(['DERIVED_ID']);
  });

  it('Altstadtgarage: its own id, 62 of 97 free, observed at last_updated (UTC)', () => {
    expect(result.parkings.get('herrenberg:ac230e00-2cea-11eb-93e4-7f8bf428cc7a')).toMatchObject({
      name: 'Altstadtgarage',
      kind: 'car-park',
      location: { lat: 48.593768, lon: 8.872705 },
      address: '71083 Herrenberg',
      capacity: 97,
      free: 62,
      occupied: 35,
      status: 'open',
      observedAt: '2022-12-08T16:08:21.870Z',
      quality: [],
    });
  });

  it('Aischbachstraße: id derived from the name, "nodata" is free null and status unknown', () => {
    expect(result.parkings.get('herrenberg:aischbachstrasse')).toMatchObject({
      name: 'Aischbachstraße',
      location: { lat: 48.596319, lon: 8.865461 },
      capacity: 58,
      free: null,
      occupied: null,
      status: 'unknown',
      quality: ['no-realtime'],
    });
  });

  it('a P+R lot keeps its kind', () => {
    expect(result.parkings.get('herrenberg:prbahnhofstrasse')).toMatchObject({
      name: 'P+R Bahnhofstraße',
      kind: 'park-and-ride',
      capacity: 122,
      free: null,
      quality: ['no-realtime'],
    });
  });
});
