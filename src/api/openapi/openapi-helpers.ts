/** Small builders that keep the hand-written OpenAPI document readable. JSON values only. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
export const response = (name: string): JsonObject => ({ $ref: `#/components/responses/${name}` });

export const nullable = (schema: JsonObject): JsonObject => ({ oneOf: [schema, { type: 'null' }] });

/** A query parameter. */
export function query(name: string, schema: JsonObject, description: string, example?: Json): JsonObject {
  return { name, in: 'query', required: false, description, schema, ...(example === undefined ? {} : { example }) };
}

/** A path parameter. */
export function path(name: string, description: string, example: string): JsonObject {
  return { name, in: 'path', required: true, description, schema: { type: 'string' }, example };
}

/** The list envelope (docs/interface.md § Responses) around an item schema. */
export function listOf(item: JsonObject, extraMeta: JsonObject = {}): JsonObject {
  return {
    type: 'object',
    required: ['data', 'meta'],
    properties: {
      data: { type: 'array', items: item },
      meta: Object.keys(extraMeta).length === 0 ? ref('ListMeta') : { allOf: [ref('ListMeta'), extraMeta] },
    },
  };
}

const CACHE_HEADERS: JsonObject = {
  ETag: { $ref: '#/components/headers/ETag' },
  'Cache-Control': { $ref: '#/components/headers/CacheControl' },
  'RateLimit-Limit': { $ref: '#/components/headers/RateLimitLimit' },
  'RateLimit-Remaining': { $ref: '#/components/headers/RateLimitRemaining' },
  'RateLimit-Reset': { $ref: '#/components/headers/RateLimitReset' },
};

/** 200 body in one or more media types, with the cache and rate-limit headers. */
export function ok(description: string, content: JsonObject, headers: JsonObject = {}): JsonObject {
  return { description, headers: { ...CACHE_HEADERS, ...headers }, content };
}

export const json = (schema: JsonObject, example?: Json): JsonObject => ({
  'application/json': { schema, ...(example === undefined ? {} : { example }) },
});

/** The error answers every /v1 read can give, plus the ones named. */
export function readErrors(...extra: Array<'404'>): JsonObject {
  const errors: JsonObject = {
    '304': response('NotModified'),
    '400': response('BadRequest'),
    '401': response('Unauthorized'),
    '429': response('TooManyRequests'),
    '503': response('Unavailable'),
  };
  if (extra.includes('404')) errors['404'] = response('NotFound');
  return errors;
}

/** A GET on a public /v1 read. */
export function read(
  tag: string,
  operationId: string,
  summary: string,
  description: string,
  parameters: JsonObject[],
  success: JsonObject,
  errors: JsonObject,
): JsonObject {
  return {
    get: { tags: [tag], operationId, summary, description, parameters, responses: { '200': success, ...errors } },
  };
}
