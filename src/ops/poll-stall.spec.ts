import type { SourceConfig } from '../config/source-config.js';
import { initialHealth, type SourceHealth } from './source-health.model.js';
import { isPollStalled, pollTimeoutMs, stallDeadlineMs, withPollStall } from './poll-stall.js';

const source = {
  id: 's',
  kind: 'parking',
  format: 'parkapi',
  intervalMs: 60_000,
  timeoutMs: 10_000,
  enabled: true,
} as SourceConfig;
const health = (patch: Partial<SourceHealth>): SourceHealth => ({ ...initialHealth(source), ...patch });
const at = (iso: string): number => Date.parse(iso);

describe('poll stall', () => {
  const polled = health({ lastPollAt: '2026-12-02T12:00:00.000Z', lastSuccessAt: '2026-12-02T12:00:00.000Z' });

  it('is due two intervals plus one poll timeout after the last poll', () => {
    expect(stallDeadlineMs(polled, source)).toBe(at('2026-12-02T12:02:10.000Z'));
    expect(isPollStalled(polled, source, at('2026-12-02T12:02:10.000Z'))).toBe(false);
    expect(isPollStalled(polled, source, at('2026-12-02T12:02:10.001Z'))).toBe(true);
  });

  it('waits for the pacing gate when the hub itself holds polls back (Retry-After, backoff)', () => {
    const paced = { ...polled, nextPollAt: '2026-12-02T12:30:00.000Z' };
    expect(isPollStalled(paced, source, at('2026-12-02T12:20:00.000Z'))).toBe(false);
    expect(stallDeadlineMs(paced, source)).toBe(at('2026-12-02T12:31:10.000Z'));
  });

  it('says nothing for a source never polled or disabled', () => {
    expect(isPollStalled(health({}), source, at('2030-01-01T00:00:00Z'))).toBe(false);
    expect(isPollStalled(polled, { ...source, enabled: false }, at('2030-01-01T00:00:00Z'))).toBe(false);
  });

  it('reads down with POLL_STALLED once stalled, and leaves a polling source as it is', () => {
    expect(withPollStall(polled, source, at('2026-12-02T12:01:00Z'))).toBe(polled);
    const stalled = withPollStall(polled, source, at('2026-12-02T12:05:00Z'));
    expect(stalled.status).toBe('down');
    expect(stalled.lastError?.code).toBe('POLL_STALLED');
    expect(stalled.lastError?.message).toMatch(/no poll since 2026-12-02T12:00:00.000Z/);
    expect(stalled.lastError?.at).toBe('2026-12-02T12:02:10.000Z');
    expect(polled.status).toBe('ok');
  });

  it('takes the slowest URL of a GTFS-RT source as its poll time', () => {
    const rt = {
      id: 'rt',
      kind: 'gtfs-rt',
      feed: 'g',
      intervalMs: 30_000,
      enabled: true,
      urls: { tripUpdates: { timeoutMs: 5_000 }, alerts: { timeoutMs: 20_000 } },
    } as unknown as SourceConfig;
    expect(pollTimeoutMs(rt)).toBe(20_000);
  });
});
