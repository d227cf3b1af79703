import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../common/error-codes.js';
import { SourceFetcher } from '../infra/http/source-fetcher.js';
import { serversClosedAfterEach } from '../infra/http/testing/local-http-server.js';
import { ConditionalFetchService, type ConditionalFetchResult, type PagedTarget } from './conditional-fetch.service.js';
import { MemoryFetchState } from './memory-fetch-state.fixture.js';
import { opendatasoftAdapter } from './formats/opendatasoft/opendatasoft.adapter.js';
import { parkapiAdapter } from './formats/parkapi/parkapi.adapter.js';

const fixture = (dir: string, name: string): Buffer =>
  readFileSync(path.join(process.cwd(), 'test/fixtures', dir, name));
const serve = serversClosedAfterEach(afterEach);
const ctx = { sourceId: 's', receivedAt: new Date('2024-05-01T12:00:00Z'), format: {} };

/** Strasbourg's 30 real records (records API v1 file), served as Explore v2.1 serves a dataset: flat results by limit/offset. */
const V1_FILE = fixture('opendatasoft', 'strasbourg-occupation-parkings-temps-reel-missing-fields.json');
const RESULTS = (JSON.parse(V1_FILE.toString('utf8')) as { records: { fields: unknown }[] }).records.map(
  (r) => r.fields,
);

function exploreV21(req: IncomingMessage): string {
  const url = new URL(req.url ?? '/', 'http://x');
  const limit = Number(url.searchParams.get('limit') ?? 10);
  const offset = Number(url.searchParams.get('offset') ?? 0);
  return JSON.stringify({ total_count: RESULTS.length, results: RESULTS.slice(offset, offset + limit) });
}

function setup(): { service: ConditionalFetchService; store: MemoryFetchState } {
  const store = new MemoryFetchState();
  return { service: new ConditionalFetchService(new SourceFetcher({ userAgent: 'hub-test' }), store), store };
}

const target = (url: string, extra: Partial<PagedTarget> = {}): PagedTarget => ({
  url,
  timeoutMs: 5_000,
  maxBytes: 1_000_000,
  headers: { Authorization: 'Apikey k' },
  allowPrivateNetwork: true,
  format: 'opendatasoft',
  ...extra,
});

function changed(result: ConditionalFetchResult): Extract<ConditionalFetchResult, { changed: true }> {
  if (!result.changed) throw new Error(`expected a change, got ${result.reason}`);
  return result;
}

