import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { ErrorCode } from '../../common/error-codes.js';
import { SourceFetcher } from './source-fetcher.js';
import type { FetchRequest } from './fetch.types.js';
import { fetchFailure } from './testing/fetch-failure.js';
import { serversClosedAfterEach } from './testing/local-http-server.js';

const FIXTURES = path.join(process.cwd(), 'test/fixtures/gtfs-rt');
const CALTRAIN_VP = readFileSync(path.join(FIXTURES, 'caltrain-vehiclepositions.pb'));
const BART_TU = readFileSync(path.join(FIXTURES, 'bart-tripupdates.pb'));

const sha16 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

const serve = serversClosedAfterEach(afterEach);

const fetcher = new SourceFetcher({ userAgent: 'mobility-hub-test/1.0' });
const request = (url: string, extra: Partial<FetchRequest> = {}): FetchRequest => ({
  url,
  timeoutMs: 5_000,
  maxBytes: 1_000_000,
  allowPrivateNetwork: true,
  ...extra,
});

describe('SourceFetcher over http', () => {
  it('returns the body, its size, type and validators byte for byte', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'application/x-protobuf',
        ETag: '"ct-vp-1"',
        'Last-Modified': 'Wed, 08 Nov 2023 18:00:00 GMT',
      });
      res.end(CALTRAIN_VP);
    });

    const result = await fetcher.fetch(request(`${server.origin}/vehicle-positions.pb`));

    expect(result.notModified).toBe(false);
    if (result.notModified) return;
    expect(result.status).toBe(200);
    expect(result.bytes).toBe(729);
    expect(sha16(result.body)).toBe('df1683fdb9e3fba6');
    expect(result.body.equals(CALTRAIN_VP)).toBe(true);
    expect(result.contentType).toBe('application/x-protobuf');
    expect(result.etag).toBe('"ct-vp-1"');
    expect(result.lastModified).toBe('Wed, 08 Nov 2023 18:00:00 GMT');
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(result.retryAfterMs).toBeUndefined();
    expect(result.maxAgeMs).toBeUndefined();
  });

  it('sends User-Agent and Accept-Encoding, lets caller headers override them, but never Host', async () => {
    const server = await serve((_req, res) => res.end('ok'));

    await fetcher.fetch(request(`${server.origin}/feed`));
    await fetcher.fetch(
      request(`${server.origin}/feed`, {
        headers: { 'user-agent': 'operator-asked/2', 'X-Api-Key': 'k-123', Host: 'evil.example' },
      }),
    );

    const [plain, custom] = server.requests;
    expect(plain.headers['user-agent']).toBe('mobility-hub-test/1.0');
    expect(plain.headers['accept-encoding']).toBe('gzip, br, deflate');
    expect(custom.headers['user-agent']).toBe('operator-asked/2');
    expect(custom.headers['x-api-key']).toBe('k-123');
    expect(custom.headers.host).toBe(`127.0.0.1:${server.port}`);
  });

  it('round-trips ETag and Last-Modified into a 304', async () => {
    const server = await serve((req, res) => {
      if (req.headers['if-none-match'] === '"v7"') {
        res.writeHead(304, { ETag: '"v7"', 'Cache-Control': 'max-age=20' });
        res.end();
        return;
      }
      res.writeHead(200, { ETag: '"v7"', 'Last-Modified': 'Tue, 07 Nov 2023 10:00:00 GMT' });
      res.end(CALTRAIN_VP);
    });

    const first = await fetcher.fetch(request(`${server.origin}/feed`));
    const second = await fetcher.fetch(
      request(`${server.origin}/feed`, { etag: first.etag, lastModified: first.lastModified }),
    );

    expect(server.requests[1].headers['if-none-match']).toBe('"v7"');
    expect(server.requests[1].headers['if-modified-since']).toBe('Tue, 07 Nov 2023 10:00:00 GMT');
    expect(second).toEqual({
      notModified: true,
      status: 304,
      etag: '"v7"',
      lastModified: 'Tue, 07 Nov 2023 10:00:00 GMT',
      maxAgeMs: 20_000,
      latencyMs: expect.any(Number),
      // Node's own Date header, on this machine's clock: within a second (the header has no milliseconds).
      dateHeaderSkewMs: expect.any(Number),
    });
    expect(Math.abs((second as { dateHeaderSkewMs: number }).dateHeaderSkewMs)).toBeLessThanOrEqual(1000);
  });

  it('reports Cache-Control max-age and Retry-After on a 200', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Cache-Control': 'public, max-age=30', 'Retry-After': '45' });
      res.end(CALTRAIN_VP);
    });

    const result = await fetcher.fetch(request(server.origin));

    expect(result.maxAgeMs).toBe(30_000);
    expect(result.retryAfterMs).toBe(45_000);
  });

  it('turns 500 into a transient FETCH_HTTP_ERROR', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(500);
      res.end('boom');
    });

    const error = await fetchFailure(fetcher.fetch(request(`${server.origin}/feed`)));

    expect(error.code).toBe(ErrorCode.FETCH_HTTP_ERROR);
    expect(error.transient).toBe(true);
    expect(error.details).toEqual({ status: 500 });
  });

  it('turns 404 into a permanent FETCH_HTTP_ERROR', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(404);
      res.end();
    });

    const error = await fetchFailure(fetcher.fetch(request(`${server.origin}/gone`)));

    expect(error.code).toBe(ErrorCode.FETCH_HTTP_ERROR);
    expect(error.transient).toBe(false);
    expect(error.details).toEqual({ status: 404 });
  });

  it('turns 429 into a transient error carrying Retry-After (HTTP-date form, against the Date header)', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(429, {
        Date: 'Wed, 08 Nov 2023 18:00:00 GMT',
        'Retry-After': 'Wed, 08 Nov 2023 18:01:30 GMT',
      });
      res.end();
    });

    const error = await fetchFailure(fetcher.fetch(request(server.origin)));

    expect(error.code).toBe(ErrorCode.FETCH_HTTP_ERROR);
    expect(error.transient).toBe(true);
    expect(error.details).toEqual({ status: 429, retryAfterMs: 90_000 });
  });

  it('carries a seconds Retry-After on 503', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(503, { 'Retry-After': '120' });
      res.end();
    });

    const error = await fetchFailure(fetcher.fetch(request(server.origin)));

    expect(error.transient).toBe(true);
    expect(error.details).toEqual({ status: 503, retryAfterMs: 120_000 });
  });

  it('keeps header values and query strings out of error messages', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(401);
      res.end();
    });

    const error = await fetchFailure(
      fetcher.fetch(
        request(`${server.origin}/feed?apikey=query-secret`, {
          headers: { 'X-Api-Key': 'header-secret' },
        }),
      ),
    );

    expect(error.message).toBe(`${server.origin}/feed answered HTTP 401`);
    expect(error.transient).toBe(false);
  });

  it('refuses a malformed source header permanently, naming the header but not its value', async () => {
    const server = await serve((_req, res) => res.end('ok'));

    const error = await fetchFailure(
      fetcher.fetch(request(server.origin, { headers: { 'Api Key': 'header-secret' } })),
    );

    expect(error.code).toBe(ErrorCode.FETCH_NETWORK);
    expect(error.transient).toBe(false);
    expect(error.details).toEqual({ code: 'ERR_INVALID_HTTP_TOKEN' });
    expect(error.message).toContain('Api Key');
    expect(error.message).not.toContain('header-secret');
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
  ])('decompresses a %s body', async (encoding, compress) => {
    const compressed = compress(BART_TU);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': encoding, 'Content-Length': compressed.length });
      res.end(compressed);
    });

    const result = await fetcher.fetch(request(server.origin));

    if (result.notModified) throw new Error('expected a body');
    expect(result.bytes).toBe(39_830);
    expect(sha16(result.body)).toBe('189d7605851af883');
  });
});

