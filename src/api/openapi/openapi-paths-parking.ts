import { HISTORY_MAX_SPAN_DAYS, parkingHistoryQuery } from '../../parking/parking-history.query.js';
import { parkingListQuery } from '../../parking/parking-list.query.js';
import { DEFAULT_RADIUS_M } from '../../parking/parking-query.service.js';
import { DETAIL_FILTER_PARAMS, GEO_PARAMS, PAGE_PARAMS, SOURCE_PARAM } from './openapi-components.js';
import {
  HISTORY_BUCKET_EXAMPLE,
  HISTORY_CSV_EXAMPLE,
  HISTORY_RAW_EXAMPLE,
  PARKING_EXAMPLE,
  PARKING_GEOJSON_EXAMPLE,
  PARKING_NEAR_EXAMPLE,
} from './openapi-examples.js';
import { type JsonObject, json, listOf, ok, path, read, readErrors, ref } from './openapi-helpers.js';
import { queryParams } from './openapi-zod.js';

const idParam = path('id', 'parking id `<sourceId>:<localId>`', 'poitiers-parkings:2');

export const PARKING_PATHS: JsonObject = {
  '/v1/parkings': read(
    'parkings',
    'listParkings',
    'Car parks, filtered, near a point or in a box',
    'Free places now. With `near`, each item has `distance` (m) and the list is sorted by it (then by id); otherwise by id. Pages with `cursor`. GeoJSON with `format=geojson` or `Accept: application/geo+json` (parkings without a location are left out).',
    queryParams(parkingListQuery, {
      ...GEO_PARAMS,
      radius: { ...GEO_PARAMS.radius, schema: { default: DEFAULT_RADIUS_M } },
      minFree: { description: 'at least this many free places', example: 10 },
      source: SOURCE_PARAM,
      kind: { description: 'facility kind' },
      status: { description: 'status now' },
      ...DETAIL_FILTER_PARAMS,
      ...PAGE_PARAMS,
      format: { description: 'response format (overrides Accept)' },
    }),
    ok('a page of parkings', {
      'application/json': { schema: listOf(ref('Parking')), example: PARKING_NEAR_EXAMPLE },
      'application/geo+json': { schema: ref('ParkingFeatureCollection'), example: PARKING_GEOJSON_EXAMPLE },
    }),
    readErrors(),
  ),
  '/v1/parkings/{id}': read(
    'parkings',
    'getParking',
    'One car park',
    'The parking as it is now, with `stale` computed at read time.',
    [idParam],
    ok('the parking', json(ref('Parking'), PARKING_EXAMPLE)),
    readErrors('404'),
  ),
  '/v1/parkings/{id}/history': read(
    'parkings',
    'getParkingHistory',
    'Occupancy history of one car park',
    `Without \`bucket\`: the stored observations (the hub stores changes only), oldest first. With \`bucket\`: one row per bucket (UTC-aligned; the first bucket starts at or before \`from\`), where each value counts for as long as it held (until the next change, at most until \`to\` or now). At most ${HISTORY_MAX_SPAN_DAYS} days between \`from\` and \`to\`. Pages with \`cursor\` (also in a \`Link: <...>; rel="next"\` header, the only way for CSV).`,
    [
      idParam,
      ...queryParams(parkingHistoryQuery, {
        from: { description: 'start, ISO 8601 with zone (default: `to` − 24 h)', example: '2025-10-23T07:00:00Z' },
        to: { description: 'end, exclusive (default: now)', example: '2025-10-23T09:00:00Z' },
        bucket: { description: 'aggregate into buckets of this size', example: '1h' },
        format: {
          description:
            'CSV: `t,free,occupied,capacity,status,occupancy,quality` or `t,free_min,free_avg,free_max,occupancy`',
        },
        limit: { description: 'rows per page' },
        cursor: PAGE_PARAMS.cursor,
      }),
    ],
    ok(
      'observations or buckets',
      {
        'application/json': {
          schema: {
            type: 'object',
            required: ['data', 'meta'],
            properties: {
              data: { type: 'array', items: { oneOf: [ref('HistoryObservation'), ref('HistoryBucket')] } },
              meta: { allOf: [ref('ListMeta'), ref('HistoryMeta')] },
            },
          },
          examples: {
            raw: { summary: 'observations', value: HISTORY_RAW_EXAMPLE },
            buckets: { summary: 'bucket=1h', value: HISTORY_BUCKET_EXAMPLE },
          },
        },
        'text/csv': { schema: { type: 'string' }, example: HISTORY_CSV_EXAMPLE },
      },
      { Link: { description: 'next page, when there is one', schema: { type: 'string' } } },
    ),
    readErrors('404'),
  ),
};
