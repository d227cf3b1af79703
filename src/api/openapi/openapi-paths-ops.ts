import { allOutagesQuery, outageListQuery } from '../../ops/outages/outage-list.query.js';
import { PAGE_PARAMS, SOURCE_PARAM } from './openapi-components.js';
import { type JsonObject, json, listOf, ok, path, read, readErrors, ref } from './openapi-helpers.js';
import { queryParams } from './openapi-zod.js';

const terminus: JsonObject = {
  type: 'object',
  required: ['status'],
  properties: {
    status: { type: 'string', enum: ['ok', 'error', 'shutting_down'] },
    info: { type: 'object' },
    error: { type: 'object' },
    details: { type: 'object' },
  },
};

const OUTAGE_EXAMPLE = {
  sourceId: 'poitiers-parkings',
  startedAt: '2025-10-23T06:02:10.000Z',
  endedAt: '2025-10-23T06:09:40.000Z',
  cause: { code: 'FETCH_TIMEOUT', message: 'no complete answer within 10000 ms' },
  pollsFailed: 45,
  endReason: 'recovered',
  ongoing: false,
  durationMs: 450000,
};

const probe = (operationId: string, summary: string, description: string): JsonObject => ({
  get: {
    tags: ['ops'],
    operationId,
    summary,
    description,
    security: [],
    responses: {
      '200': { description: 'healthy', content: json(terminus, { status: 'ok', info: {}, error: {}, details: {} }) },
      '503': { description: 'not ready: the failing dependency is named in `error`', content: json(terminus) },
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
  '/v1/sources/{id}/outages': read(
    'sources',
    'listSourceOutages',
    'Outage history of one source',
    'Periods during which the source was `down`, newest first; the ongoing one has `endedAt: null` and `ongoing: true`.',
    [
      path('id', 'source id', 'poitiers-parkings'),
      ...queryParams(outageListQuery, {
        from: { description: 'outages still running at or after this time' },
        to: { description: 'outages started before this time' },
        ...PAGE_PARAMS,
      }),
    ],
    ok(
      'outages',
      json(listOf(ref('SourceOutage')), {
        data: [OUTAGE_EXAMPLE],
        meta: { count: 1, next: null, generatedAt: '2025-10-23T08:14:05.020Z' },
      }),
    ),
    readErrors('404'),
  ),
  '/v1/outages': read(
    'sources',
    'listOutages',
    'Outage history of every source',
    'The outages of every source in sources.yaml (or of those named by `source`), newest first, then by source id, in the rows of `/v1/sources/{id}/outages`. A source no longer configured is not listed, as there. An unknown id in `source`, or a cursor this API did not give, is a 400.',
    queryParams(allOutagesQuery, {
      from: { description: 'outages still running at or after this time' },
      to: { description: 'outages started before this time' },
      ...PAGE_PARAMS,
      source: SOURCE_PARAM,
      ongoing: { description: '`true`: only the outages still open; `false`: only ended ones' },
      perSource: {
        description:
          "only the latest this many of each source (within from / to / ongoing), so one page can hold every source's latest; paged like the rest",
      },
    }),
    ok(
      'outages',
      json(listOf(ref('SourceOutage')), {
        data: [OUTAGE_EXAMPLE],
        meta: { count: 1, next: null, generatedAt: '2025-10-23T08:14:05.020Z' },
      }),
    ),
    readErrors(),
  ),
};
