import { ErrorCode } from '../../common/error-codes.js';
import { nearestName } from '../../common/http/nearest-name.js';
import { localDate } from '../../transit/service-time.js';
import type { ImportReport } from './gtfs-import.types.js';
import { GTFS_REFERENCE_COLUMNS } from './gtfs-reference-columns.js';

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

/** At most this many skipped-row samples are quoted in a warning (the log and badRows have up to their own cap). */
const QUOTED_SAMPLES = 3;

/**
 * What else the import has to say in words, one warning per file: rows skipped (how many, the
 * first ones with file:line and why) and header names that are no GTFS column (not read; the
 * nearest GTFS name when it looks like a typo). Pure.
 */
export function importWarnings(
  report: Pick<ImportReport, 'badRows' | 'unknownColumns'>,
): Array<{ code: string; message: string; ref: string }> {
  const warnings: Array<{ code: string; message: string; ref: string }> = [];
  for (const [file, bad] of Object.entries(report.badRows)) {
    const first = bad.samples[0];
    const quoted = bad.samples
      .slice(0, QUOTED_SAMPLES)
      .map((s) => `${file}:${s.line} ${s.reason}`)
      .join('; ');
    warnings.push({
      code: ErrorCode.GTFS_ROWS_SKIPPED,
      message: `${bad.count} row(s) of ${file} skipped${quoted === '' ? '' : `: ${quoted}`}${bad.count > QUOTED_SAMPLES ? '; …' : ''}`,
      ref: first === undefined ? file : `${file}:${first.line}`,
    });
  }
  for (const [file, names] of Object.entries(report.unknownColumns)) {
    const known = GTFS_REFERENCE_COLUMNS[file] ?? [];
    const described = names.map((name) => {
      const near = nearestName(name, known);
      return near === undefined ? `"${name}"` : `"${name}" (did you mean "${near}"?)`;
    });
    warnings.push({
      code: ErrorCode.GTFS_UNKNOWN_COLUMNS,
      message: `${file}: ${described.join(', ')} ${names.length === 1 ? 'is no GTFS column' : 'are no GTFS columns'}, not read`,
      ref: file,
    });
  }
  return warnings;
}
