import { ParseException } from '../../../common/app-exception.js';
import type { ParkingFormatOptions, ParseContext } from '../parking-format-adapter.js';
import { jsonMappingAdapter } from './json-mapping.adapter.js';

const ctx = (format: ParkingFormatOptions): ParseContext => ({
  sourceId: 'test',
  receivedAt: new Date('2024-05-01T12:00:00Z'),
  format,
});
const bytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value), 'utf8');

const payload = {
  meta: { generated: 1714564800 },
  data: {
    parkings: [
      {
        ref: { code: 'P1' },
        title: 'Centre',
        geometry: { type: 'Point', coordinates: [0.3404, 46.5802] },
        counts: { total: 400, taken: 150 },
        state: 'OPEN-NOW',
        published: 1714564800,
      },
      {
        ref: { code: 'P2' },
        title: 'Gare',
        geometry: { type: 'Point', coordinates: [0.3333, 46.5822] },
        counts: { total: '120', taken: '120', free: '0' },
        state: 'SHUT',
        published: 1714564800000,
      },
      { ref: {}, title: 'No id', counts: { total: 10 } },
      {
        ref: { code: 7 },
        title: 'Odd',
        counts: { total: 50, free: '12,5' },
        state: 'maintenance',
        published: '2024-05-01T13:30:00+02:00',
      },
    ],
  },
};

const mapping = {
  items: 'data.parkings',
  id: 'ref.code',
  name: 'title',
  lat: 'geometry.coordinates.1',
  lon: 'geometry.coordinates.0',
  capacity: 'counts.total',
  occupied: 'counts.taken',
  free: 'counts.free',
  status: 'state',
  observedAt: 'published',
};
const statusValues = { open: ['open-now'], closed: ['shut'] };

describe('jsonMappingAdapter', () => {
  const result = jsonMappingAdapter.parse(bytes(payload), ctx({ mapping, statusValues }));

  it('keeps every record with an id and warns about the one without', () => {
    expect(result.facilities.map((f) => f.localId)).toEqual(['P1', 'P2', '7']);
    expect(result.warnings.filter((w) => w.code === 'MISSING_ID')).toEqual([
      expect.objectContaining({ ref: '#2', message: expect.stringContaining('ref.code') }),
    ]);
  });

  it('reads nested paths and array indexes into a facility', () => {
    expect(result.facilities[0]).toEqual({
      localId: 'P1',
      name: 'Centre',
      location: { lat: 46.5802, lon: 0.3404 },
      capacity: 400,
    });
  });

  it('derives free from capacity − occupied, maps statusValues and tells epoch s from ms', () => {
    expect(result.observations[0]).toEqual({
      localId: 'P1',
      free: 250,
      occupied: 150,
      capacity: 400,
      status: 'open',
      observedAt: new Date('2024-05-01T12:00:00Z'),
    });
    expect(result.observations[1]).toMatchObject({
      localId: 'P2',
      free: 0,
      status: 'closed',
      observedAt: new Date('2024-05-01T12:00:00Z'),
    });
  });

  it('rejects "12,5" with a warning and maps an unknown status to unknown, warning once', () => {
    expect(result.observations[2]).toEqual({
      localId: '7',
      capacity: 50,
      status: 'unknown',
      observedAt: new Date('2024-05-01T11:30:00Z'),
    });
    expect(result.warnings.map((w) => w.code).sort()).toEqual(['INVALID_VALUE', 'MISSING_ID', 'UNKNOWN_STATUS']);
    expect(result.warnings.find((w) => w.code === 'UNKNOWN_STATUS')?.message).toContain('"maintenance"');
  });

  it('accepts a payload that is itself the list, with lat pointing to a "lat,lon" string', () => {
    const list = [{ id: 'a', pos: '48.5729,7.7536', free: 3, status: 'Complet' }];
    const parsed = jsonMappingAdapter.parse(
      bytes(list),
      ctx({ mapping: { id: 'id', lat: 'pos', free: 'free', status: 'status' } }),
    );
    expect(parsed.facilities).toEqual([{ localId: 'a', location: { lat: 48.5729, lon: 7.7536 } }]);
    expect(parsed.observations).toEqual([{ localId: 'a', free: 3, status: 'full' }]);
    expect(parsed.warnings).toEqual([]);
  });

  it('reads an explicit null free as unknown, and a declared-unknown status forces free to null', () => {
    const list = [
      { id: 'a', free: null, status: 'open' },
      { id: 'b', free: 0, status: 'indisponible' },
    ];
    const parsed = jsonMappingAdapter.parse(
      bytes(list),
      ctx({ mapping: { id: 'id', free: 'free', status: 'status' } }),
    );
    expect(parsed.observations).toEqual([
      { localId: 'a', free: null, status: 'open' },
      { localId: 'b', free: null, status: 'unknown' },
    ]);
  });

  it('throws ParseException without mapping.id, on invalid JSON and when items is not a list', () => {
    expect(() => jsonMappingAdapter.parse(bytes([]), ctx({ mapping: { name: 'n' } }))).toThrow(
      /mapping\.id is required/,
    );
    expect(() => jsonMappingAdapter.parse(Buffer.from('{"a":'), ctx({ mapping: { id: 'id' } }))).toThrow(
      ParseException,
    );
    expect(() => jsonMappingAdapter.parse(bytes(payload), ctx({ mapping: { id: 'id', items: 'meta' } }))).toThrow(
      /mapping\.items "meta" is not a JSON array/,
    );
  });
});

describe('jsonMappingAdapter: repeated ids', () => {
  it('passes both records on, in payload order (the normaliser keeps the latest and flags it)', () => {
    const list = [
      { id: 'a', free: 5 },
      { id: 'a', free: 7 },
    ];
    const parsed = jsonMappingAdapter.parse(bytes(list), ctx({ mapping: { id: 'id', free: 'free' } }));
    expect(parsed.observations).toEqual([
      { localId: 'a', free: 5 },
      { localId: 'a', free: 7 },
    ]);
    expect(parsed.warnings).toEqual([]);
  });
});
