import { z } from 'zod';
import { PARKING_KINDS, PARKING_STATUSES } from './parking.model.js';

const latLon = z.string().transform((value, ctx) => {
  const parts = value.split(',').map((p) => Number(p.trim()));
  const [lat, lon] = parts;
  if (
    parts.length !== 2 ||
    !Number.isFinite(lat) ||
    !Number.isFinite(lon) ||
    Math.abs(lat) > 90 ||
    Math.abs(lon) > 180
  ) {
    ctx.addIssue({ code: 'custom', message: 'expected "lat,lon" in degrees, e.g. 46.58,0.34' });
    return z.NEVER;
  }
  return { lat, lon };
});

const bbox = z.string().transform((value, ctx) => {
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

export const MAX_RADIUS_M = 50_000;

/** Query parameters of GET /v1/parkings (contract §2). */
export const parkingListQuery = z
  .object({
    near: latLon.optional(),
    radius: z.coerce.number().positive().max(MAX_RADIUS_M).optional(),
    bbox: bbox.optional(),
    minFree: z.coerce.number().int().min(0).optional(),
    source: z
      .string()
      .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, 'source ids, comma separated')
      .optional(),
    kind: z.enum(PARKING_KINDS).optional(),
    status: z.enum(PARKING_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(512).optional(),
    format: z.enum(['json', 'geojson']).optional(),
  })
  .strict()
  .refine((q) => !(q.near !== undefined && q.bbox !== undefined), {
    message: 'use near or bbox, not both',
    path: ['bbox'],
  })
  .refine((q) => q.radius === undefined || q.near !== undefined, { message: 'radius needs near', path: ['radius'] });

export type ParkingListQuery = z.infer<typeof parkingListQuery>;
