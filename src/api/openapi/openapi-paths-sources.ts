import { SOURCE_EXAMPLE } from './openapi-examples.js';
import { type JsonObject, json, listOf, ok, path, read, readErrors, ref } from './openapi-helpers.js';

const sourceId = path('id', 'source id from sources.yaml', 'poitiers-parkings');

export const SOURCE_PATHS: JsonObject = {
  '/v1/sources': read(
    'sources',
    'listSources',
    'Health of every configured source',
    'One entry per source in sources.yaml (`disabled` when `enabled: false`); `meta.configErrors` lists the sources the file rejected, with the offending field.',
    [],
    ok(
      'source health',
      json(
        listOf(ref('SourceHealth'), {
          type: 'object',
          properties: {
            configErrors: {
              type: 'array',
              items: {
                type: 'object',
                properties: { sourceId: { type: 'string' }, field: { type: 'string' }, message: { type: 'string' } },
              },
            },
          },
        }),
        {
          data: [SOURCE_EXAMPLE],
          meta: { count: 1, next: null, generatedAt: '2025-10-23T08:14:05.020Z', configErrors: [] },
        },
      ),
    ),
    readErrors(),
  ),
  '/v1/sources/{id}': read(
    'sources',
    'getSource',
    'Health of one source, with its last 20 polls',
    'Current health plus `recentPolls` (newest first).',
    [sourceId],
    ok('source health', json(ref('SourceHealthDetail'), { ...SOURCE_EXAMPLE, recentPolls: [] })),
    readErrors('404'),
  ),
};
