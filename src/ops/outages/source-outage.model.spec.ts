import { applyPoll, initialHealth, type PollRecord, type SourceHealth } from '../source-health.model.js';
import type { SourceConfig } from '../../config/source-config.js';
import { outageClosedByRemoval, outageTransition } from './source-outage.model.js';

const source = { id: 'p', kind: 'parking', format: 'datex2', intervalMs: 60_000, enabled: true } as SourceConfig;
const fail = (at: string, code = 'FETCH_HTTP_ERROR'): PollRecord => ({
  at,
  outcome: 'failed',
  latencyMs: 3,
  bytes: null,
  errorCode: code,
  errorMessage: `${code} at ${at}`,
});

function run(polls: PollRecord[]): Array<ReturnType<typeof outageTransition>> {
  let health: SourceHealth = initialHealth(source);
  return polls.map((poll) => {
    const next = applyPoll(health, poll);
    const row = outageTransition(health, next);
    health = next;
    return row;
  });
}

describe('outageTransition', () => {
  it('opens at the fifth failure in a row, dated from the first, and closes at the next success', () => {
    const rows = run([
      fail('2026-11-28T10:00:00Z', 'FETCH_TIMEOUT'),
      fail('2026-11-28T10:01:00Z'),
      fail('2026-11-28T10:02:00Z'),
      fail('2026-11-28T10:03:00Z'),
      fail('2026-11-28T10:04:00Z'),
      fail('2026-11-28T10:05:00Z'),
      { at: '2026-11-28T10:06:00Z', outcome: 'not-modified', latencyMs: 2, bytes: null },
      { at: '2026-11-28T10:07:00Z', outcome: 'unchanged', latencyMs: 2, bytes: 5 },
    ]);
    expect(rows.slice(0, 4)).toEqual([undefined, undefined, undefined, undefined]);
    expect(rows[4]).toEqual({
      sourceId: 'p',
      startedAt: '2026-11-28T10:00:00Z',
      endedAt: null,
      cause: { code: 'FETCH_HTTP_ERROR', message: 'FETCH_HTTP_ERROR at 2026-11-28T10:04:00Z' },
      pollsFailed: 5,
      endReason: null,
    });
    expect(rows[5]).toBeUndefined();
    expect(rows[6]).toMatchObject({
      startedAt: '2026-11-28T10:00:00Z',
      endedAt: '2026-11-28T10:06:00Z',
      pollsFailed: 6,
      endReason: 'recovered',
    });
    expect(rows[7]).toBeUndefined();
  });

  it('a source that recovers before the fifth failure has no outage', () => {
    const rows = run([
      fail('2026-11-28T10:00:00Z'),
      fail('2026-11-28T10:01:00Z'),
      { at: '2026-11-28T10:02:00Z', outcome: 'changed', latencyMs: 2, bytes: 5 },
    ]);
    expect(rows.every((r) => r === undefined)).toBe(true);
  });
});

describe('outageClosedByRemoval', () => {
  const down = [0, 1, 2, 3, 4].map((m) => fail(`2026-11-28T10:0${m}:00Z`));
  const fold = (polls: PollRecord[]) => polls.reduce((h, p) => applyPoll(h, p), initialHealth(source));

  it('closes the open outage of a source removed while down, with its start and cause', () => {
    expect(outageClosedByRemoval(fold(down), '2026-11-28T11:00:00.000Z')).toEqual({
      sourceId: 'p',
      startedAt: '2026-11-28T10:00:00Z',
      endedAt: '2026-11-28T11:00:00.000Z',
      cause: { code: 'FETCH_HTTP_ERROR', message: 'FETCH_HTTP_ERROR at 2026-11-28T10:04:00Z' },
      pollsFailed: 5,
      endReason: 'source-removed',
    });
  });

  it('has nothing to close for a source that was not down', () => {
    expect(outageClosedByRemoval(fold(down.slice(0, 4)), '2026-11-28T11:00:00.000Z')).toBeUndefined();
    expect(outageClosedByRemoval(initialHealth(source), '2026-11-28T11:00:00.000Z')).toBeUndefined();
  });
});
