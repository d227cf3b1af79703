import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ErrorCode } from '../../common/error-codes.js';
import { SourceFetcher } from './source-fetcher.js';
import type { FetchRequest } from './fetch.types.js';
import { fetchFailure } from './testing/fetch-failure.js';
import { serversClosedAfterEach } from './testing/local-http-server.js';
import type { Handler } from './testing/local-http-server.js';

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
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('base64url');

/** A fresh folder per test: what is left in it after the fetch is what the fetch left. */
function folder(): { dir: string; file: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'fetch-to-file-'));
  return { dir, file: path.join(dir, 'body.part') };
}

/** Writes `total` bytes of `chunk` with backpressure, then ends (or stalls when `stall` is set). */
function stream(total: number, chunk: Buffer, stall = false): Handler {
  return (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/zip', ETag: '"v1"' });
    let written = 0;
    const pump = (): void => {
      while (written < total && !res.destroyed) {
        written += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      if (!stall) res.end();
    };
    pump();
  };
}

describe('SourceFetcher.fetchToFile', () => {
  it('streams a chunked body into the file and hashes the same bytes', async () => {
    const chunk = randomBytes(64 * 1024);
    const server = await serve(stream(12 * chunk.length, chunk));
    const { file } = folder();

    const result = await fetcher.fetchToFile(request(server.origin, { maxBytes: 12 * chunk.length }), file);

    if (result.notModified) throw new Error('expected a body');
    const saved = readFileSync(file);
    expect(saved.equals(Buffer.concat(Array.from({ length: 12 }, () => chunk)))).toBe(true);
    expect(result.body).toEqual({ path: file, bytes: saved.length, sha256: sha256(saved) });
    expect(result.bytes).toBe(saved.length);
    expect(result.etag).toBe('"v1"');
  });

  it('refuses a body past the cap and leaves no file', async () => {
    const server = await serve(stream(10 * MB, Buffer.alloc(64 * 1024, 0x61)));
    const { dir, file } = folder();

    const error = await fetchFailure(fetcher.fetchToFile(request(server.origin), file));

    expect(error.code).toBe(ErrorCode.FETCH_TOO_LARGE);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('gives up at the deadline on a stalled body and leaves no file', async () => {
    const server = await serve(stream(256 * 1024, Buffer.alloc(64 * 1024, 0x61), true));
    const { dir, file } = folder();

    const error = await fetchFailure(fetcher.fetchToFile(request(server.origin, { timeoutMs: 300 }), file));

    expect(error.code).toBe(ErrorCode.FETCH_TIMEOUT);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('sends the validators and creates no file on a 304', async () => {
    const server = await serve((req, res) => {
      res.writeHead(req.headers['if-none-match'] === '"v1"' ? 304 : 200, { ETag: '"v1"' });
      res.end();
    });
    const { dir, file } = folder();

    const result = await fetcher.fetchToFile(request(server.origin, { etag: '"v1"' }), file);

    expect(result).toMatchObject({ notModified: true, etag: '"v1"' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('keeps the private-network guard: no connection, no file', async () => {
    const server = await serve(stream(1024, Buffer.alloc(1024, 0x61)));
    const { dir, file } = folder();

    const error = await fetchFailure(fetcher.fetchToFile(request(server.origin, { allowPrivateNetwork: false }), file));

    expect(error.code).toBe(ErrorCode.FETCH_BLOCKED_ADDRESS);
    expect(server.connections).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('copies a local file source with its hash, and refuses one past the cap', async () => {
    const { dir, file } = folder();
    const source = path.join(dir, 'feed.zip');
    const bytes = randomBytes(300_000);
    writeFileSync(source, bytes);

    const result = await fetcher.fetchToFile(request(source), file);

    if (result.notModified) throw new Error('expected a body');
    expect(result.body).toEqual({ path: file, bytes: bytes.length, sha256: sha256(bytes) });
    expect(readFileSync(file).equals(bytes)).toBe(true);
    const other = path.join(dir, 'other.part');
    const error = await fetchFailure(fetcher.fetchToFile(request(source, { maxBytes: 100_000 }), other));
    expect(error.code).toBe(ErrorCode.FETCH_TOO_LARGE);
    expect(readdirSync(dir).sort()).toEqual(['body.part', 'feed.zip']);
  });
});
