import { validityWarnings } from './gtfs-validity.js';

describe('validityWarnings', () => {
  const tz = 'America/New_York';
  it('an ended calendar is FEED_EXPIRED, one not started FEED_NOT_STARTED, one in range nothing', () => {
    const now = new Date('2026-12-03T03:00:00Z'); // still 2 Dec in New York
    expect(validityWarnings({ serviceStart: '20150101', serviceEnd: '20201231', timezone: tz }, now)).toEqual([
      expect.objectContaining({ code: 'FEED_EXPIRED', message: expect.stringContaining('ended on 2020-12-31') }),
    ]);
    expect(validityWarnings({ serviceStart: '20261203', serviceEnd: '20271231', timezone: tz }, now)).toEqual([
      expect.objectContaining({ code: 'FEED_NOT_STARTED', message: expect.stringContaining('today is 2026-12-02') }),
    ]);
    expect(validityWarnings({ serviceStart: '20261202', serviceEnd: '20261202', timezone: tz }, now)).toEqual([]);
    expect(validityWarnings({ serviceStart: null, serviceEnd: null, timezone: tz }, now)).toEqual([]);
  });
});
