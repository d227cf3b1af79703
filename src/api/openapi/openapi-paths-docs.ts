import { type JsonObject, path } from './openapi-helpers.js';

const doc = (operationId: string, summary: string, content: JsonObject, parameters: JsonObject[] = []): JsonObject => ({
  get: {
    tags: ['docs'],
    operationId,
    summary,
    security: [],
    parameters,
    responses: { '200': { description: summary, content }, '404': { description: 'no such file' } },
  },
});

export const DOCS_PATHS: JsonObject = {
  '/docs': doc('docsUi', 'This documentation (Swagger UI, bundled: no CDN)', {
    'text/html': { schema: { type: 'string' } },
  }),
  '/docs/openapi.json': doc('openapi', 'This OpenAPI document', { 'application/json': { schema: { type: 'object' } } }),
  '/docs/assets/{file}': doc(
    'docsAsset',
    'Swagger UI files',
    { 'application/javascript': { schema: { type: 'string' } }, 'text/css': { schema: { type: 'string' } } },
    [path('file', 'asset file name', 'swagger-ui-bundle.js')],
  ),
};
