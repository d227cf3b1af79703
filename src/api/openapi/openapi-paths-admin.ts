import { createKeyBody } from '../admin/admin-key.body.js';
import { type JsonObject, json, listOf, path, ref, response } from './openapi-helpers.js';
import { jsonBody } from './openapi-zod.js';

const ADMIN_ERRORS: JsonObject = {
  '401': response('Unauthorized'),
  '429': response('TooManyRequests'),
  '503': response('Unavailable'),
};

const KEY_EXAMPLE: JsonObject = {
  id: '3f1c2a4e-8d5b-4c61-9a0e-2b7d6f8e1c90',
  name: 'poitiers-dashboard',
  prefix: 'mh_Xk2v9QaL',
  perMinute: 1200,
  createdAt: '2025-10-23T08:00:00.000Z',
  revokedAt: null,
};

function admin(operationId: string, summary: string, description: string, extra: JsonObject): JsonObject {
  return { tags: ['admin'], operationId, summary, description, security: [{ AdminToken: [] }], ...extra };
}

export const ADMIN_PATHS: JsonObject = {
  '/v1/admin/sources/reload': {
    post: admin(
      'reloadSources',
      'Re-read sources.yaml',
      'Same as SIGHUP: re-reads the file and re-schedules polls without a restart. A file that no longer parses keeps the previous sources.',
      {
        responses: {
          '200': {
            description: 'the sources now configured, and the ones rejected',
            content: json(
              {
                type: 'object',
                required: ['sources', 'errors'],
                properties: {
                  sources: { type: 'array', items: { type: 'string' } },
                  errors: { type: 'array', items: { type: 'object' } },
                },
              },
              { sources: ['poitiers-parkings', 'vitalis-gtfs', 'vitalis-rt'], errors: [] },
            ),
          },
          ...ADMIN_ERRORS,
        },
      },
    ),
  },
  '/v1/admin/keys': {
    get: admin(
      'listApiKeys',
      'List API keys',
      'Every key, revoked ones included; never the key itself (only its hash is stored).',
      {
        responses: { '200': { description: 'keys', content: json(listOf(ref('ApiKey'))) }, ...ADMIN_ERRORS },
      },
    ),
    post: admin(
      'createApiKey',
      'Create an API key',
      'Returns the key once, in `key`; the hub keeps only its SHA-256.',
      {
        requestBody: jsonBody(
          createKeyBody,
          { name: 'poitiers-dashboard', perMinute: 1200 },
          { perMinute: 'requests per minute (default HUB_KEY_RATE_LIMIT)' },
        ),
        responses: {
          '201': {
            description: 'the new key',
            content: json(ref('NewApiKey'), { ...KEY_EXAMPLE, key: 'mh_Xk2v9QaL…(43 characters after mh_)' }),
          },
          '400': response('BadRequest'),
          '413': response('PayloadTooLarge'),
          ...ADMIN_ERRORS,
        },
      },
    ),
  },
  '/v1/admin/keys/{id}': {
    delete: admin(
      'revokeApiKey',
      'Revoke an API key',
      'By id or by displayed prefix. The key answers 401 at once on this process, within 5 s on the others.',
      {
        parameters: [path('id', 'key id (uuid) or prefix', KEY_EXAMPLE.prefix as string)],
        responses: {
          '200': {
            description: 'the revoked key',
            content: json(ref('ApiKey'), { ...KEY_EXAMPLE, revokedAt: '2025-10-24T09:30:00.000Z' }),
          },
          '404': response('NotFound'),
          ...ADMIN_ERRORS,
        },
      },
    ),
  },
};
