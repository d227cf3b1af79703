import { z } from 'zod';

/** `near=lat,lon` in degrees, as every geo query of the API takes it. */
export const latLonParam = z.string().transform((value, ctx) => {
  const parts = value.split(',').map((p) => Number(p.trim()));
  const [lat, lon] = parts;
  if (parts.length !== 2 || !parts.every(Number.isFinite) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    ctx.addIssue({ code: 'custom', message: 'expected "lat,lon" in degrees, e.g. 46.58,0.34' });
    return z.NEVER;
  }
  return { lat, lon };
});

/** `bbox=minLon,minLat,maxLon,maxLat` (GeoJSON order). */
export const bboxParam = z.string().transform((value, ctx) => {
  const parts = value.split(',').map((p) => Number(p.trim()));
  const [minLon, minLat, maxLon, maxLat] = parts;
  const valid =
    parts.length === 4 &&
    parts.every(Number.isFinite) &&
    minLon >= -180 &&
    maxLon <= 180 &&
    minLat >= -90 &&
    maxLat <= 90 &&
    minLon < maxLon &&
    minLat < maxLat;
  if (!valid) {
    ctx.addIssue({ code: 'custom', message: 'expected "minLon,minLat,maxLon,maxLat" with min < max' });
    return z.NEVER;
  }
  return [minLon, minLat, maxLon, maxLat] as [number, number, number, number];
});
