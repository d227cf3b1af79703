import type { SourceConfig } from '../config/source-config.js';
import {
  applyPoll,
  initialHealth,
  newNotes,
  RECENT_NOTES,
  referenceVerdict,
  type PollRecord,
} from './source-health.model.js';

const source = {
  id: 'p',
  kind: 'parking',
  format: 'json-mapping',
  intervalMs: 60_000,
  enabled: true,
  staleAfterMs: 180_000,
} as SourceConfig;

const poll = (at: string, extra: Partial<PollRecord> = {}): PollRecord => ({
  at,
  outcome: 'changed',
  latencyMs: 5,
  bytes: 10,
  ...extra,
});

const staticMissing = { code: 'STATIC_UNAVAILABLE', message: 'static reference unavailable (HTTP 404)' };

describe('recentWarnings', () => {
  it('keeps the text, code, ref and time of each warning, newest first', () => {
    let h = applyPoll(
      initialHealth(source),
      poll('2026-01-01T00:00:00.000Z', {
        warnings: 1,
        warningDetails: [{ code: 'MISSING_ID', message: 'no id', ref: 'line 4' }],
      }),
    );
    h = applyPoll(h, poll('2026-01-01T00:01:00.000Z', { warnings: 1, warningDetails: [staticMissing] }));
    expect(h.recentWarnings).toEqual([
      { kind: 'warning', ...staticMissing, at: '2026-01-01T00:01:00.000Z' },
      { kind: 'warning', code: 'MISSING_ID', message: 'no id', ref: 'line 4', at: '2026-01-01T00:00:00.000Z' },
    ]);
  });

  it('a repeated warning appears once, with its latest time; a 304 poll keeps the list', () => {
    const first = applyPoll(
      initialHealth(source),
      poll('2026-01-01T00:00:00.000Z', { warnings: 1, warningDetails: [staticMissing] }),
    );
    const again = applyPoll(first, poll('2026-01-01T00:01:00.000Z', { warnings: 1, warningDetails: [staticMissing] }));
    expect(again.recentWarnings).toEqual([{ kind: 'warning', ...staticMissing, at: '2026-01-01T00:01:00.000Z' }]);
    expect(newNotes(first, again)).toEqual([]);
    const notModified = applyPoll(again, poll('2026-01-01T00:02:00.000Z', { outcome: 'not-modified' }));
    expect(notModified.recentWarnings).toEqual(again.recentWarnings);
  });

  it('records failed polls as errors and holds at most RECENT_NOTES entries', () => {
    let h = initialHealth(source);
    for (let i = 0; i < 30; i++) {
      const at = new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString();
      h = applyPoll(
        h,
        poll(at, { warnings: 1, warningDetails: [{ code: 'INVALID_ROW', message: `row ${i}`, ref: `line ${i}` }] }),
      );
    }
    h = applyPoll(
      h,
      poll('2026-01-01T01:00:00.000Z', { outcome: 'failed', errorCode: 'FETCH_HTTP_STATUS', errorMessage: 'HTTP 404' }),
    );
    expect(h.recentWarnings).toHaveLength(RECENT_NOTES);
    expect(h.recentWarnings?.[0]).toEqual({
      kind: 'error',
      code: 'FETCH_HTTP_STATUS',
      message: 'HTTP 404',
      at: '2026-01-01T01:00:00.000Z',
    });
    expect(h.recentWarnings?.[1]).toMatchObject({ code: 'INVALID_ROW', ref: 'line 29' });
  });

  it('newNotes names only what the previous health did not hold', () => {
    const first = applyPoll(
      initialHealth(source),
      poll('2026-01-01T00:00:00.000Z', { warnings: 1, warningDetails: [staticMissing] }),
    );
    const second = applyPoll(
      first,
      poll('2026-01-01T00:01:00.000Z', {
        warnings: 2,
        warningDetails: [staticMissing, { code: 'UNKNOWN_STATUS', message: 'x', ref: 'a' }],
      }),
    );
    expect(newNotes(first, second).map((n) => n.code)).toEqual(['UNKNOWN_STATUS']);
  });
});

describe('referenceVerdict', () => {
  it('a failed static reference is a verdict: degraded with STATIC_UNAVAILABLE as lastError, also on 304 polls', () => {
    const verdict = referenceVerdict([
      { code: 'MISSING_ID', message: 'x' },
      { ...staticMissing, ref: 'static' },
    ]);
    expect(verdict).toEqual(staticMissing);
    expect(referenceVerdict([{ code: 'MISSING_ID', message: 'x' }])).toBeUndefined();
    const h = applyPoll(initialHealth(source), poll('2026-01-01T00:00:00.000Z', { entities: 3, warnings: 0, verdict }));
    const replayed = applyPoll(h, poll('2026-01-01T00:01:00.000Z', { outcome: 'not-modified', verdict }));
    expect(replayed).toMatchObject({
      status: 'degraded',
      lastError: { ...staticMissing, at: '2026-01-01T00:00:00.000Z' },
    });
  });
});
