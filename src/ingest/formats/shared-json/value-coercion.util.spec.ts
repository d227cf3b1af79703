import { getPath } from './dot-path.util.js';
import { createStatusMapper } from './status.mapper.js';
import { toCount, toDate, toGeoPoint, toNumber } from './value-coercion.util.js';

describe('getPath', () => {
  const doc = { a: { b: [{ c: 1 }, { c: 2 }] }, geometry: { coordinates: [7.75, 48.57] } };

  it('walks nested objects and numeric array indexes', () => {
    expect(getPath(doc, 'a.b.1.c')).toBe(2);
    expect(getPath(doc, 'geometry.coordinates.1')).toBe(48.57);
    expect(getPath(doc, '')).toBe(doc);
  });

  it('returns undefined for missing segments and non-numeric array segments', () => {
    expect(getPath(doc, 'a.x.c')).toBeUndefined();
    expect(getPath(doc, 'a.b.first')).toBeUndefined();
    expect(getPath(doc, 'a.b.5.c')).toBeUndefined();
  });
});

describe('value coercion', () => {
  it('reads numbers and dot-decimal numeric strings, rejects comma decimals', () => {
    expect(toNumber('12')).toBe(12);
    expect(toNumber(' 12.5 ')).toBe(12.5);
    expect(toNumber('12,5')).toBeUndefined();
    expect(toNumber('12 places')).toBeUndefined();
    expect(toCount('7')).toBe(7);
    expect(toCount(-1)).toBeUndefined();
    expect(toCount(2.5)).toBeUndefined();
  });

  it('tells epoch seconds from milliseconds by magnitude and reads offset-less ISO times as UTC', () => {
    expect(toDate(1_700_000_000)?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(toDate(1_700_000_000_000)?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(toDate('1700000000')?.toISOString()).toBe('2023-11-14T22:13:20.000Z');
    expect(toDate('2022-03-01T17:23:52')?.toISOString()).toBe('2022-03-01T17:23:52.000Z');
    expect(toDate('2024-05-01T10:00:00+0200')?.toISOString()).toBe('2024-05-01T08:00:00.000Z');
    expect(toDate('yesterday')).toBeUndefined();
  });

  it('reads points from [lat, lon], "lat,lon", {lat, lng} and GeoJSON, and rejects (0, 0)', () => {
    expect(toGeoPoint([48.57, 7.75])).toEqual({ lat: 48.57, lon: 7.75 });
    expect(toGeoPoint('46.5802, 0.3404')).toEqual({ lat: 46.5802, lon: 0.3404 });
    expect(toGeoPoint({ lat: 48.59, lng: 8.86 })).toEqual({ lat: 48.59, lon: 8.86 });
    expect(toGeoPoint({ type: 'Point', coordinates: [7.75, 48.57] })).toEqual({ lat: 48.57, lon: 7.75 });
    // WKT as GIS tools write it into CSV cells (Bielefeld's open data): POINT (lon lat).
    expect(toGeoPoint('POINT (8.53824901907209 52.0242103720696)')).toEqual({
      lat: 52.0242103720696,
      lon: 8.53824901907209,
    });
    expect(toGeoPoint('SRID=4326;POINT Z(7.75 48.57 140)')).toEqual({ lat: 48.57, lon: 7.75 });
    expect(toGeoPoint('POINT (8.5)')).toBeUndefined();
    expect(toGeoPoint('POINT EMPTY')).toBeUndefined();
    // Another geometry: the mean of its distinct vertices (a closed ring's repeated first vertex counts once).
    expect(
      toGeoPoint({
        type: 'Polygon',
        coordinates: [
          [
            [7, 48],
            [8, 48],
            [8, 49],
            [7, 49],
            [7, 48],
          ],
        ],
      }),
    ).toEqual({ lat: 48.5, lon: 7.5 });
    expect(toGeoPoint([0, 0])).toBeUndefined();
    expect(toGeoPoint([91, 0])).toBeUndefined();
  });
});

describe('createStatusMapper', () => {
  it('recognises English, French and German defaults regardless of case and accents', () => {
    const map = createStatusMapper();
    expect(map(' Fermé ').status).toBe('closed');
    expect(map('FERME').status).toBe('closed');
    expect(map('geöffnet').status).toBe('open');
    expect(map('Besetzt').status).toBe('full');
    expect(map('complet').status).toBe('full');
    expect(map('frequentation temps reel indisponible')).toEqual({
      status: 'unknown',
      unmapped: false,
      declaredUnknown: true,
    });
    expect(map('maybe')).toEqual({ status: 'unknown', unmapped: true, declaredUnknown: false });
  });

  it('uses only the configured statusValues when given, numbers included', () => {
    const map = createStatusMapper({ open: ['1'], closed: ['2'] });
    expect(map(1).status).toBe('open');
    expect(map(2).status).toBe('closed');
    expect(map('open').unmapped).toBe(true);
  });
});
