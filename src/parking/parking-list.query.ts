import { z } from 'zod';
import { PARKING_KINDS, PARKING_STATUSES, WHEELCHAIR_ACCESS, type WheelchairAccess } from './parking.model.js';
import { bboxParam, latLonParam } from '../common/http/geo-query.js';

const latLon = latLonParam;
const bbox = bboxParam;

export const MAX_RADIUS_M = 50_000;

const ACCESS = WHEELCHAIR_ACCESS.join('|');
/** `wheelchair=yes` or a comma list (`yes,limited`), as the list of values. */
const wheelchairParam = z
  .string()
  .regex(new RegExp(`^(${ACCESS})(,(${ACCESS}))*$`), `${WHEELCHAIR_ACCESS.join(', ')}, comma separated`)
  .transform((v) => v.split(',') as WheelchairAccess[]);

/** Query parameters of GET /v1/parkings (docs/interface.md § Routes). */
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
    // Facility details (issue #15): parking-detail-filters.ts.
    evCharging: z.literal('true').optional(),
    disabled: z.literal('true').optional(),
    wheelchair: wheelchairParam.optional(),
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
