import { type JsonObject, ref } from './openapi-helpers.js';
import type { ParamDoc } from './openapi-zod.js';

const errorBody = (example: JsonObject): JsonObject => ({ 'application/json': { schema: ref('Error'), example } });

const RATE_HEADERS: JsonObject = {
  'RateLimit-Limit': { $ref: '#/components/headers/RateLimitLimit' },
  'RateLimit-Remaining': { $ref: '#/components/headers/RateLimitRemaining' },
  'RateLimit-Reset': { $ref: '#/components/headers/RateLimitReset' },
};

/** Descriptions of the parameters many routes take; their schemas come from each route's zod schema. */
export const GEO_PARAMS = {
  near: {
    description: '`lat,lon` in degrees: results carry `distance` (m) and are sorted by it',
    example: '46.5802,0.3404',
    schema: { pattern: '^-?\\d+(\\.\\d+)?,\\s*-?\\d+(\\.\\d+)?$' },
  },
  radius: { description: 'metres around `near` (needs `near`)', example: 800 },
  bbox: { description: '`minLon,minLat,maxLon,maxLat` (not with `near`)', example: '0.33,46.57,0.35,46.59' },
} satisfies Record<string, ParamDoc>;

export const PAGE_PARAMS = {
  limit: { description: 'page size' },
  cursor: { description: '`meta.next` of the previous page' },
} satisfies Record<string, ParamDoc>;

export const SOURCE_PARAM: ParamDoc = { description: 'source ids, comma separated', example: 'poitiers-parkings' };

/** The /v1/parkings filters on facility details (parking-detail-filters.ts), for it and the exports. */
export const DETAIL_FILTER_PARAMS = {
  evCharging: {
    description:
      'only car parks with charging points for electric vehicles, counted or known to exist without a count (`evCharging` served, capacity not 0)',
    example: 'true',
  },
  disabled: {
    description:
      'only car parks with places for disabled drivers, counted or known to exist without a count, or of kind `disabled`',
    example: 'true',
  },
  wheelchair: { description: 'wheelchair access: one value or a comma list (`yes,limited`)', example: 'yes' },
} satisfies Record<string, ParamDoc>;

export const HEADERS: JsonObject = {
  ETag: {
    description: 'weak validator of the data (not of `generatedAt`); send it back in `If-None-Match`',
    schema: { type: 'string' },
  },
  CacheControl: {
    description: '`public, max-age=` half the shortest poll interval of the sources involved',
    schema: { type: 'string' },
  },
  RateLimitLimit: { description: 'requests allowed in the current one-minute window', schema: { type: 'integer' } },
  RateLimitRemaining: { description: 'requests left in the current window', schema: { type: 'integer' } },
  RateLimitReset: { description: 'seconds until the window resets', schema: { type: 'integer' } },
  RetryAfter: { description: 'seconds to wait', schema: { type: 'integer' } },
};

export const RESPONSES: JsonObject = {
  NotModified: { description: 'the `If-None-Match` ETag still matches: no body' },
  BadRequest: {
    description: 'a parameter is invalid; `details` names each one',
    content: errorBody({
      error: {
        code: 'BAD_REQUEST',
        message: 'near: expected "lat,lon" in degrees, e.g. 46.58,0.34',
        details: [{ parameter: 'near', message: 'expected "lat,lon" in degrees, e.g. 46.58,0.34' }],
      },
    }),
  },
  Unauthorized: {
    description: 'unknown or revoked API key; or no key while `HUB_REQUIRE_API_KEY=true`; or a bad admin token',
    content: errorBody({ error: { code: 'UNAUTHORIZED', message: 'unknown or revoked API key' } }),
  },
  NotFound: {
    description: 'no such id',
    content: errorBody({ error: { code: 'NOT_FOUND', message: 'no parking with id "poitiers-parkings:99"' } }),
  },
  PayloadTooLarge: {
    description: 'request body over 100 kB',
    content: errorBody({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'request entity too large' } }),
  },
  TooManyRequests: {
    description: "over the per-minute quota (the key's, or the anonymous per-IP one)",
    headers: { ...RATE_HEADERS, 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
    content: errorBody({
      error: {
        code: 'RATE_LIMITED',
        message: 'rate limit of 120 requests per minute reached',
        details: { limit: 120, retryAfterS: 17 },
      },
    }),
  },
  Unavailable: {
    description: 'Redis or Postgres unreachable',
    content: errorBody({
      error: { code: 'STORAGE_UNAVAILABLE', message: 'postgres unavailable: connect ECONNREFUSED 127.0.0.1:5432' },
    }),
  },
};

export const SECURITY_SCHEMES: JsonObject = {
  ApiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description:
      'optional unless `HUB_REQUIRE_API_KEY=true`: raises the rate limit to the key\'s quota. Create one with `npm run keys -- create --name "..."`.',
  },
  AdminToken: { type: 'http', scheme: 'bearer', description: 'the value of `HUB_ADMIN_TOKEN`' },
};
