import { jest } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { SourceRegistry } from '../../src/config/source-registry.service.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';

/**
 * Issue #13: a `static:` reference that fails shows its code, text and time in the source's
 * `recentWarnings`, is logged once (not on every poll), and stays listed through 304 polls.
 */

interface Note {
  kind: string;
  code: string;
  message: string;
  ref?: string;
  at: string;
}
interface SourceBody {
  status: string;
  lastError?: { code: string; message: string; at: string };
  warnings: number;
  recentWarnings?: Note[];
  recentPolls: Array<{ outcome: string; at: string }>;
}

let version = 'v1';
const realtime = JSON.stringify({
  last_updated: new Date().toISOString(),
  lots: [
    {
      id: 'a',
      name: 'A',
      lot_type: 'Parkplatz',
      state: 'many',
      coords: { lat: 46.58, lng: 0.34 },
      total: 50,
      free: 10,
    },
  ],
});

describe('source warnings with their text (issue #13)', () => {
  const iso = isolation('src_warn');
  let feed: LocalOperator;
  let reference: LocalOperator;
  let hub: RunningHub;
  const warn = jest.spyOn(Logger.prototype, 'warn');

  beforeAll(async () => {
    feed = await startLocalOperator('/rt');
    feed.handle((req, res) => {
      const etag = `"${version}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json', etag });
      res.end(version === 'v1' ? realtime : realtime.replace('"free":10', '"free":9'));
    });
    reference = await startLocalOperator('/static');
    reference.handle((_req, res) => {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('gone');
    });
    const sourcesPath = writeSources(`sources:
  - id: rt
    kind: parking
    format: parkapi
    url: ${feed.url}
    interval: 600ms
    allowPrivateNetwork: true
    static:
      url: ${reference.url}
      format: parkapi
      allowPrivateNetwork: true
`);
    hub = await startHub(testConfig(iso, { sourcesPath }));
  });
  afterAll(async () => {
    warn.mockRestore();
    await hub?.close();
    await feed?.close();
    await reference?.close();
    await iso.cleanup();
  });

  it('lists the failed static with code, text and time; logs it once; keeps it and STATIC_UNAVAILABLE through 304 polls until the static answers', async () => {
    const get = async (): Promise<SourceBody> =>
      (await fetch(`${hub.url}/v1/sources/rt`)).json() as Promise<SourceBody>;
    const first = await waitFor(async () => {
      const body = await get();
      return body.recentWarnings?.some((n) => n.code === 'STATIC_UNAVAILABLE') ? body : undefined;
    });
    const note = first.recentWarnings?.find((n) => n.code === 'STATIC_UNAVAILABLE') as Note;
    expect(note.kind).toBe('warning');
    expect(note.message).toContain('404');
    expect(Number.isNaN(Date.parse(note.at))).toBe(false);
    expect(first.status).toBe('degraded');
    expect(first.lastError?.code).toBe('STATIC_UNAVAILABLE');
    expect(first.lastError?.message).toContain('static reference unavailable (FETCH_HTTP_ERROR');

    // Two 304 polls later the warning is still listed, and the log named it once.
    const later = await waitFor(async () => {
      const body = await get();
      return body.recentPolls.filter((p) => p.outcome === 'not-modified').length >= 2 ? body : undefined;
    });
    expect(later.status).toBe('degraded');
    expect(later.lastError).toEqual(first.lastError);
    expect(later.recentWarnings?.filter((n) => n.code === 'STATIC_UNAVAILABLE')).toHaveLength(1);
    const lines = warn.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('warning STATIC_UNAVAILABLE'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('source rt: warning STATIC_UNAVAILABLE');
    expect(lines[0]).toContain('404');

    // The answer matches the documented schema (closed: no undocumented field in an entry).
    const doc = (await (await fetch(`${hub.url}/docs/openapi.json`)).json()) as {
      components: { schemas: { SourceHealth: { properties: { recentWarnings: Record<string, unknown> } } } };
    };
    const schema = doc.components.schemas.SourceHealth.properties.recentWarnings as { items: Record<string, unknown> };
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile({ ...schema, items: { ...schema.items, additionalProperties: false } });
    expect([validate(later.recentWarnings), validate.errors ?? []]).toEqual([true, []]);

    // The static answers again (fetched with the next changed payload): the source is ok.
    reference.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(realtime);
    });
    version = 'v2';
    const recovered = await waitFor(async () => {
      const body = await get();
      return body.status === 'ok' ? body : undefined;
    });
    expect(recovered.warnings).toBe(0);
  }, 30_000);
});

describe('a static reference retried while the realtime payload stays the same (issue #13)', () => {
  const iso = isolation('src_static_retry');
  const iso2 = isolation('src_static_reload');
  let feed: LocalOperator;
  let reference: LocalOperator;
  let hub: RunningHub;
  let sourcesPath: string;
  let staticUp = false;
  /** Realtime without coordinates: only the static can place the car park. */
  const bare = JSON.stringify({
    last_updated: new Date().toISOString(),
    lots: [{ id: 'a', name: 'A', lot_type: 'Parkplatz', state: 'many', total: 50, free: 10 }],
  });
  const withPlace = JSON.stringify({
    last_updated: new Date().toISOString(),
    lots: [{ id: 'a', name: 'A', lot_type: 'Parkplatz', state: 'many', coords: { lat: 46.58, lng: 0.34 }, total: 50 }],
  });
  const yaml = (staticPath: string, interval: string): string => `sources:
  - id: rt2
    kind: parking
    format: parkapi
    url: ${feed.url}
    interval: 500ms
    allowPrivateNetwork: true
    static:
      url: ${reference.url.replace('/static', staticPath)}
      format: parkapi
      interval: ${interval}
      allowPrivateNetwork: true
`;
  const source = async (): Promise<SourceBody> =>
    (await fetch(`${hub.url}/v1/sources/rt2`)).json() as Promise<SourceBody>;
  const parking = async (): Promise<{ location: { lat: number; lon: number } | null }> =>
    (await fetch(`${hub.url}/v1/parkings/rt2:a`)).json() as Promise<{ location: { lat: number; lon: number } | null }>;

  beforeAll(async () => {
    feed = await startLocalOperator('/rt');
    feed.handle((req, res) => {
      // Always the same payload, answered 304 to its validator.
      if (req.headers['if-none-match'] === '"same"') {
        res.writeHead(304, { etag: '"same"' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json', etag: '"same"' });
      res.end(bare);
    });
    reference = await startLocalOperator('/static');
    reference.handle((req, res) => {
      if (req.url === '/static' && staticUp) {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(withPlace);
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('gone');
    });
  });
  afterAll(async () => {
    await hub?.close();
    await feed?.close();
    await reference?.close();
    await iso.cleanup();
    await iso2.cleanup();
  });

  it('joins the static once it answers again, though the realtime only answers 304', async () => {
    sourcesPath = writeSources(yaml('/static', '1s'));
    hub = await startHub(testConfig(iso, { sourcesPath }));
    await waitFor(async () => ((await source()).lastError?.code === 'STATIC_UNAVAILABLE' ? true : undefined));
    expect((await parking()).location).toBeNull();

    staticUp = true;
    const joined = await waitFor(async () => {
      const body = await parking();
      return body.location !== null ? body : undefined;
    }, 8_000);
    expect(joined.location).toMatchObject({ lat: 46.58, lon: 0.34 });
    const healthy = await waitFor(async () => {
      const body = await source();
      return body.status === 'ok' ? body : undefined;
    });
    expect(healthy.warnings).toBe(0);
    await hub.close();
  }, 30_000);

  it('fetches the static at its new address after a reload, though its interval (1 h) has not passed', async () => {
    staticUp = true;
    sourcesPath = writeSources(yaml('/wrong', '1h'));
    hub = await startHub(testConfig(iso2, { sourcesPath }));
    await waitFor(async () => ((await source()).lastError?.code === 'STATIC_UNAVAILABLE' ? true : undefined));

    writeFileSync(sourcesPath, yaml('/static', '1h'));
    await hub.app.get(SourceRegistry).reload();
    const joined = await waitFor(async () => {
      const body = await parking();
      return body.location !== null ? body : undefined;
    }, 8_000);
    expect(joined.location).toMatchObject({ lat: 46.58, lon: 0.34 });
    expect(await waitFor(async () => ((await source()).status === 'ok' ? true : undefined))).toBe(true);
  }, 30_000);
});
