import type { SourceConfig } from '../config/source-config.js';
import { applyPoll, initialHealth, payloadVerdict, type PollRecord } from './source-health.model.js';

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

describe('payloadVerdict', () => {
  it('is NO_VALID_RECORDS when every record was refused, nothing otherwise', () => {
    expect(payloadVerdict({ entities: 0, warnings: 3 })).toMatchObject({ code: 'NO_VALID_RECORDS' });
    expect(payloadVerdict({ entities: 0, warnings: 3 })?.message).toContain('3 warnings');
    expect(payloadVerdict({ entities: 2, warnings: 3 })).toBeUndefined();
    // An empty list is not an invalid one.
    expect(payloadVerdict({ entities: 0, warnings: 0 })).toBeUndefined();
  });
});

describe('source health: a payload with no valid record', () => {
  const verdict = payloadVerdict({ entities: 0, warnings: 3 });

  it('is degraded with NO_VALID_RECORDS, kept (first time) while the same bytes or a 304 come back', () => {
    let h = applyPoll(initialHealth(source), poll('2026-11-28T10:00:00Z', { entities: 0, warnings: 3, verdict }));
    expect(h).toMatchObject({
      status: 'degraded',
      warnings: 3,
      lastError: { code: 'NO_VALID_RECORDS', at: '2026-11-28T10:00:00Z' },
    });
    h = applyPoll(h, poll('2026-11-28T10:01:00Z', { entities: 0, warnings: 3, verdict }));
    h = applyPoll(h, poll('2026-11-28T10:02:00Z', { outcome: 'not-modified', bytes: null, warnings: 3, verdict }));
    expect(h).toMatchObject({
      status: 'degraded',
      warnings: 3,
      lastError: { code: 'NO_VALID_RECORDS', at: '2026-11-28T10:00:00Z' },
    });
  });

  it('comes back as the reason after a failed poll in between', () => {
    let h = applyPoll(initialHealth(source), poll('2026-11-28T10:00:00Z', { entities: 0, warnings: 3, verdict }));
    h = applyPoll(h, poll('2026-11-28T10:01:00Z', { outcome: 'failed', errorCode: 'FETCH_TIMEOUT' }));
    expect(h.lastError?.code).toBe('FETCH_TIMEOUT');
    h = applyPoll(h, poll('2026-11-28T10:02:00Z', { outcome: 'not-modified', bytes: null, warnings: 3, verdict }));
    expect(h).toMatchObject({
      status: 'degraded',
      lastError: { code: 'NO_VALID_RECORDS', at: '2026-11-28T10:02:00Z' },
    });
  });

  it('reads degraded from a fresh health record too (the verdict comes with the poll, not the record)', () => {
    const h = applyPoll(initialHealth(source), poll('2026-11-28T10:05:00Z', { entities: 0, warnings: 3, verdict }));
    expect(h).toMatchObject({ status: 'degraded', lastError: { code: 'NO_VALID_RECORDS' } });
  });

  it('is ok again once valid records come', () => {
    let h = applyPoll(initialHealth(source), poll('2026-11-28T10:00:00Z', { entities: 0, warnings: 3, verdict }));
    h = applyPoll(h, poll('2026-11-28T10:01:00Z', { outcome: 'changed', entities: 2, warnings: 0, changes: 2 }));
    expect(h.status).toBe('ok');
  });
});
