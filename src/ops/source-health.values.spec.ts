import type { SourceConfig } from '../config/source-config.js';
import { applyHistoryLoss, applyPoll, initialHealth, type PollRecord } from './source-health.model.js';

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
  outcome: 'unchanged',
  latencyMs: 5,
  bytes: 10,
  ...extra,
});

describe('source health: warnings of a payload polled again unchanged', () => {
  it('stays degraded with the warnings when the same bytes (or a 304) come back', () => {
    let h = applyPoll(initialHealth(source), poll('2026-11-28T10:00:00Z', { entities: 0, warnings: 3, changes: 0 }));
    expect(h).toMatchObject({ status: 'degraded', warnings: 3 });
    h = applyPoll(h, poll('2026-11-28T10:01:00Z')); // body-hash skip: no warnings counted
    expect(h).toMatchObject({ status: 'degraded', warnings: 3 });
    h = applyPoll(h, poll('2026-11-28T10:02:00Z', { outcome: 'not-modified', bytes: null }));
    expect(h).toMatchObject({ status: 'degraded', warnings: 3 });
    h = applyPoll(h, poll('2026-11-28T10:03:00Z', { outcome: 'changed', warnings: 0, entities: 2, changes: 2 }));
    expect(h).toMatchObject({ status: 'ok', warnings: 0 });
  });
});

describe('source health: history rows lost', () => {
  const loss = { at: '2026-11-28T10:00:30Z', rows: 2, code: 'STORAGE_DATA_ERROR', message: 'capacity out of range' };

  it('is recorded with a code, counted, and degrades the source', () => {
    let h = applyPoll(initialHealth(source), poll('2026-11-28T10:00:00Z', { outcome: 'changed', warnings: 0 }));
    h = applyHistoryLoss(h, loss);
    expect(h).toMatchObject({
      status: 'degraded',
      lastError: { code: 'STORAGE_DATA_ERROR', at: loss.at },
      historyLost: { rows: 2, lastRows: 2, code: 'STORAGE_DATA_ERROR', at: loss.at },
    });
    expect(h.lastError?.message).toContain('2 history rows not written');
    h = applyHistoryLoss(h, { ...loss, at: '2026-11-28T10:01:30Z', rows: 3 });
    expect(h.historyLost).toMatchObject({ rows: 5, lastRows: 3 });
  });

  it('keeps the source degraded for two intervals after the loss, then ok', () => {
    let h = applyHistoryLoss(applyPoll(initialHealth(source), poll('2026-11-28T10:00:00Z')), loss);
    h = applyPoll(h, poll('2026-11-28T10:01:00Z', { outcome: 'changed', warnings: 0 }));
    expect(h.status).toBe('degraded');
    h = applyPoll(h, poll('2026-11-28T10:03:00Z', { outcome: 'changed', warnings: 0 }));
    expect(h.status).toBe('ok');
    expect(h.historyLost?.rows).toBe(2);
  });

  it('does not lift a down source', () => {
    let h = initialHealth(source);
    for (let i = 0; i < 5; i++) h = applyPoll(h, poll(`2026-11-28T10:0${i}:00Z`, { outcome: 'failed', bytes: null }));
    expect(applyHistoryLoss(h, loss).status).toBe('down');
  });
});
