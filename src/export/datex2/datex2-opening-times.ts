/**
 * An OpenStreetMap `opening_hours` string as the periods of a DATEX II v3 `OpeningTimes`: `24/7` is
 * `available24hours`; otherwise each rule (`;`-separated) of week days and hours (`Mo-Fr 08:00-20:00`,
 * `Sa,Su 09:00-12:00,14:00-18:00`, `10:00-18:00` for every day) is one `validPeriod` with a
 * `recurringTimePeriodOfDay` per time range and its `recurringDayWeekMonthPeriod` `applicableDay`s.
 * DATEX II periods add up where OSM's later rules replace earlier ones for the same day, so rules
 * whose days overlap are not carried, nor anything else OSM can say (months, holidays, `off`,
 * comments, open ends): then undefined, and the export leaves openingTimes out.
 */
export interface OpeningPeriod {
  /** DATEX II DayEnum values, in week order; empty for every day. */
  days: string[];
  /** Start and end as DATEX II times (`08:00:00`); a whole day is 00:00:00 to 00:00:00. */
  times: Array<{ start: string; end: string }>;
}

export type OpeningTimes = { available24hours: true } | { periods: OpeningPeriod[] };

const OSM_DAYS = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
const DATEX_DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

const TIME = /^([01]\d|2[0-4]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

export function openingTimesOf(hours: string): OpeningTimes | undefined {
  const text = hours.trim();
  if (text === '24/7') return { available24hours: true };
  const periods: OpeningPeriod[] = [];
  const seen = new Set<number>();
  for (const raw of text.split(';')) {
    const rule = raw.trim();
    if (rule === '') continue;
    const period = periodOf(rule);
    if (period === undefined) return undefined;
    const indexes = period.days.length === 0 ? [0, 1, 2, 3, 4, 5, 6] : period.days.map((d) => DATEX_DAYS.indexOf(d));
    if (indexes.some((i) => seen.has(i))) return undefined;
    for (const i of indexes) seen.add(i);
    periods.push(period);
  }
  return periods.length > 0 ? { periods } : undefined;
}

function periodOf(rule: string): OpeningPeriod | undefined {
  const parts = rule.split(/\s+/);
  if (parts.length > 2) return undefined;
  const days = parts.length === 2 ? daysOf(parts[0]) : [];
  if (days === undefined) return undefined;
  const times: OpeningPeriod['times'] = [];
  for (const range of parts[parts.length - 1].split(',')) {
    const match = TIME.exec(range);
    if (match === null) return undefined;
    const [, sh, sm, eh, em] = match;
    if ((sh === '24' && sm !== '00') || (eh === '24' && em !== '00') || sh === '24') return undefined;
    // A whole day: DATEX II times end where they start (the reader reads 00:00:00–00:00:00 as 00:00-24:00).
    const wholeDay = sh === '00' && sm === '00' && eh === '24';
    times.push({ start: `${sh}:${sm}:00`, end: wholeDay ? '00:00:00' : `${eh}:${em}:00` });
  }
  return { days, times };
}

function daysOf(spec: string): string[] | undefined {
  const picked = new Set<number>();
  for (const item of spec.split(',')) {
    const [from, to, ...rest] = item.split('-');
    const a = OSM_DAYS.indexOf(from);
    const b = to === undefined ? a : OSM_DAYS.indexOf(to);
    if (a < 0 || b < 0 || rest.length > 0) return undefined;
    // A range may wrap past Sunday (Sa-Mo).
    for (let i = a; ; i = (i + 1) % 7) {
      picked.add(i);
      if (i === b) break;
    }
  }
  return [...picked].sort((x, y) => x - y).map((i) => DATEX_DAYS[i]);
}
