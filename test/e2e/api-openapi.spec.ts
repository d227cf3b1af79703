import { ModulesContainer } from '@nestjs/core';
import { Validator } from '@seriousme/openapi-schema-validator';
import { servedRoutes } from '../../src/api/openapi/route-inventory.js';
import { parkingHistoryQuery } from '../../src/parking/parking-history.query.js';
import { allOutagesQuery, outageListQuery } from '../../src/ops/outages/outage-list.query.js';
import { parkingListQuery } from '../../src/parking/parking-list.query.js';
import {
  alertListQuery,
  departuresQuery,
  routeListQuery,
  stopListQuery,
  vehicleListQuery,
} from '../../src/transit/transit-queries.js';
import type { RunningHub } from '../support/hub-app.js';
import { isolation } from '../support/test-env.js';
import { ADMIN_TOKEN, startHerrenbergHub } from './api-support.js';
import { probeRouteInputs } from './route-input-probe.js';
import { ajvWithComponents, closed, type Schema } from '../support/openapi-closed.js';

interface Operation {
  parameters?: Array<{ name?: string; in?: string; $ref?: string }>;
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
  responses: Record<string, unknown>;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, { name: string }>; schemas: Record<string, unknown> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'];

describe('OpenAPI document at /docs/openapi.json and the UI at /docs', () => {
  const iso = isolation('api_openapi');
  let hub: RunningHub;
  let base: string;
  let doc: Document;

  beforeAll(async () => {
    hub = await startHerrenbergHub(iso);
    base = hub.url as string;
    doc = (await (await fetch(`${base}/docs/openapi.json`)).json()) as Document;
  });
  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  it('is a valid OpenAPI 3.1 document whose $refs all resolve', async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc) as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it('documents exactly the routes the app serves', () => {
    const served = servedRoutes(hub.app.get(ModulesContainer)).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    const documented = Object.entries(doc.paths).flatMap(([route, item]) =>
      Object.keys(item)
        .filter((m) => METHODS.includes(m))
        .map((m) => `${m.toUpperCase()} ${route}`),
    );
    expect(served).toContain('GET /v1/parkings/{id}/history');
    expect([...documented].sort()).toEqual([...served].sort());
  });

  it('lists every query parameter each endpoint accepts, and no other (compared with its zod schema)', () => {
    const names = (route: string): string[] =>
      (doc.paths[route].get.parameters ?? [])
        .map((p) => (p.$ref === undefined ? p : doc.components.parameters[p.$ref.split('/').pop() as string]))
        .filter((p) => (p as { in?: string }).in === 'query') // path and header parameters (Accept-Language) are not query ones
        .map((p) => (p as { name: string }).name)
        .sort();
    expect(names('/v1/parkings')).toEqual(Object.keys(parkingListQuery.shape).sort());
    expect(names('/v1/parkings/{id}/history')).toEqual(Object.keys(parkingHistoryQuery.shape).sort());
    expect(names('/v1/stops')).toEqual(Object.keys(stopListQuery.shape).sort());
    expect(names('/v1/stops/{id}/departures')).toEqual(Object.keys(departuresQuery.shape).sort());
    expect(names('/v1/routes')).toEqual(Object.keys(routeListQuery.shape).sort());
    expect(names('/v1/vehicles')).toEqual(Object.keys(vehicleListQuery.shape).sort());
    expect(names('/v1/alerts')).toEqual(Object.keys(alertListQuery.shape).sort());
    expect(names('/v1/sources/{id}/outages')).toEqual(Object.keys(outageListQuery.shape).sort());
    expect(names('/v1/outages')).toEqual(Object.keys(allOutagesQuery.shape).sort());
  });

  it('documents, for every route, the query parameters and body fields its handler reads, and no other', async () => {
    // Drift guard taken from the running code, not from a list kept here: each handler is called
    // with recording query/body objects (route-input-probe.ts), so a route that starts reading a
    // new key, or changes its zod schema, fails this test until the document says so.
    const probed = await probeRouteInputs(hub.app.get(ModulesContainer));
    // /v1/stream is checked by live/sse-query.ts's own list of names, not by a zod object on the query.
    const NOT_ZOD = new Set(['GET /v1/stream']);
    const documentedQuery = (route: string): string[] => {
      const [method, path] = route.split(' ');
      return (doc.paths[path][method.toLowerCase()].parameters ?? [])
        .filter((p) => p.in === 'query')
        .map((p) => p.name as string)
        .sort();
    };
    const documentedBody = (route: string): string[] => {
      const [method, path] = route.split(' ');
      const body = doc.paths[path][method.toLowerCase()].requestBody;
      return Object.keys(body?.content['application/json'].schema.properties ?? {}).sort();
    };
    const withQuery = probed.filter((p) => p.query.length > 0).map((p) => p.route);
    expect(withQuery).toEqual(
      expect.arrayContaining(['GET /v1/parkings', 'GET /v1/stops/{id}/departures', 'GET /v1/sources/{id}/outages']),
    );
    for (const { route, query, body } of probed) {
      if (NOT_ZOD.has(route)) continue;
      expect([route, 'query', documentedQuery(route)]).toEqual([route, 'query', query]);
      expect([route, 'body', documentedBody(route)]).toEqual([route, 'body', body]);
    }
    expect(probed.find((p) => p.route === 'POST /v1/admin/keys')?.body).toEqual(['name', 'perMinute']);
  });

  it('describes the answers the hub gives: real 200 bodies match their schema, with no undocumented field', async () => {
    // Response schemas are written by hand (no zod schema describes the answers): this keeps them
    // honest. Every object schema with properties is closed (unevaluatedProperties: false), so a
    // field the hub sends but the document does not name fails too.
    const ajv = ajvWithComponents(doc.components.schemas);
    /** The 200 body schema of a route in one media type, closed. */
    const validatorFor = (route: string, media = 'application/json') => {
      const ok = doc.paths[route].get.responses['200'] as { content: Record<string, { schema: Schema }> };
      return ajv.compile(closed(ok.content[media].schema));
    };
    const { data: lots } = (await (await fetch(`${base}/v1/parkings?limit=1`)).json()) as {
      data: Array<{ id: string }>;
    };
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const reads: Array<[string, string, Record<string, string>?]> = [
      ['/v1/parkings', '/v1/parkings?limit=5'],
      ['/v1/parkings', '/v1/parkings?near=48.596,8.87&radius=2000'],
      ['/v1/parkings/{id}', `/v1/parkings/${lots[0].id}`],
      ['/v1/parkings/{id}/history', `/v1/parkings/${lots[0].id}/history`],
      ['/v1/parkings/{id}/history', `/v1/parkings/${lots[0].id}/history?bucket=1h`],
      ['/v1/sources', '/v1/sources'],
      ['/v1/sources/{id}', '/v1/sources/herrenberg'],
      ['/v1/sources/{id}/outages', '/v1/sources/herrenberg/outages'],
      ['/v1/outages', '/v1/outages'],
      ['/v1/stops', '/v1/stops'],
      ['/v1/routes', '/v1/routes'],
      ['/v1/vehicles', '/v1/vehicles'],
      ['/v1/alerts', '/v1/alerts'],
      ['/v1/export/parkapi', '/v1/export/parkapi'],
      ['/v1/admin/keys', '/v1/admin/keys', admin],
    ];
    const wrong: string[] = [];
    const check = async (route: string, url: string, headers?: Record<string, string>, media?: string) => {
      const res = await fetch(`${base}${url}`, { headers });
      expect([url, res.status]).toEqual([url, 200]);
      const validate = validatorFor(route, media);
      validate(await res.json());
      for (const e of validate.errors ?? []) {
        if (e.keyword === 'oneOf') continue; // its branches' errors say more
        const extra = e.keyword === 'unevaluatedProperties' ? ` ${String(e.params.unevaluatedProperty)}` : '';
        wrong.push(`${url} ${e.instancePath} ${e.message}${extra}`);
      }
    };
    for (const [route, url, headers] of reads) await check(route, url, headers);
    await check('/v1/parkings', '/v1/parkings?format=geojson', undefined, 'application/geo+json');
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('gives examples that match their own schemas (bodies closed as above, parameters as generated from zod)', () => {
    const ajv = ajvWithComponents(doc.components.schemas);
    const wrong: string[] = [];
    let checked = 0;
    const check = (where: string, schema: Schema, example: unknown) => {
      checked++;
      const validate = ajv.compile(closed(schema));
      if (validate(example)) return;
      for (const e of validate.errors ?? []) {
        if (e.keyword === 'oneOf') continue;
        const extra = e.keyword === 'unevaluatedProperties' ? ` ${String(e.params.unevaluatedProperty)}` : '';
        wrong.push(`${where} ${e.instancePath} ${e.message}${extra}`);
      }
    };
    type Media = { schema?: Schema; example?: unknown; examples?: Record<string, { value: unknown }> };
    type Op = {
      parameters?: Array<{ name: string; schema?: Schema; example?: unknown }>;
      requestBody?: { content?: Record<string, Media> };
      responses?: Record<string, { content?: Record<string, Media> }>;
    };
    for (const [route, item] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(item as unknown as Record<string, Op>)) {
        const where = `${method.toUpperCase()} ${route}`;
        for (const p of op.parameters ?? []) {
          if (p.example !== undefined && p.schema !== undefined) check(`${where} ?${p.name}`, p.schema, p.example);
        }
        const bodies: Array<[string, Record<string, Media>]> = [
          ['request', op.requestBody?.content ?? {}],
          ...Object.entries(op.responses ?? {}).map(([status, r]): [string, Record<string, Media>] => [
            status,
            r.content ?? {},
          ]),
        ];
        for (const [status, content] of bodies) {
          for (const [media, m] of Object.entries(content)) {
            if (m.schema === undefined || media === 'text/csv') continue;
            if (m.example !== undefined) check(`${where} ${status} ${media}`, m.schema, m.example);
            for (const [name, e] of Object.entries(m.examples ?? {})) {
              check(`${where} ${status} ${media} (${name})`, m.schema, e.value);
            }
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(30);
    expect([...new Set(wrong)]).toEqual([]);
  });

  it('documents the error answers of every /v1 read', () => {
    for (const [route, item] of Object.entries(doc.paths)) {
      if (!route.startsWith('/v1/') || route.startsWith('/v1/admin') || item.get === undefined) continue;
      expect([route, Object.keys(item.get.responses)]).toEqual([
        route,
        expect.arrayContaining(['200', '400', '401', '429']),
      ]);
    }
  });

  it('serves the UI from the hub itself: no script or style from another origin', async () => {
    const page = await fetch(`${base}/docs`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual([
      '/docs/assets/swagger-ui.css',
      '/docs/assets/favicon-32x32.png',
      '/docs/assets/swagger-ui-bundle.js',
      '/docs/assets/docs-init.js',
    ]);
    for (const asset of assets) {
      const res = await fetch(`${base}${asset}`);
      expect([asset, res.status]).toEqual([asset, 200]);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
    }
    const bundle = await fetch(`${base}/docs/assets/swagger-ui-bundle.js`);
    expect(bundle.headers.get('content-type')).toMatch(/^application\/javascript/);
    expect(await (await fetch(`${base}/docs/assets/docs-init.js`)).text()).toContain("url: '/docs/openapi.json'");
    expect((await fetch(`${base}/docs/assets/package.json`)).status).toBe(404);
    // Names of Object.prototype's keys are files not listed, as any other (they were a 500: ENOENT).
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect([name, (await fetch(`${base}/docs/assets/${name}`)).status]).toEqual([name, 404]);
    }
    expect((await fetch(`${base}/docs/assets/..%2F..%2Fpackage.json`)).status).toBe(404);
  });
});
