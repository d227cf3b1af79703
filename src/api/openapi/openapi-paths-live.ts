import { GEO_PARAMS } from './openapi-components.js';
import { type JsonObject, query, response } from './openapi-helpers.js';

/** near and bbox as the REST lists describe them; the live feed checks them with its own subscription schema. */
const geo = (name: 'near' | 'bbox'): JsonObject => {
  const doc = GEO_PARAMS[name];
  return query(name, { type: 'string', ...('schema' in doc ? doc.schema : {}) }, doc.description, doc.example);
};

export const LIVE_PATHS: JsonObject = {
  '/v1/stream': {
    get: {
      tags: ['live'],
      operationId: 'stream',
      summary: 'Live changes as Server-Sent Events',
      description:
        'The socket.io `/live` feed over SSE, with the same filters as query parameters; without any filter, every car park, alert and source. Unknown parameters are ignored (listed in `ignored` of the `ready` event) unless one is a likely typo of a known one (400 naming it). Events `parking`, `departures`, `vehicle`, `alert`, `source`; each SSE `id` is the cursor. Reconnect with `Last-Event-ID` (or `since`) within the replay window (10 min) to get every missed event, in order.',
      parameters: [
        query('parkings', { type: 'string' }, 'parking ids, comma separated'),
        query('allParkings', { type: 'boolean' }, 'every car park, also one that appears later'),
        geo('near'),
        query(
          'radius',
          { type: 'number', exclusiveMinimum: 0 },
          'metres around `near` (needs `near`), at most `LIVE_MAX_RADIUS`',
          GEO_PARAMS.radius.example,
        ),
        geo('bbox'),
        query('stops', { type: 'string' }, 'stop ids, comma separated'),
        query('routes', { type: 'string' }, 'route ids, comma separated'),
        query('alerts', { type: 'boolean' }, 'alert events'),
        query('sources', { type: 'boolean' }, 'source health events'),
        query('since', { type: 'string' }, 'cursor to resume from (`Last-Event-ID` wins)'),
        query('apiKey', { type: 'string' }, 'the API key, for EventSource clients that cannot send `X-API-Key`'),
      ],
      responses: {
        '200': {
          description: 'an endless event stream',
          content: { 'text/event-stream': { schema: { type: 'string' } } },
        },
        '400': response('BadRequest'),
        '401': response('Unauthorized'),
        '429': response('TooManyRequests'),
        '503': response('Unavailable'),
      },
    },
  },
};
