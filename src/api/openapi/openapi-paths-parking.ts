import { PARKING_KINDS, PARKING_STATUSES } from '../../parking/parking.model.js';
import { HISTORY_MAX_LIMIT, HISTORY_MAX_SPAN_DAYS } from '../../parking/parking-history.query.js';
import {
  HISTORY_BUCKET_EXAMPLE,
  HISTORY_CSV_EXAMPLE,
  HISTORY_RAW_EXAMPLE,
  PARKING_EXAMPLE,
  PARKING_GEOJSON_EXAMPLE,
  PARKING_NEAR_EXAMPLE,
} from './openapi-examples.js';
import { type JsonObject, json, listOf, ok, param, path, query, read, readErrors, ref } from './openapi-helpers.js';

const idParam = path('id', 'parking id `<sourceId>:<localId>`', 'poitiers-parkings:2');

export const PARKING_PATHS: JsonObject = {
  '/v1/parkings': read(
    'parkings',
    'listParkings',
    'Car parks, filtered, near a point or in a box',
    'Free places now. With `near`, each item has `distance` (m) and the list is sorted by it (then by id); otherwise by id. Pages with `cursor`. GeoJSON with `format=geojson` or `Accept: application/geo+json` (parkings without a location are left out).',
    [
      param('near'),
      param('radius'),
      param('bbox'),
      query('minFree', { type: 'integer', minimum: 0 }, 'at least this many free places', 10),
      param('source'),
      query('kind', { type: 'string', enum: [...PARKING_KINDS] }, 'facility kind'),
      query('status', { type: 'string', enum: [...PARKING_STATUSES] }, 'status now'),
      param('limit'),
      param('cursor'),
      query('format', { type: 'string', enum: ['json', 'geojson'] }, 'response format (overrides Accept)'),
    ],
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
      query(
        'from',
        { type: 'string', format: 'date-time' },
        'start, ISO 8601 with zone (default: `to` − 24 h)',
        '2025-10-23T07:00:00Z',
      ),
      query('to', { type: 'string', format: 'date-time' }, 'end, exclusive (default: now)', '2025-10-23T09:00:00Z'),
      query('bucket', { type: 'string', enum: ['5m', '15m', '1h', '1d'] }, 'aggregate into buckets of this size', '1h'),
      query(
        'format',
        { type: 'string', enum: ['json', 'csv'] },
        'CSV: `t,free,occupied,capacity,status,occupancy,quality` or `t,free_min,free_avg,free_max,occupancy`',
      ),
      query('limit', { type: 'integer', minimum: 1, maximum: HISTORY_MAX_LIMIT, default: 1000 }, 'rows per page'),
      param('cursor'),
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
