import type { ServedParking } from './parking-query.service.js';

/** RFC 7946 FeatureCollection; parkings without a location are left out (GeoJSON needs a geometry). */
export function toFeatureCollection(parkings: ServedParking[], meta: Record<string, unknown>): unknown {
  return {
    type: 'FeatureCollection',
    features: parkings
      .filter((p) => p.location !== null)
      .map(({ location, ...properties }) => ({
        type: 'Feature',
        id: properties.id,
        geometry: { type: 'Point', coordinates: [location?.lon, location?.lat] },
        properties,
      })),
    meta,
  };
}
