import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCode } from '../../common/error-codes.js';
import { SourceFetcher } from './source-fetcher.js';
import type { FetchRequest } from './fetch.types.js';
import { fetchFailure } from './testing/fetch-failure.js';

const RELATIVE = 'test/fixtures/gtfs-rt/caltrain-vehiclepositions.pb';
const ABSOLUTE = path.join(process.cwd(), RELATIVE);

const sha16 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

const fetcher = new SourceFetcher({ userAgent: 't' });
const request = (url: string, extra: Partial<FetchRequest> = {}): FetchRequest => ({
  url,
  timeoutMs: 5_000,
  maxBytes: 1_000_000,
  allowPrivateNetwork: false,
  ...extra,
});

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'source-fetcher-'));
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

describe('SourceFetcher local files', () => {
  it.each([
    ['an absolute path', ABSOLUTE],
    ['a path relative to cwd', RELATIVE],
    ['a file:// URL', pathToFileURL(ABSOLUTE).href],
  ])('reads %s byte for byte, with the mtime as lastModified', async (_label, location) => {
    const result = await fetcher.fetch(request(location));

    if (result.notModified) throw new Error('expected a body');
    expect(result.status).toBe(200);
    expect(result.bytes).toBe(729);
    expect(sha16(result.body)).toBe('df1683fdb9e3fba6');
    expect(result.lastModified).toBe(statSync(ABSOLUTE).mtime.toISOString());
  });

  it('answers notModified while the mtime is unchanged, and reads again once it moves', async () => {
    const copy = path.join(scratch, 'vp.pb');
    copyFileSync(ABSOLUTE, copy);
    utimesSync(copy, new Date('2023-11-08T18:00:00.250Z'), new Date('2023-11-08T18:00:00.250Z'));

    const first = await fetcher.fetch(request(copy));
    const second = await fetcher.fetch(request(copy, { lastModified: first.lastModified }));
    utimesSync(copy, new Date('2023-11-08T18:00:00.750Z'), new Date('2023-11-08T18:00:00.750Z'));
    const third = await fetcher.fetch(request(copy, { lastModified: first.lastModified }));

    expect(first.lastModified).toBe('2023-11-08T18:00:00.250Z');
    expect(second).toEqual({
      notModified: true,
      status: 304,
      lastModified: '2023-11-08T18:00:00.250Z',
      latencyMs: expect.any(Number),
    });
    expect(third.notModified).toBe(false);
    expect(third.lastModified).toBe('2023-11-08T18:00:00.750Z');
  });

  it('reports a missing file as permanent FETCH_FILE', async () => {
    const missing = path.join(scratch, 'nope.json');

    const error = await fetchFailure(fetcher.fetch(request(missing)));

    expect(error.code).toBe(ErrorCode.FETCH_FILE);
    expect(error.transient).toBe(false);
    expect(error.message).toContain(missing);
    expect(error.message).toContain('ENOENT');
  });

  it('reports a directory as FETCH_FILE', async () => {
    const error = await fetchFailure(fetcher.fetch(request(scratch)));

    expect(error.code).toBe(ErrorCode.FETCH_FILE);
    expect(error.message).toContain('not a regular file');
  });

  it('refuses a file over the cap before reading it', async () => {
    const error = await fetchFailure(fetcher.fetch(request(ABSOLUTE, { maxBytes: 728 })));

    expect(error.code).toBe(ErrorCode.FETCH_TOO_LARGE);
    expect(error.transient).toBe(false);
    expect(error.details).toEqual({ maxBytes: 728 });
  });

  it('accepts a file of exactly maxBytes', async () => {
    const result = await fetcher.fetch(request(ABSOLUTE, { maxBytes: 729 }));

    expect(result.notModified ? 0 : result.bytes).toBe(729);
  });

  it('reads an empty file as an empty body', async () => {
    const empty = path.join(scratch, 'empty.json');
    writeFileSync(empty, '');

    const result = await fetcher.fetch(request(empty));

    expect(result.notModified ? -1 : result.bytes).toBe(0);
  });
});
