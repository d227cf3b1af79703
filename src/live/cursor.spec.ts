import { compareCursors, formatCursor, isCursor, parseCursor } from './cursor.js';

describe('cursor', () => {
  it('parses a Redis stream id and formats it back', () => {
    expect(parseCursor('1795860067185-12')).toEqual({ ms: 1795860067185, seq: 12 });
    expect(formatCursor({ ms: 1795860067185, seq: 12 })).toBe('1795860067185-12');
  });

  it('refuses what is not a stream id', () => {
    for (const bad of ['', '123', '12-', '-3', '1-2-3', 'a-1', '1-1 ', '$', '+', '9999999999999999-0']) {
      expect(parseCursor(bad)).toBeUndefined();
      expect(isCursor(bad)).toBe(false);
    }
    expect(isCursor(42)).toBe(false);
  });

  it('compares numerically, not as text ("9-0" < "10-0", "5-9" < "5-10")', () => {
    const key = (s: string) => parseCursor(s)!;
    expect(compareCursors(key('9-0'), key('10-0'))).toBeLessThan(0);
    expect(compareCursors(key('5-10'), key('5-9'))).toBeGreaterThan(0);
    expect(compareCursors(key('7-3'), key('7-3'))).toBe(0);
  });
});