describe('SourceFetcher redirects', () => {
  it('follows a relative redirect and reports the final response', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(301, { Location: '/new' });
        res.end();
        return;
      }
      res.end(CALTRAIN_VP);
    });

    const result = await fetcher.fetch(request(`${server.origin}/old`));

    if (result.notModified) throw new Error('expected a body');
    expect(result.bytes).toBe(729);
    expect(server.requests.map((req) => req.url)).toEqual(['/old', '/new']);
  });

  it('gives up after maxRedirects hops', async () => {
    const server = await serve((req, res) => {
      const hop = Number(req.url?.slice(1) ?? '0');
      res.writeHead(302, { Location: `/${hop + 1}` });
      res.end();
    });
    const strict = new SourceFetcher({ userAgent: 't', maxRedirects: 2 });

    const error = await fetchFailure(strict.fetch(request(`${server.origin}/0`)));

    expect(error.code).toBe(ErrorCode.FETCH_HTTP_ERROR);
    expect(error.transient).toBe(false);
    expect(server.requests.map((req) => req.url)).toEqual(['/0', '/1', '/2']);
  });

  it('does not forward the source headers to another origin', async () => {
    const other = await serve((_req, res) => res.end('moved'));
    const origin = await serve((_req, res) => {
      res.writeHead(307, { Location: `${other.origin}/elsewhere` });
      res.end();
    });

    await fetcher.fetch(request(origin.origin, { headers: { 'X-Api-Key': 'k-123' } }));

    expect(origin.requests[0].headers['x-api-key']).toBe('k-123');
    expect(other.requests[0].headers['x-api-key']).toBeUndefined();
    expect(other.requests[0].headers['user-agent']).toBe('mobility-hub-test/1.0');
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(302, { Location: 'ftp://files.example.org/feed.zip' });
      res.end();
    });

    const error = await fetchFailure(fetcher.fetch(request(server.origin)));

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
  });
});

describe('SourceFetcher DNS pinning', () => {
  it('connects to the address resolveHost returned, resolving once per hop', async () => {
    const server = await serve((_req, res) => res.end(CALTRAIN_VP));
    const asked: string[] = [];
    const pinned = new SourceFetcher({
      userAgent: 't',
      resolveHost: async (host) => {
        asked.push(host);
        return ['127.0.0.1'];
      },
    });

    const result = await pinned.fetch(request(`http://feeds.example.test:${server.port}/vp.pb`));

    if (result.notModified) throw new Error('expected a body');
    expect(result.bytes).toBe(729);
    expect(asked).toEqual(['feeds.example.test']);
    expect(server.requests[0].headers.host).toBe(`feeds.example.test:${server.port}`);
  });
});
