import { z } from 'zod';
import { parkingListQuery } from '../parking/parking-list.query.js';

/** Query of GET /v1/export/gtfs-rt/*: the timetable whose realtime sources are merged, and the encoding. */
export const gtfsRtExportQuery = z
  .object({
    feed: z.string().regex(/^[a-z0-9-]{1,64}$/, 'a gtfs source id (or a gtfs-rt source id without feed)'),
    format: z.enum(['protobuf', 'json']).optional(),
  })
  .strict();
export type GtfsRtExportQuery = z.infer<typeof gtfsRtExportQuery>;

const { near, radius, bbox, minFree, source, kind, status, evCharging, disabled, wheelchair } = parkingListQuery.shape;

/** The filters of GET /v1/parkings (without paging: an export holds every car park that matches). */
const parkingFilters = { near, radius, bbox, minFree, source, kind, status, evCharging, disabled, wheelchair };

/** Query of GET /v1/export/parkapi. */
export const parkapiExportQuery = z
  .object(parkingFilters)
  .strict()
  .refine((q) => !(q.near !== undefined && q.bbox !== undefined), {
    message: 'use near or bbox, not both',
    path: ['bbox'],
  })
  .refine((q) => q.radius === undefined || q.near !== undefined, { message: 'radius needs near', path: ['radius'] });
export type ParkingExportFilters = z.infer<typeof parkapiExportQuery>;

/** Query of GET /v1/export/datex2/parking: the filters, and one publication or both. */
export const datex2ExportQuery = z
  .object({ ...parkingFilters, publication: z.enum(['table', 'status']).optional() })
  .strict()
  .refine((q) => !(q.near !== undefined && q.bbox !== undefined), {
    message: 'use near or bbox, not both',
    path: ['bbox'],
  })
  .refine((q) => q.radius === undefined || q.near !== undefined, { message: 'radius needs near', path: ['radius'] });
export type Datex2ExportQuery = z.infer<typeof datex2ExportQuery>;
