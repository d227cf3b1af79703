import { applyPoll, initialHealth, type PollRecord } from './source-health.model.js';
import type { SourceConfig } from '../config/source-config.js';

const source = {
  id: 'p',
  kind: 'parking',
  format: 'datex2',
  intervalMs: 60_000,
  enabled: true,
  staleAfterMs: 180_000,
} as SourceConfig;

const fail = (at: string): PollRecord => ({
  at,
  outcome: 'failed',
  latencyMs: 10,
  bytes: null,
  errorCode: 'FETCH_TIMEOUT',
  errorMessage: 'timeout',
});

describe('applyPoll', () => {
  it('records a successful change', () => {
    const h = applyPoll(initialHealth(source), {
      at: 't1',
      outcome: 'changed',
      latencyMs: 120,
      bytes: 900,
      entities: 17,
      warnings: 0,
      changes: 3,
    });
    expect(h).toMatchObject({
      status: 'ok',
      lastPollAt: 't1',
      lastSuccessAt: 't1',
      lastChangeAt: 't1',
      latencyMs: 120,
      entities: 17,
      bytes: 900,
    });
  });

  it('is degraded after a failure and down after five in a row, then ok again', () => {
    let h = initialHealth(source);
    h = applyPoll(h, fail('t1'));
    expect(h.status).toBe('degraded');
    for (const t of ['t2', 't3', 't4']) h = applyPoll(h, fail(t));
    expect(h.status).toBe('degraded');
    h = applyPoll(h, fail('t5'));
    expect(h).toMatchObject({ status: 'down', consecutiveFailures: 5, lastError: { code: 'FETCH_TIMEOUT', at: 't5' } });
    h = applyPoll(h, { at: 't6', outcome: 'not-modified', latencyMs: 5, bytes: null });
    expect(h).toMatchObject({ status: 'ok', consecutiveFailures: 0, lastSuccessAt: 't6', lastChangeAt: null });
  });

  it('keeps the last change time on an unchanged poll', () => {
    let h = applyPoll(initialHealth(source), { at: 't1', outcome: 'changed', latencyMs: 1, bytes: 1 });
    h = applyPoll(h, { at: 't2', outcome: 'unchanged', latencyMs: 1, bytes: 1 });
    expect(h.lastChangeAt).toBe('t1');
  });

  it('marks a disabled source', () => {
    expect(initialHealth({ ...source, enabled: false }).status).toBe('disabled');
  });

  it('keeps the start of a failing run, and forgets it at the next success', () => {
    let h = applyPoll(initialHealth(source), fail('2026-11-28T10:00:00Z'));
    h = applyPoll(h, fail('2026-11-28T10:01:00Z'));
    expect(h.failingSince).toBe('2026-11-28T10:00:00Z');
    h = applyPoll(h, { at: '2026-11-28T10:02:00Z', outcome: 'unchanged', latencyMs: 1, bytes: 1 });
    expect(h.failingSince).toBeUndefined();
    expect(applyPoll(h, fail('2026-11-28T10:03:00Z')).failingSince).toBe('2026-11-28T10:03:00Z');
  });

  describe('frozen feed (answers 200, values never change)', () => {
    const rules = { frozenAfterMs: 3 * 3_600_000 };
    const ok = (at: string, outcome: PollRecord['outcome'] = 'unchanged'): PollRecord => ({
      at,
      outcome,
      latencyMs: 5,
      bytes: 10,
    });

    it('is degraded with STALE_DATA once the last change is older than the limit, ok again at the next change', () => {
      let h = applyPoll(initialHealth(source), ok('2026-11-28T06:00:00Z', 'changed'), rules);
      h = applyPoll(h, ok('2026-11-28T09:00:00Z'), rules);
      expect(h.status).toBe('ok');
      h = applyPoll(h, ok('2026-11-28T09:00:01Z'), rules);
      expect(h).toMatchObject({
        status: 'degraded',
        consecutiveFailures: 0,
        lastError: { code: 'STALE_DATA', at: '2026-11-28T09:00:01Z' },
      });
      expect(h.lastError?.message).toContain('no change since 2026-11-28T06:00:00Z (180 min)');
      h = applyPoll(h, { ...ok('2026-11-28T09:30:00Z'), outcome: 'not-modified', bytes: null }, rules);
      expect(h.lastError?.at).toBe('2026-11-28T09:00:01Z'); // first detection is kept
      h = applyPoll(h, ok('2026-11-28T09:31:00Z', 'changed'), rules);
      expect(h.status).toBe('ok');
    });

    it('is not checked without a limit (static feeds) nor before a first change', () => {
      let h = applyPoll(initialHealth(source), ok('2026-11-20T00:00:00Z', 'changed'));
      expect(applyPoll(h, ok('2026-11-28T00:00:00Z')).status).toBe('ok');
      h = applyPoll(initialHealth(source), ok('2026-11-28T00:00:00Z'), rules);
      expect(applyPoll(h, ok('2026-11-28T09:00:00Z'), rules)).toMatchObject({ status: 'ok', lastChangeAt: null });
    });
  });
});
