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
});
