import { haversineM } from '../common/geo.js';
import type { GeoPoint } from '../parking/parking.model.js';
import type { Box } from './geo-cells.js';
import type { LiveArea } from './live-protocol.js';

/** Metres per degree of latitude on the sphere haversineM uses. */
const M_PER_DEG_LAT = (Math.PI / 180) * 6_371_008.8;

/** An area ready for matching: its bounding box (for cells) and the exact test. */
export interface AreaShape {
  box: Box;
  contains(point: GeoPoint): boolean;
}

export function areaShape(area: LiveArea): AreaShape {
  return 'near' in area ? circleShape(area.near, area.radius) : boxShape(area.bbox);
}

function boxShape(box: Box): AreaShape {
  return { box, contains: (p) => inBox(box, p) };
}

function circleShape(center: GeoPoint, radiusM: number): AreaShape {
  const box = circleBox(center, radiusM);
  return {
    box,
    contains: (p) => inBox(box, p) && haversineM(center.lat, center.lon, p.lat, p.lon) <= radiusM,
  };
}

function inBox([minLon, minLat, maxLon, maxLat]: Box, p: GeoPoint): boolean {
  return p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat;
}

/** A box surely holding the circle (clamped to the globe; areas across the antimeridian are cut there). */
export function circleBox(center: GeoPoint, radiusM: number): Box {
  const dLat = radiusM / M_PER_DEG_LAT;
  const widestLat = Math.min(89.999, Math.max(Math.abs(center.lat - dLat), Math.abs(center.lat + dLat)));
  const dLon = Math.min(180, dLat / Math.cos((widestLat * Math.PI) / 180));
  return [
    Math.max(-180, center.lon - dLon),
    Math.max(-90, center.lat - dLat),
    Math.min(180, center.lon + dLon),
    Math.min(90, center.lat + dLat),
  ];
}

/** Width (along the parallel where the box is widest) and height of a box, in metres. */
export function boxSidesM([minLon, minLat, maxLon, maxLat]: Box): { widthM: number; heightM: number } {
  const widestLat = minLat <= 0 && maxLat >= 0 ? 0 : Math.min(Math.abs(minLat), Math.abs(maxLat));
  return {
    widthM: (maxLon - minLon) * M_PER_DEG_LAT * Math.cos((widestLat * Math.PI) / 180),
    heightM: (maxLat - minLat) * M_PER_DEG_LAT,
  };
}
