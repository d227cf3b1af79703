import { type JsonObject, json, response } from './openapi-helpers.js';

const errorRef = (description: string): JsonObject => ({
  description,
  content: json({ $ref: '#/components/schemas/Error' }),
});

/** POST /v1/ingest/{sourceId}: push in (docs/interface.md § Push sources). */
export const INGEST_PATHS: JsonObject = {
  '/v1/ingest/{sourceId}': {
    post: {
      tags: ['ingest'],
      operationId: 'pushParkingPayload',
      summary: 'Push a parking payload to a push source',
      description:
        "For a source with `mode: push`: the body, raw, in the format the source names (ParkAPI v3, DATEX II ...), goes through the same adapter, validation, change detection, live feed and history as a poll, and is recorded as the source's last poll. `Authorization: Bearer <pushToken>`. At most the source's `maxBytes`; `pushPerMinute` pushes a minute.",
      parameters: [{ name: 'sourceId', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: {} },
          'application/xml': { schema: { type: 'string' } },
        },
      },
      responses: {
        '200': {
          description: 'processed: counts, and the first 20 warnings (one per rejected record or refused value)',
          content: json({
            type: 'object',
            required: ['sourceId', 'receivedAt', 'entities', 'changes', 'warningCount', 'warnings'],
            properties: {
              sourceId: { type: 'string' },
              receivedAt: { type: 'string', format: 'date-time' },
              entities: { type: 'integer' },
              changes: { type: 'integer' },
              warningCount: { type: 'integer' },
              warnings: {
                type: 'array',
                items: {
                  type: 'object',
                  required: ['code', 'message'],
                  properties: { code: { type: 'string' }, message: { type: 'string' }, ref: { type: 'string' } },
                },
              },
            },
          }),
        },
        '400': errorRef("PARSE_ERROR: the source's adapter cannot read the body"),
        '401': response('Unauthorized'),
        '404': response('NotFound'),
        '409': errorRef('NOT_A_PUSH_SOURCE: the source is polled'),
        '413': response('PayloadTooLarge'),
        '415': errorRef('UNSUPPORTED_MEDIA_TYPE: not JSON or XML, or compressed'),
        '422': errorRef('NO_VALID_RECORDS: not one record was valid (the warnings in details)'),
        '429': response('TooManyRequests'),
      },
    },
  },
};
