import { parseXml } from '../xml/safe-xml.js';
import { facilityOpeningHours, openingHours } from './datex2-opening-hours.js';

/** One parkingRecord's openingTimes, written here after the v2.3 / v3 element names (not operator data). */
function hoursOf(openingTimes: string): string | undefined {
  const root = parseXml(Buffer.from(`<parkingRecord>${openingTimes}</parkingRecord>`));
  return openingHours(root);
}

const period = (days: string[], start: string, end: string) => `<validPeriod>
  <recurringTimePeriodOfDay><startTimeOfPeriod>${start}</startTimeOfPeriod><endTimeOfPeriod>${end}</endTimeOfPeriod></recurringTimePeriodOfDay>
  ${days.length > 0 ? `<recurringDayWeekMonthPeriod>${days.map((d) => `<applicableDay>${d}</applicableDay>`).join('')}</recurringDayWeekMonthPeriod>` : ''}
</validPeriod>`;
const validity = (...periods: string[]) =>
  `<openingTimes><validity><validityTimeSpecification>${periods.join('')}</validityTimeSpecification></validity></openingTimes>`;

describe('DATEX II openingTimes as OSM opening_hours', () => {
  it('reads week days and hours, one rule per validPeriod, days in week order', () => {
    expect(
      hoursOf(
        validity(
          period(['friday', 'monday', 'tuesday'], '07:00:00', '20:30:00'),
          period(['saturday'], '08:00:00', '14:00:00'),
        ),
      ),
    ).toBe('Mo,Tu,Fr 07:00-20:30; Sa 08:00-14:00');
  });

  it('reads v3 available24hours and a period that ends when it starts as 24/7; nothing readable as absent', () => {
    expect(hoursOf('<openingTimes><available24hours>true</available24hours></openingTimes>')).toBe('24/7');
    expect(hoursOf(validity(period([], '00:00:00', '00:00:00')))).toBe('24/7');
    expect(hoursOf(validity(period(['sunday'], '00:00:00', '00:00:00')))).toBe('Su 00:00-24:00');
    expect(hoursOf('<openingTimes><available24hours>false</available24hours></openingTimes>')).toBeUndefined();
    expect(hoursOf('<parkingName/>')).toBeUndefined();
  });
});

/** A 2.0 parkingFacility's openingTimes, after the element names of Stuttgart's feed (values invented). */
function facilityHoursOf(...periods: string[]): string | undefined {
  const xml = `<parkingFacility><openingTimes>${periods.join('')}</openingTimes></parkingFacility>`;
  return facilityOpeningHours(parseXml(Buffer.from(xml)));
}

const dated = (name: string | undefined, start: string, end: string) =>
  `<period><startOfPeriod>${start}</startOfPeriod><endOfPeriod>${end}</endOfPeriod>` +
  (name === undefined ? '' : `<periodName><values><value>${name}</value></values></periodName>`) +
  `</period>`;

describe('DATEX II 2.0 facility openingTimes periods as OSM opening_hours', () => {
  it('groups the week days of equal hours into one rule, days in week order, rules by their first day', () => {
    expect(
      facilityHoursOf(
        dated('Saturday', '2025-01-04T09:00:00', '2025-01-04T14:00:00'),
        dated('Monday', '2025-01-06T07:00:00', '2025-01-06T20:00:00'),
        dated('Tuesday', '2025-01-07T07:00:00', '2025-01-07T20:00:00'),
        // the same period twice counts once
        dated('Monday', '2025-01-06T07:00:00', '2025-01-06T20:00:00'),
      ),
    ).toBe('Mo,Tu 07:00-20:00; Sa 09:00-14:00');
  });

  it('skips a period without a week-day name, one over two dates and one that ends before it starts', () => {
    expect(
      facilityHoursOf(
        dated(undefined, '2025-01-06T07:00:00', '2025-01-06T20:00:00'),
        dated('Christmas', '2025-12-25T07:00:00', '2025-12-25T20:00:00'),
        dated('constructor', '2025-01-06T07:00:00', '2025-01-06T20:00:00'),
        dated('Friday', '2025-01-10T22:00:00', '2025-01-11T06:00:00'),
        dated('Sunday', '2025-01-05T20:00:00', '2025-01-05T07:00:00'),
      ),
    ).toBeUndefined();
    expect(facilityHoursOf()).toBeUndefined();
  });

  it('reads a period with recurring parts as a validPeriod is read', () => {
    expect(facilityHoursOf(period(['sunday'], '10:00:00', '18:00:00').replaceAll('validPeriod', 'period'))).toBe(
      'Su 10:00-18:00',
    );
  });
});
