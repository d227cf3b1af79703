import { childText, childrenNamed, descendants, firstChild, type XmlElement } from '../xml/xml-element.js';
import { multilingualText } from './datex2-common.js';
import { ownValue } from '../../../common/own-key.js';
import { OSM_WEEK_DAYS } from '../../../common/osm-week-days.js';

const DAYS = OSM_WEEK_DAYS;

const WHOLE_DAY = '00:00-24:00';

/** The OSM abbreviation of an English week-day name (own keys only: `constructor` is no day). */
function dayOf(name: string | undefined): string | undefined {
  return ownValue(DAYS, name?.trim().toLowerCase());
}

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

/**
 * A 2.0 parkingFacility's `openingTimes`: a list of 2.x `period`s. One with recurring parts is read as
 * a validPeriod is (above); otherwise a period that starts and ends on one date and whose
 * `periodName` names a week day (in English, as Stuttgart's MDM feed writes it) gives that day's hours
 * from its start to its end, as written (`00:00-23:59` stays so). Days with the same hours are one
 * rule, days in week order (`Mo,Tu,We,Th,Fr,Sa,Su 00:00-23:59`). A dated period without a week-day
 * name is a one-off date and is not carried. Absent when no period is readable.
 */
export function facilityOpeningHours(facility: XmlElement): string | undefined {
  const periods = childrenNamed(firstChild(facility, 'openingTimes'), 'period');
  const recurring: string[] = [];
  const byDay = new Map<string, Set<string>>();
  for (const period of periods) {
    const hasRecurring =
      firstChild(period, 'recurringTimePeriodOfDay') !== undefined ||
      firstChild(period, 'recurringDayWeekMonthPeriod') !== undefined;
    if (hasRecurring) {
      const rule = periodRule(period);
      if (rule !== undefined) recurring.push(rule);
      continue;
    }
    const dated = datedDayHours(period);
    if (dated === undefined) continue;
    byDay.set(dated.day, (byDay.get(dated.day) ?? new Set()).add(dated.hours));
  }
  const rules = [...recurring, ...dayRules(byDay)];
  return rules.length > 0 ? [...new Set(rules)].join('; ') : undefined;
}

function datedDayHours(period: XmlElement): { day: string; hours: string } | undefined {
  const day = dayOf(multilingualText(firstChild(period, 'periodName')));
  const start = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(childText(period, 'startOfPeriod')?.trim() ?? '');
  const end = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(childText(period, 'endOfPeriod')?.trim() ?? '');
  if (day === undefined || start === null || end === null || start[1] !== end[1] || start[2]! >= end[2]!) {
    return undefined;
  }
  return { day, hours: `${start[2]}-${end[2]}` };
}

/** One rule per set of hours, its days in week order; rules ordered by their first day. */
function dayRules(byDay: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const daysByHours = new Map<string, string[]>();
  for (const day of Object.values(DAYS)) {
    const hours = byDay.get(day);
    if (hours === undefined) continue;
    const key = [...hours].sort().join(',');
    daysByHours.set(key, [...(daysByHours.get(key) ?? []), day]);
  }
  return [...daysByHours].map(([hours, days]) => `${days.join(',')} ${hours}`);
}

function periodRule(period: XmlElement): string | undefined {
  const hours = childrenNamed(period, 'recurringTimePeriodOfDay').flatMap((time) => {
    const range = timeRange(childText(time, 'startTimeOfPeriod'), childText(time, 'endTimeOfPeriod'));
    return range === undefined ? [] : [range];
  });
  const days = childrenNamed(period, 'recurringDayWeekMonthPeriod')
    .flatMap((p) => childrenNamed(p, 'applicableDay'))
    .map((d) => dayOf(d.text))
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
