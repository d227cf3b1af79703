import { dateHeaderSkewMs } from '../infra/http/http-exchange.js';
import { estimateClockSkewMs } from './clock-skew.js';

const received = new Date('2026-12-03T12:00:00.400Z');
const records = (aheadMs: number) => [{ localId: 'a', observedAt: new Date(received.getTime() + aheadMs) }];
const MIN = 60_000;

describe('the Date header beside the payload estimate', () => {
  it('agreeing within 15 min: the header wins (records are older than the clock that stamped them)', () => {
    expect(estimateClockSkewMs(records(110 * MIN), undefined, received, 120 * MIN)).toBe(120 * MIN);
  });

  it('disagreeing, or alone, or within tolerance: the payload estimate stays', () => {
    expect(estimateClockSkewMs(records(90 * MIN), undefined, received, 120 * MIN)).toBe(90 * MIN);
    expect(estimateClockSkewMs(records(-MIN), undefined, received, 120 * MIN)).toBe(0);
    expect(estimateClockSkewMs(records(110 * MIN), undefined, received, 30_000)).toBe(110 * MIN);
    expect(estimateClockSkewMs(records(110 * MIN), undefined, received)).toBe(110 * MIN);
  });

  it('never more than 6 h', () => {
    expect(estimateClockSkewMs(records(6 * 60 * MIN), undefined, received, 6 * 60 * MIN + 10 * MIN)).toBe(6 * 60 * MIN);
  });
});

describe('dateHeaderSkewMs', () => {
  it('an IMF-fixdate against the hub clock, in whole seconds', () => {
    expect(dateHeaderSkewMs('Thu, 03 Dec 2026 14:00:00 GMT', received.getTime())).toBe(7_200_000);
    expect(dateHeaderSkewMs('Thu, 03 Dec 2026 11:59:00 GMT', received.getTime())).toBe(-60_000);
    expect(dateHeaderSkewMs('yesterday', received.getTime())).toBeUndefined();
    expect(dateHeaderSkewMs(undefined, received.getTime())).toBeUndefined();
  });
});
