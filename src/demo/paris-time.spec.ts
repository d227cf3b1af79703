import { addDays, gtfsDate, odsTimestamp, parisOffsetMs, serviceDayStartMs, toParisTime } from './paris-time.js';

describe('paris-time', () => {
  it('reads Paris wall-clock time in winter (UTC+1) and summer (UTC+2)', () => {
    expect(toParisTime(Date.parse('2026-03-10T10:00:00Z'))).toEqual({
      year: 2026,
      month: 3,
      day: 10,
      hour: 11,
      minute: 0,
      second: 0,
      weekday: 2,
    });
    expect(toParisTime(Date.parse('2026-07-04T22:30:15Z'))).toEqual({
      year: 2026,
      month: 7,
      day: 5,
      hour: 0,
      minute: 30,
      second: 15,
      weekday: 0,
    });
    expect(parisOffsetMs(Date.parse('2026-01-15T12:00:00Z'))).toBe(3_600_000);
    expect(parisOffsetMs(Date.parse('2026-08-15T12:00:00Z'))).toBe(7_200_000);
  });

  it('starts a GTFS service day at noon minus 12 h, which differs from midnight on DST days', () => {
    expect(new Date(serviceDayStartMs({ year: 2026, month: 3, day: 10 })).toISOString()).toBe(
      '2026-03-09T23:00:00.000Z',
    );
    expect(new Date(serviceDayStartMs({ year: 2026, month: 7, day: 1 })).toISOString()).toBe(
      '2026-06-30T22:00:00.000Z',
    );
    // 29 March 2026: clocks go forward at 02:00, so local noon is 10:00Z.
    expect(new Date(serviceDayStartMs({ year: 2026, month: 3, day: 29 })).toISOString()).toBe(
      '2026-03-28T22:00:00.000Z',
    );
  });

  it('formats GTFS dates, adds days across months and writes ODS timestamps', () => {
    expect(gtfsDate(addDays({ year: 2026, month: 2, day: 27 }, 2))).toBe('20260301');
    expect(gtfsDate(addDays({ year: 2026, month: 1, day: 1 }, -1))).toBe('20251231');
    expect(odsTimestamp(Date.parse('2019-04-03T08:57:00.750Z'))).toBe('2019-04-03T08:57:00+00:00');
  });
});
