import { childText, childrenNamed, descendants, firstChild, type XmlElement } from '../xml/xml-element.js';

const DAYS: Readonly<Record<string, string>> = {
  monday: 'Mo',
  tuesday: 'Tu',
  wednesday: 'We',
  thursday: 'Th',
  friday: 'Fr',
  saturday: 'Sa',
  sunday: 'Su',
};

const WHOLE_DAY = '00:00-24:00';

/**
 * A parking record's `openingTimes` as an OpenStreetMap `opening_hours` string: v3
 * `available24hours` true is `24/7`; otherwise each `validPeriod` (v2.x and v3) gives one rule,
 * its `recurringDayWeekMonthPeriod/applicableDay`s and its `recurringTimePeriodOfDay`'s
 * start–end (`Mo,Tu 08:00-20:00`). A period that starts and ends at the same time lasts the
 * whole day, and whole days every day are `24/7`. Exception periods and the validity's overall
 * start and end are not carried. Absent when the record says nothing readable.
 */
export function openingHours(record: XmlElement): string | undefined {
  const times = firstChild(record, 'openingTimes');
  if (times === undefined) return undefined;
  if (childText(times, 'available24hours')?.toLowerCase() === 'true') return '24/7';
  const rules = descendants(times, 'validPeriod').flatMap((period) => {
    const rule = periodRule(period);
    return rule === undefined ? [] : [rule];
  });
  if (rules.length === 0) return undefined;
  if (rules.every((rule) => rule === WHOLE_DAY)) return '24/7';
  return [...new Set(rules)].join('; ');
}

function periodRule(period: XmlElement): string | undefined {
  const hours = childrenNamed(period, 'recurringTimePeriodOfDay').flatMap((time) => {
    const range = timeRange(childText(time, 'startTimeOfPeriod'), childText(time, 'endTimeOfPeriod'));
    return range === undefined ? [] : [range];
  });
  const days = childrenNamed(period, 'recurringDayWeekMonthPeriod')
    .flatMap((p) => childrenNamed(p, 'applicableDay'))
    .map((d) => DAYS[d.text.trim().toLowerCase()])
    .filter((d): d is string => d !== undefined);
  if (hours.length === 0) return days.length > 0 ? `${orderedDays(days)} ${WHOLE_DAY}` : undefined;
  const time = hours.includes(WHOLE_DAY) ? WHOLE_DAY : hours.join(',');
  return days.length > 0 ? `${orderedDays(days)} ${time}` : time;
}

function timeRange(start: string | undefined, end: string | undefined): string | undefined {
  const from = hhmm(start);
  const to = hhmm(end);
  if (from === undefined || to === undefined) return undefined;
  return from === to ? WHOLE_DAY : `${from}-${to}`;
}

function hhmm(value: string | undefined): string | undefined {
  const match = /^(\d{2}):(\d{2})/.exec(value?.trim() ?? '');
  return match === null ? undefined : `${match[1]}:${match[2]}`;
}

function orderedDays(days: string[]): string {
  const order = Object.values(DAYS);
  return [...new Set(days)].sort((a, b) => order.indexOf(a) - order.indexOf(b)).join(',');
}