describe('ConditionalFetchService: one poll reads every page', () => {
  it('OpenDataSoft Explore v2.1: 3 pages of 10 are one payload with the 30 records of the unpaged file', async () => {
    const server = await serve((req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: `"${req.url}"` });
      res.end(exploreV21(req));
    });
    const { service, store } = setup();
    const url = `${server.origin}/api/explore/v2.1/catalog/datasets/occupation/records?limit=10`;
    const result = changed(await service.fetch('s', 'main', target(url)));

    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/explore/v2.1/catalog/datasets/occupation/records?limit=10',
      '/api/explore/v2.1/catalog/datasets/occupation/records?limit=10&offset=10',
      '/api/explore/v2.1/catalog/datasets/occupation/records?limit=10&offset=20',
    ]);
    // The source's headers go to every page (same origin).
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Apikey k', 'Apikey k', 'Apikey k']);
    expect(result).toMatchObject({ pages: 3, warnings: [] });
    const paged = opendatasoftAdapter.parse(result.body, ctx);
    const whole = opendatasoftAdapter.parse(V1_FILE, ctx);
    expect(paged.facilities).toHaveLength(30);
    expect(paged.facilities).toEqual(whole.facilities);
    // The v1 file's time is its envelope's record_timestamp, which v2.1 results do not carry.
    const withoutTime = (o: { observedAt?: Date }): object => ({ ...o, observedAt: undefined });
    expect(paged.observations.map(withoutTime)).toEqual(whole.observations.map(withoutTime));

    // Several pages: no validators kept (a 304 on page 1 would say nothing of pages 2 and 3), the body hash decides.
    await result.commit();
    expect(store.states.get('s/main')).not.toHaveProperty('etag');
    const again = await service.fetch('s', 'main', target(url));
    expect(again).toMatchObject({ changed: false, reason: 'same-body' });
    expect(server.requests[3]?.headers['if-none-match']).toBeUndefined();
  });

  it('options.maxPages caps the pages: the records read are kept, with PAGES_TRUNCATED saying so', async () => {
    const server = await serve((req, res) => res.end(exploreV21(req)));
    const { service } = setup();
    const url = `${server.origin}/records?limit=10`;
    const result = changed(await service.fetch('s', 'main', target(url, { options: { maxPages: 2 } })));
    expect(server.requests).toHaveLength(2);
    expect(result.warnings).toEqual([
      {
        code: ErrorCode.PAGES_TRUNCATED,
        message: 'not every page was read: stopped after 2 pages (options.maxPages 2): 20 of 30 records read',
        ref: 'pages',
      },
    ]);
    expect(opendatasoftAdapter.parse(result.body, ctx).facilities).toHaveLength(20);
    await expect(service.fetch('s', 'main', target(url, { options: { maxPages: 0 } }))).rejects.toMatchObject({
      code: ErrorCode.CONFIG_INVALID,
    });
  });

  it('maxBytes bounds all pages together: the page that would pass it is not read', async () => {
    const server = await serve((req, res) => res.end(exploreV21(req)));
    const { service } = setup();
    const url = `${server.origin}/records?limit=10`;
    const pageBytes = Buffer.byteLength(exploreV21({ url: '/records?limit=10' } as IncomingMessage));
    const result = changed(await service.fetch('s', 'main', target(url, { maxBytes: Math.round(pageBytes * 1.5) })));
    expect(result.pages).toBe(1);
    expect(result.warnings[0]?.message).toMatch(
      /page 2 would pass maxBytes \(\d+ bytes for all pages\): 10 of 30 records read/,
    );
  });

  it('a page that fails fails the poll; a next link to another origin is not followed', async () => {
    const failing = await serve((req, res) => {
      if (req.url?.includes('offset=10')) res.writeHead(503);
      res.end(req.url?.includes('offset=10') ? '' : exploreV21(req));
    });
    const { service } = setup();
    await expect(service.fetch('s', 'main', target(`${failing.origin}/records?limit=10`))).rejects.toMatchObject({
      code: ErrorCode.FETCH_HTTP_ERROR,
    });

    const elsewhere = await serve((_req, res) =>
      res.end(JSON.stringify({ items: [{ id: 'a' }], next: 'http://other.example/v3/parking-sites?start=2' })),
    );
    const result = changed(
      await setup().service.fetch('s', 'main', target(`${elsewhere.origin}/v3`, { format: 'parkapi' })),
    );
    expect(elsewhere.requests).toHaveLength(1);
    expect(result.warnings[0]?.message).toMatch(
      /another origin \(http:\/\/other\.example\), not followed: 1 records read/,
    );
  });
});

describe('ConditionalFetchService: ParkAPI v3 pages (cursor pagination, next_id / next_path)', () => {
  const FILE = fixture('parkapi', 'parkapi-v3-parking-sites-handwritten.json');
  const SITES = (JSON.parse(FILE.toString('utf8')) as { items: unknown[] }).items;

  it('pages of 2 by start are the 5 sites the one-page file holds', async () => {
    const server = await serve((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const start = Number(url.searchParams.get('start') ?? 0);
      const limit = Number(url.searchParams.get('limit'));
      const items = SITES.slice(start, start + limit);
      const more = start + limit < SITES.length;
      const next = more
        ? { next_id: start + limit, next_path: `/v3/parking-sites?start=${start + limit}&limit=${limit}` }
        : {};
      res.end(JSON.stringify({ items, total_count: SITES.length, ...next }));
    });
    const { service } = setup();
    const url = `${server.origin}/park-api/api/public/v3/parking-sites?limit=2`;
    const result = changed(await service.fetch('s', 'main', target(url, { format: 'parkapi' })));
    expect(server.requests.map((r) => r.url)).toEqual([
      '/park-api/api/public/v3/parking-sites?limit=2',
      '/park-api/api/public/v3/parking-sites?limit=2&start=2',
      '/park-api/api/public/v3/parking-sites?limit=2&start=4',
    ]);
    expect(JSON.parse(result.body.toString('utf8'))).toEqual({ items: SITES, total_count: 5 });
    expect(parkapiAdapter.parse(result.body, ctx)).toEqual(parkapiAdapter.parse(FILE, ctx));
  });

  it('a single page keeps its validators, as before', async () => {
    const server = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304);
        res.end();
        return;
      }
      res.writeHead(200, { ETag: '"v1"' });
      res.end(FILE);
    });
    const { service } = setup();
    const url = `${server.origin}/v3/parking-sites`;
    const first = changed(await service.fetch('s', 'main', target(url, { format: 'parkapi' })));
    expect(first.body.equals(FILE)).toBe(true);
    await first.commit();
    expect(await service.fetch('s', 'main', target(url, { format: 'parkapi' }))).toMatchObject({
      changed: false,
      reason: 'not-modified',
    });
  });
});
