import { type JsonObject, json, path, response } from './openapi-helpers.js';

const probe = (operationId: string, summary: string, description: string): JsonObject => ({
  get: {
    tags: ['ops'],
    operationId,
    summary,
    description,
    security: [],
    responses: {
      '200': { description: 'healthy', content: json({ type: 'object', properties: { status: { type: 'string' } } }) },
      '503': { description: 'not ready: the failing dependency is named', content: json({ type: 'object' }) },
    },
  },
});

export const OPS_PATHS: JsonObject = {
  '/health/live': probe('healthLive', 'Liveness', 'The process answers (no dependency checked).'),
  '/health/ready': probe('healthReady', 'Readiness', 'Redis, Postgres and the queue answer.'),
  '/metrics': {
    get: {
      tags: ['ops'],
      operationId: 'metrics',
      summary: 'Prometheus metrics',
      description: 'Text exposition format: HTTP, polls, queue, live feed.',
      security: [],
      responses: { '200': { description: 'metrics', content: { 'text/plain': { schema: { type: 'string' } } } } },
    },
  },
  '/v1/sources/{id}/outages': {
    get: {
      tags: ['sources'],
      operationId: 'listSourceOutages',
      summary: 'Outage history of one source',
      description: 'Periods during which the source was down.',
      parameters: [path('id', 'source id', 'poitiers-parkings')],
      responses: {
        '200': {
          description: 'outages',
          content: json({ type: 'object', properties: { data: { type: 'array', items: { type: 'object' } } } }),
        },
        '304': response('NotModified'),
        '400': response('BadRequest'),
        '401': response('Unauthorized'),
        '404': response('NotFound'),
        '429': response('TooManyRequests'),
        '503': response('Unavailable'),
      },
    },
  },
};
