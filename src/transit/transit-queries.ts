import { z } from 'zod';
import { parseDuration } from '../common/duration.js';
import { bboxParam, latLonParam } from '../common/http/geo-query.js';

const latLon = latLonParam;
const bbox = bboxParam;

const sources = z
  .string()
  .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, 'source ids, comma separated')
  .transform((s) => s.split(','));

const entityId = z
  .string()
  .min(3)
  .max(300)
  .regex(/^[a-z0-9-]+:.+$/, 'an id "<source>:<localId>"');

/** Offset cursors: stop lists come from Postgres in a stable order. */
const cursor = z
  .string()
  .regex(/^\d{1,7}$/, 'a cursor from meta.next')
  .transform(Number);

export const MAX_STOP_RADIUS_M = 50_000;

/** GET /v1/stops */
export const stopListQuery = z
  .object({
    near: latLon.optional(),
    radius: z.coerce.number().positive().max(MAX_STOP_RADIUS_M).optional(),
    bbox: bbox.optional(),
    q: z.string().trim().min(1).max(100).optional(),
    source: sources.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: cursor.optional(),
  })
  .strict()
  .refine((q) => !(q.near !== undefined && q.bbox !== undefined), {
    message: 'use near or bbox, not both',
    path: ['bbox'],
  })
  .refine((q) => q.radius === undefined || q.near !== undefined, { message: 'radius needs near', path: ['radius'] });
export type StopListQuery = z.infer<typeof stopListQuery>;

const window = z.string().transform((value, ctx) => {
  const ms = parseDuration(value);
  if (ms === null || ms < 60_000 || ms > 24 * 3_600_000) {
    ctx.addIssue({ code: 'custom', message: 'a duration between 1m and 24h, e.g. 90m' });
    return z.NEVER;
  }
  return Math.round(ms / 1000);
});

/** GET /v1/stops/:id/departures */
export const departuresQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(200).default(20),
    window: window.default(90 * 60),
    at: z.iso
      .datetime({ offset: true })
      .transform((s) => new Date(s))
      .optional(),
    include: z
      .string()
      .regex(/^arrivals$/, 'arrivals')
      .transform((s) => s.split(',') as Array<'arrivals'>)
      .optional(),
  })
  .strict();
export type DeparturesQuery = z.infer<typeof departuresQuery>;

/** GET /v1/routes */
export const routeListQuery = z.object({ source: sources.optional() }).strict();

/** GET /v1/vehicles */
export const vehicleListQuery = z
  .object({ route: entityId.optional(), bbox: bbox.optional(), source: sources.optional() })
  .strict();
export type VehicleListQuery = z.infer<typeof vehicleListQuery>;

/** GET /v1/alerts */
export const alertListQuery = z
  .object({ route: entityId.optional(), stop: entityId.optional(), source: sources.optional() })
  .strict();
export type AlertListQuery = z.infer<typeof alertListQuery>;
