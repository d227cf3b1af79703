import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParkingFormatOptions, ParseContext } from '../parking-format-adapter.js';
import { jsonMappingAdapter } from './json-mapping.adapter.js';

const fixture = (name: string): Buffer => readFileSync(path.join(process.cwd(), 'test/fixtures/json-mapping', name));
const ctx = (format: ParkingFormatOptions): ParseContext => ({
  sourceId: 'geojson',
  receivedAt: new Date('2024-05-01T12:00:00Z'),
  format,
});

interface Feature {
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates: unknown };
}
const features = (name: string): Feature[] =>
  (JSON.parse(fixture(name).toString('utf8')) as { features: Feature[] }).features;

/** The mean of a line's distinct vertices, computed here from the file. */
function meanVertex(coordinates: [number, number][]): { lat: number; lon: number } {
  const distinct = [...new Map(coordinates.map((c) => [c.join(' '), c])).values()];
  const mean = (i: 0 | 1): number => distinct.reduce((sum, c) => sum + c[i], 0) / distinct.length;
  return { lat: Math.round(mean(1) * 1e9) / 1e9, lon: Math.round(mean(0) * 1e9) / 1e9 };
}

describe('json-mapping on GeoJSON FeatureCollections', () => {
  it('Bonn (points): the features are the records and each geometry the location, without items or lat', () => {
    const result = jsonMappingAdapter.parse(
      fixture('bonn-parkplaetze-excerpt.geojson'),
      ctx({ mapping: { id: 'properties.parkplatz_id', name: 'properties.bezeichnung' } }),
    );
    const expected = features('bonn-parkplaetze-excerpt.geojson').map((f) => {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      return { localId: String(f.properties.parkplatz_id), name: f.properties.bezeichnung, location: { lat, lon } };
    });
    expect(expected).toHaveLength(8);
    expect(result.facilities).toEqual(expected);
    expect(result.facilities[2]).toEqual({
      localId: '132',
      name: 'An der Schloßkirche Ecke Stockenstraße',
      location: { lat: 50.7341225401, lon: 7.1033113972 },
    });
    expect(result.warnings).toEqual([]);
  });

  it('Freiburg (line strings with capacities): a line is placed at the mean of its vertices', () => {
    const result = jsonMappingAdapter.parse(
      fixture('freiburg-scanner-excerpt.geojson'),
      ctx({ mapping: { id: 'properties.id', capacity: 'properties.capacity' } }),
    );
    expect(result.facilities).toEqual(
      features('freiburg-scanner-excerpt.geojson').map((f) => ({
        localId: f.properties.id,
        capacity: f.properties.capacity,
        location: meanVertex(f.geometry.coordinates as [number, number][]),
      })),
    );
    expect(result.facilities[2]).toMatchObject({ capacity: 30, location: { lat: 48.0132875, lon: 7.830672 } });
  });

  it('an explicit items or lat mapping still wins', () => {
    const bytes = fixture('bonn-parkplaetze-excerpt.geojson');
    const byIndex = jsonMappingAdapter.parse(
      bytes,
      ctx({
        mapping: {
          items: 'features',
          id: 'properties.parkplatz_id',
          lat: 'geometry.coordinates.0',
          lon: 'geometry.coordinates.1',
        },
      }),
    );
    // The operator's own (wrong) order is taken as given: lat 7.09..., lon 50.73...
    expect(byIndex.facilities[0]?.location).toEqual({ lat: 7.0992088012, lon: 50.7372881627 });
  });
});
