import { inspect } from 'node:util';
import type { ServerResponse } from 'node:http';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ErrorCode } from '../../common/error-codes.js';
import { SourceFetcher } from './source-fetcher.js';
import type { FetchRequest } from './fetch.types.js';
import { fetchFailure } from './testing/fetch-failure.js';
import { closedPort, serversClosedAfterEach } from './testing/local-http-server.js';

const MB = 1024 * 1024;

const serve = serversClosedAfterEach(afterEach);

const fetcher = new SourceFetcher({ userAgent: 'mobility-hub-test/1.0' });
const request = (url: string, extra: Partial<FetchRequest> = {}): FetchRequest => ({
  url,
  timeoutMs: 10_000,
  maxBytes: MB,
  allowPrivateNetwork: true,
  ...extra,
});

/** What a streaming handler saw: bytes handed to the socket and whether the client hung up first. */
interface StreamLog {
  written: number;
  clientHungUp: boolean;
}

/** Streams `total` bytes in 64 KiB chunks, honouring backpressure, until done or the client goes away. */
function streamBytes(res: ServerResponse, total: number, log: StreamLog): void {
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  res.on('close', () => {
    if (!res.writableFinished) log.clientHungUp = true;
  });
  const pump = (): void => {
    while (log.written < total && !res.destroyed) {
      log.written += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    if (log.written >= total) res.end();
  };
  pump();
}

describe('SourceFetcher byte cap', () => {
  it('aborts a 10 MB chunked body once 1 MB has arrived', async () => {
    const log: StreamLog = { written: 0, clientHungUp: false };
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
      streamBytes(res, 10 * MB, log);
    });

    const error = await fetchFailure(fetcher.fetch(request(server.origin)));

    expect(error.code).toBe(ErrorCode.FETCH_TOO_LARGE);
    expect(error.transient).toBe(false);
    expect(error.details).toEqual({ maxBytes: MB });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(log.clientHungUp).toBe(true);
    // Kernel socket buffers soak up a few MB past the cap (about 4 MB here), so only "not all of it" is portable.
    expect(log.written).toBeLessThan(10 * MB);
  });

  it('refuses a declared Content-Length over the cap before reading the body', async () => {
    const log: StreamLog = { written: 0, clientHungUp: false };
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': 10 * MB });
      streamBytes(res, 10 * MB, log);
    });

    const error = await fetchFailure(fetcher.fetch(request(server.origin)));

    expect(error.code).toBe(ErrorCode.FETCH_TOO_LARGE);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(log.clientHungUp).toBe(true);
  });

  it.each([
    ['gzip', (raw: Buffer) => gzipSync(raw, { level: 9 })],
    ['br', (raw: Buffer) => brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })],
  ])('caps the decompressed size of a %s bomb', async (encoding, compress) => {
    const bomb = compress(Buffer.alloc(64 * MB, 0));
    expect(bomb.length).toBeLessThan(MB / 4);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': encoding, 'Content-Length': bomb.length });
      res.end(bomb);
    });
    const started = performance.now();

    const error = await fetchFailure(fetcher.fetch(request(server.origin)));

    expect(error.code).toBe(ErrorCode.FETCH_TOO_LARGE);
    // Stopped at the cap, not after inflating all 64 MB; loose, as the 2-core box is often shared.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('accepts a body of exactly maxBytes', async () => {
    const log: StreamLog = { written: 0, clientHungUp: false };
    const server = await serve((_req, res) => streamBytes(res, MB, log));

    const result = await fetcher.fetch(request(server.origin));

    if (result.notModified) throw new Error('expected a body');
    expect(result.bytes).toBe(MB);
  });
});

describe('SourceFetcher deadline', () => {
  it('times out a body that stalls after the headers', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"parkings": [');
    });
    const started = performance.now();

    const error = await fetchFailure(fetcher.fetch(request(server.origin, { timeoutMs: 300 })));

    const elapsed = performance.now() - started;
    expect(error.code).toBe(ErrorCode.FETCH_TIMEOUT);
    expect(error.transient).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2_300);
  });

  it('times out a server that never answers', async () => {
    const server = await serve(() => undefined);
    const started = performance.now();

    const error = await fetchFailure(fetcher.fetch(request(server.origin, { timeoutMs: 300 })));

    expect(error.code).toBe(ErrorCode.FETCH_TIMEOUT);
    expect(performance.now() - started).toBeLessThan(2_300);
  });

  it('covers DNS resolution too', async () => {
    const slowDns = new SourceFetcher({
      userAgent: 't',
      resolveHost: () => new Promise<string[]>(() => undefined),
    });

    const error = await fetchFailure(slowDns.fetch(request('http://slow-dns.example.test/', { timeoutMs: 200 })));

    expect(error.code).toBe(ErrorCode.FETCH_TIMEOUT);
  });
});

describe('SourceFetcher network failures', () => {
  it('reports a refused connection as transient FETCH_NETWORK', async () => {
    const port = await closedPort();

    const error = await fetchFailure(
      fetcher.fetch(
        request(`http://127.0.0.1:${port}/feed?key=query-secret`, {
          headers: { Authorization: 'Bearer header-secret' },
        }),
      ),
    );

    expect(error.code).toBe(ErrorCode.FETCH_NETWORK);
    expect(error.transient).toBe(true);
    expect(error.details).toEqual({ code: 'ECONNREFUSED' });
    expect(error.message).toContain(`http://127.0.0.1:${port}/feed`);
    // Nothing reachable from the exception (cause chain included) may carry the credentials.
    expect(inspect(error, { depth: 20 })).not.toMatch(/header-secret|query-secret/);
  });

  it('reports an unresolvable host as transient FETCH_NETWORK', async () => {
    const nxdomain = new SourceFetcher({
      userAgent: 't',
      resolveHost: () =>
        Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' })),
    });

    const error = await fetchFailure(nxdomain.fetch(request('https://nowhere.test/feed')));

    expect(error.code).toBe(ErrorCode.FETCH_NETWORK);
    expect(error.transient).toBe(true);
    expect(error.details).toEqual({ code: 'ENOTFOUND' });
  });

  it('reports a connection cut mid-body as transient FETCH_NETWORK', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': 1000 });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 20);
    });

    const error = await fetchFailure(fetcher.fetch(request(server.origin)));

    expect(error.code).toBe(ErrorCode.FETCH_NETWORK);
    expect(error.transient).toBe(true);
  });
});
