import { ErrorCode } from '../../common/error-codes.js';
import { localDate } from '../../transit/service-time.js';
import type { ImportReport } from './gtfs-import.types.js';

const iso = (d: string): string => `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`;

/**
 * A feed whose calendars (calendar.txt ranges, calendar_dates additions) all ended before today,
 * or all start after it, in the agency's time zone: imported as is, with a warning saying so
 * (it explains an empty departures list). Pure.
 */
export function validityWarnings(
  report: Pick<ImportReport, 'serviceStart' | 'serviceEnd' | 'timezone'>,
  now: Date,
): Array<{ code: string; message: string; ref: string }> {
  const today = localDate(now.getTime(), report.timezone);
  const { serviceStart: start, serviceEnd: end } = report;
  if (end !== undefined && end !== null && end < today) {
    return [
      {
        code: ErrorCode.FEED_EXPIRED,
        message: `the feed's service ended on ${iso(end)} (today is ${iso(today)} in ${report.timezone}): no departures until a newer feed is published`,
        ref: 'calendar.txt',
      },
    ];
  }
  if (start !== undefined && start !== null && start > today) {
    return [
      {
        code: ErrorCode.FEED_NOT_STARTED,
        message: `the feed's service starts on ${iso(start)} (today is ${iso(today)} in ${report.timezone}): no departures before then`,
        ref: 'calendar.txt',
      },
    ];
  }
  return [];
}
