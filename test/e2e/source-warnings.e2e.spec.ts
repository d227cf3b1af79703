import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
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
