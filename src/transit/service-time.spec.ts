import { candidateServiceDays, ServiceCalendar } from './service-calendar.js';
import { addDays, isGtfsDate, localDate, parseGtfsTime, serviceDayStartMs, weekdayIndex } from './service-time.js';

describe('GTFS time arithmetic', () => {
  it('parses stop times, including past 24:00 and one-digit hours', () => {
    expect(parseGtfsTime('5:07:00')).toBe(5 * 3600 + 7 * 60);
    expect(parseGtfsTime('25:35:10')).toBe(25 * 3600 + 35 * 60 + 10);
    expect(parseGtfsTime(' 08:03:00 ')).toBe(8 * 3600 + 3 * 60);
    expect(parseGtfsTime('25:61:00')).toBeNull();
    expect(parseGtfsTime('8:3:00')).toBeNull();
    expect(parseGtfsTime('')).toBeNull();
  });

  it('checks and shifts dates', () => {
    expect(isGtfsDate('20240229')).toBe(true);
    expect(isGtfsDate('20230229')).toBe(false);
    expect(addDays('20231231', 1)).toBe('20240101');
    expect(weekdayIndex('20231107')).toBe(1); // a Tuesday
  });

  it('measures a service day from noon minus 12 h, which is not midnight on DST days', () => {
    // An ordinary day in California (PST, UTC-8): local midnight.
    expect(new Date(serviceDayStartMs('20231107', 'America/Los_Angeles')).toISOString()).toBe(
      '2023-11-07T08:00:00.000Z',
    );
    // 5 Nov 2023, clocks went back at 02:00: noon PST is 20:00Z, minus 12 h is 08:00Z (midnight was 07:00Z, PDT).
    expect(new Date(serviceDayStartMs('20231105', 'America/Los_Angeles')).toISOString()).toBe(
      '2023-11-05T08:00:00.000Z',
    );
    // Paris, 31 Mar 2024 (clocks forward): noon CEST is 10:00Z, minus 12 h is 22:00Z the day before.
    expect(new Date(serviceDayStartMs('20240331', 'Europe/Paris')).toISOString()).toBe('2024-03-30T22:00:00.000Z');
    expect(localDate(Date.parse('2023-11-08T01:05:34Z'), 'America/Los_Angeles')).toBe('20231107');
  });

  it('applies calendar_dates exceptions over calendar (BART, Presidents Day 2019)', () => {
    const calendar = new ServiceCalendar(
      [
        {
          serviceId: 'WKDY',
          days: [true, true, true, true, true, false, false],
          startDate: '20190211',
          endDate: '20200210',
        },
        {
          serviceId: 'SAT',
          days: [false, false, false, false, false, true, false],
          startDate: '20190211',
          endDate: '20200210',
        },
      ],
      [
        { serviceId: 'SAT', date: '20190218', exceptionType: 1 },
        { serviceId: 'WKDY', date: '20190218', exceptionType: 2 },
      ],
    );
    expect([...calendar.activeServices('20190218')]).toEqual(['SAT']);
    expect([...calendar.activeServices('20190219')]).toEqual(['WKDY']);
    expect([...calendar.activeServices('20200211')]).toEqual([]);
    expect(candidateServiceDays('20190219', 25 * 3600, 1)).toEqual(['20190217', '20190218', '20190219', '20190220']);
  });
});
