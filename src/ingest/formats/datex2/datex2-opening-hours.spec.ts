import { parseXml } from '../xml/safe-xml.js';
import { openingHours } from './datex2-opening-hours.js';

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
