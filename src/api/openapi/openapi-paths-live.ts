import { type JsonObject, param, query, response } from './openapi-helpers.js';

export const LIVE_PATHS: JsonObject = {
  '/v1/stream': {
    get: {
      tags: ['live'],
      operationId: 'stream',
      summary: 'Live changes as Server-Sent Events',
      description:
        'The socket.io `/live` feed over SSE, with the same filters as query parameters. Events `parking`, `departures`, `vehicle`, `alert`, `source`; each SSE `id` is the cursor. Reconnect with `Last-Event-ID` (or `since`) within the replay window (10 min) to get every missed event, in order.',
      parameters: [
        query('parkings', { type: 'string' }, 'parking ids, comma separated'),
        param('near'),
        param('radius'),
        param('bbox'),
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
