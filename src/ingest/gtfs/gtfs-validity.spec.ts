import { importWarnings, validityWarnings } from './gtfs-validity.js';

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

describe('importWarnings', () => {
  it('quotes the first three skipped rows of a file, says there are more, and points at the first', () => {
    const samples = [2, 5, 9, 11].map((line) => ({ line, reason: 'stop_id is empty' }));
    expect(importWarnings({ badRows: { 'stops.txt': { count: 7, samples } }, unknownColumns: {} })).toEqual([
      {
        code: 'GTFS_ROWS_SKIPPED',
        message:
          '7 row(s) of stops.txt skipped: stops.txt:2 stop_id is empty; stops.txt:5 stop_id is empty; stops.txt:9 stop_id is empty; …',
        ref: 'stops.txt:2',
      },
    ]);
  });

  it('names one unknown column, with the GTFS name it is a typo of; nothing to say, nothing said', () => {
    expect(importWarnings({ badRows: {}, unknownColumns: { 'trips.txt': ['trip_headsing'] } })).toEqual([
      {
        code: 'GTFS_UNKNOWN_COLUMNS',
        message: 'trips.txt: "trip_headsing" (did you mean "trip_headsign"?) is no GTFS column, not read',
        ref: 'trips.txt',
      },
    ]);
    expect(importWarnings({ badRows: {}, unknownColumns: {} })).toEqual([]);
  });
});
