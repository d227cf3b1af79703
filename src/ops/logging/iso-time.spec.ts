import { pino } from 'pino';
import { isoTimeField } from './iso-time.js';

describe('isoTimeField', () => {
  it("writes pino's isoTime field for each millisecond, also when asked again within one", () => {
    const moments = [0, 1_796_000_000_123, 1_796_000_000_123, 1_796_000_000_124, 1_796_000_000_123, 1_796_000_999_999];
    for (const ms of moments) expect(isoTimeField(ms)).toBe(`,"time":"${new Date(ms).toISOString()}"`);
  });

  it("is what pino's own isoTime writes now", () => {
    const before = Date.now();
    const ours = isoTimeField();
    const theirs = pino.stdTimeFunctions.isoTime();
    const after = Date.now();
    // The same millisecond unless the clock ticked between the two calls.
    if (before === after) expect(ours).toBe(theirs);
    expect(ours).toMatch(/^,"time":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"$/);
  });
});
