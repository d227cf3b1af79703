import { parkingAdapterFor } from './parking-format.registry.js';
import type { ParseContext } from './parking-format-adapter.js';

/**
 * A source's `crs` reaches every format through the registry (common/coordinate-systems.ts): the JSON
 * readers' points (pointFrom, GeoJSON geometry) as the XML ones (datex2-facility-real.spec.ts:
 * Stuttgart's UTM table). Lambert-93 by its definition: the projection's origin, x 700000 m and
 * y 6600000 m, is 46.5° N 3° E; 1000 m north of it lies 1000 / 111,200 m ≈ 0.009° further north
 * (checked below only to 1e-4: the scale factor there is not 1).
 */
const ctx = (crs?: string): ParseContext => ({
  sourceId: 'fr',
  receivedAt: new Date('2026-01-01T00:00:00Z'),
  format: { mapping: { items: 'items', id: 'id', lat: 'y', lon: 'x', free: 'free' } },
  ...(crs === undefined ? {} : { crs }),
});
const feed = Buffer.from(
  JSON.stringify({
    items: [
      { id: 'origin', y: 6_600_000, x: 700_000, free: 3 },
      { id: 'north', y: 6_601_000, x: 700_000, free: 4 },
    ],
  }),
);

describe('a source crs through the adapter registry', () => {
  it('json-mapping points in Lambert-93 are served in WGS84', () => {
    const result = parkingAdapterFor('json-mapping').parse(feed, ctx('EPSG:2154'));
    const [origin, north] = result.facilities;
    expect(Math.abs(origin!.location!.lat - 46.5)).toBeLessThan(1e-6);
    expect(Math.abs(origin!.location!.lon - 3)).toBeLessThan(1e-6);
    expect(Math.abs(north!.location!.lat - (46.5 + 1000 / 111_200))).toBeLessThan(1e-4);
    expect(Math.abs(north!.location!.lon - 3)).toBeLessThan(1e-6);
  });

  it('without it the same metres are no location, as before', () => {
    const result = parkingAdapterFor('json-mapping').parse(feed, ctx());
    expect(result.facilities.map((f) => f.location)).toEqual([undefined, undefined]);
  });

  it('a GeoJSON Point in Web Mercator: lat = atan(sinh(y / R)), lon = x / R', () => {
    const R = 6_378_137;
    const geo = Buffer.from(
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { id: 'm', free: 1 },
            geometry: { type: 'Point', coordinates: [1_020_000, 6_274_861] },
          },
        ],
      }),
    );
    const result = parkingAdapterFor('json-mapping').parse(geo, {
      sourceId: 'm',
      receivedAt: new Date('2026-01-01T00:00:00Z'),
      format: { mapping: { id: 'properties.id', free: 'properties.free' } },
      crs: 'EPSG:3857',
    });
    const location = result.facilities[0]!.location!;
    expect(Math.abs(location.lat - (Math.atan(Math.sinh(6_274_861 / R)) * 180) / Math.PI)).toBeLessThan(1e-6);
    expect(Math.abs(location.lon - ((1_020_000 / R) * 180) / Math.PI)).toBeLessThan(1e-6);
  });
});
