import { parseMaxAge, parseRetryAfter } from './cache-headers.js';

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('120', undefined)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', undefined)).toBe(0);
  });

  it('measures an HTTP-date against the response Date header, not the local clock', () => {
    const date = 'Wed, 21 Oct 2015 07:28:00 GMT';
    const retry = 'Wed, 21 Oct 2015 07:29:30 GMT';
    expect(parseRetryAfter(retry, date, Date.parse('2030-01-01T00:00:00Z'))).toBe(90_000);
  });

  it('falls back to the local clock without a Date header and never goes negative', () => {
    const now = Date.parse('2015-10-21T07:28:00Z');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:45 GMT', undefined, now)).toBe(45_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', undefined, now)).toBe(0);
  });

  it('ignores garbage', () => {
    expect(parseRetryAfter(undefined, undefined)).toBeUndefined();
    expect(parseRetryAfter('', undefined)).toBeUndefined();
    expect(parseRetryAfter('soon', undefined)).toBeUndefined();
    expect(parseRetryAfter('-5', undefined)).toBeUndefined();
  });
});

describe('parseMaxAge', () => {
  it('finds max-age among other directives', () => {
    expect(parseMaxAge('public, max-age=30, must-revalidate')).toBe(30_000);
    expect(parseMaxAge('MAX-AGE="15"')).toBe(15_000);
    expect(parseMaxAge('max-age=0')).toBe(0);
  });

  it('does not mistake s-maxage for max-age', () => {
    expect(parseMaxAge('s-maxage=600')).toBeUndefined();
    expect(parseMaxAge('no-store')).toBeUndefined();
    expect(parseMaxAge(undefined)).toBeUndefined();
    expect(parseMaxAge('max-age=abc')).toBeUndefined();
  });
});
