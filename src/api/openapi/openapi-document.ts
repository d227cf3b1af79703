import { HUB_VERSION } from '../../config/app-config.js';
import { HEADERS, RESPONSES, SECURITY_SCHEMES } from './openapi-components.js';
import type { JsonObject } from './openapi-helpers.js';
import { ADMIN_PATHS } from './openapi-paths-admin.js';
import { DOCS_PATHS } from './openapi-paths-docs.js';
import { EXPORT_PATHS } from './openapi-paths-export.js';
import { INGEST_PATHS } from './openapi-paths-ingest.js';
import { LIVE_PATHS } from './openapi-paths-live.js';
import { OPS_PATHS } from './openapi-paths-ops.js';
import { PARKING_PATHS } from './openapi-paths-parking.js';
import { SOURCE_PATHS } from './openapi-paths-sources.js';
import { TRANSIT_PATHS } from './openapi-paths-transit.js';
import { SCHEMAS } from './openapi-schemas.js';

const DESCRIPTION = `Real-time car-park availability and bus times from many operators, in one model.

**Access.** Reads are open and limited per client IP (\`HUB_ANON_RATE_LIMIT\` per minute). An \`X-API-Key\` raises the limit to the key's quota; with \`HUB_REQUIRE_API_KEY=true\` anonymous reads get 401. Every limited answer carries \`RateLimit-Limit\`, \`RateLimit-Remaining\`, \`RateLimit-Reset\`; a 429 adds \`Retry-After\`. \`/v1/admin/*\` needs \`Authorization: Bearer <HUB_ADMIN_TOKEN>\`.

**Caching.** Answers carry a weak \`ETag\` of the data and \`Cache-Control: public, max-age=\` half the poll interval; \`If-None-Match\` gives 304.

**Errors.** \`{ "error": { "code", "message", "details" } }\`; a bad parameter is a 400 whose \`details\` name it.

**Live feed.** socket.io namespace \`/live\` (not an HTTP route, see the README) and SSE on \`/v1/stream\`.`;

/**
 * The OpenAPI 3.1 document served at /docs/openapi.json. Query parameters and request bodies
 * are generated from the zod schemas that validate them (openapi-zod.ts); descriptions, examples
 * and response schemas are written here. test/e2e/api-openapi.spec.ts checks it against the
 * routes the app serves and the inputs their handlers read.
 */
export function openApiDocument(): JsonObject {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Mobility Hub API',
      version: HUB_VERSION,
      description: DESCRIPTION,
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/', description: 'this hub' }],
    tags: [
      { name: 'parkings', description: 'free places now, and history' },
      { name: 'transit', description: 'stops, departures, routes, vehicles, alerts (GTFS + GTFS-Realtime)' },
      { name: 'export', description: 'the live data re-published as GTFS-RT, ParkAPI v3 and DATEX II v3' },
      { name: 'live', description: 'changes as they happen' },
      { name: 'sources', description: 'operator feeds and their health' },
      { name: 'admin', description: 'source reload and API keys (HUB_ADMIN_TOKEN)' },
      { name: 'ops', description: 'probes and metrics' },
      { name: 'docs', description: 'this documentation' },
    ],
    security: [{}, { ApiKey: [] }],
    paths: {
      ...PARKING_PATHS,
      ...TRANSIT_PATHS,
      ...EXPORT_PATHS,
      ...INGEST_PATHS,
      ...LIVE_PATHS,
      ...SOURCE_PATHS,
      ...ADMIN_PATHS,
      ...OPS_PATHS,
      ...DOCS_PATHS,
    },
    components: {
      schemas: SCHEMAS,
      headers: HEADERS,
      responses: RESPONSES,
      securitySchemes: SECURITY_SCHEMES,
    },
  };
}
