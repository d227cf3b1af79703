import { CLOCK_TOLERANCE_MS, estimateClockSkewMs, MAX_CLOCK_SKEW_MS } from './clock-skew.js';
import type { OccupancyRecord } from './parking.model.js';

const receivedAt = new Date('2026-11-28T10:00:00Z');
const ahead = (ms: number, localId = 'x'): OccupancyRecord => ({
  localId,
  observedAt: new Date(receivedAt.getTime() + ms),
});

describe('estimateClockSkewMs', () => {
  it('ignores one record dated 2999 among records on time (the median decides)', () => {
    const records = [
      ahead(-30_000),
      ahead(-20_000),
      ahead(-10_000),
      { localId: 'y', observedAt: new Date('2999-01-01T00:00:00Z') },
    ];
    expect(estimateClockSkewMs(records, undefined, receivedAt)).toBe(0);
  });

  it('measures a snapshot clock running 10 minutes ahead from the median record', () => {
    const records = [ahead(600_000), ahead(600_000), ahead(600_000), ahead(-3_600_000), ahead(1e12)];
    expect(estimateClockSkewMs(records, undefined, receivedAt)).toBe(600_000);
  });

  it('uses a plausible publication time, and the records when the publication time is absurd', () => {
    expect(estimateClockSkewMs([ahead(0)], new Date(receivedAt.getTime() + 300_000), receivedAt)).toBe(300_000);
    expect(estimateClockSkewMs([ahead(-5_000)], new Date('2999-01-01T00:00:00Z'), receivedAt)).toBe(0);
    expect(estimateClockSkewMs([], new Date('2999-01-01T00:00:00Z'), receivedAt)).toBe(0);
  });

  it('never corrects more than MAX_CLOCK_SKEW_MS, and not jitter', () => {
    const days = [ahead(3 * 86_400_000), ahead(3 * 86_400_000), ahead(3 * 86_400_000)];
    expect(estimateClockSkewMs(days, undefined, receivedAt)).toBe(MAX_CLOCK_SKEW_MS);
    expect(MAX_CLOCK_SKEW_MS).toBeLessThanOrEqual(6 * 3_600_000);
    expect(estimateClockSkewMs([ahead(CLOCK_TOLERANCE_MS)], undefined, receivedAt)).toBe(0);
  });
});
