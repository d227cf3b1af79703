import { addDays, weekdayIndex } from './service-time.js';

/** One row of calendar.txt; `days` is Monday..Sunday. */
export interface CalendarRow {
  serviceId: string;
  days: readonly boolean[];
  startDate: string;
  endDate: string;
}

/** One row of calendar_dates.txt: 1 adds the service on that date, 2 removes it. */
export interface CalendarDateRow {
  serviceId: string;
  date: string;
  exceptionType: 1 | 2;
}

/** Which service_ids run on a date, from calendar.txt and calendar_dates.txt (either may be absent). */
export class ServiceCalendar {
  private readonly byDate = new Map<string, { added: Set<string>; removed: Set<string> }>();

  constructor(
    private readonly calendar: readonly CalendarRow[],
    dates: readonly CalendarDateRow[],
  ) {
    for (const row of dates) {
      let entry = this.byDate.get(row.date);
      if (entry === undefined) {
        entry = { added: new Set(), removed: new Set() };
        this.byDate.set(row.date, entry);
      }
      (row.exceptionType === 1 ? entry.added : entry.removed).add(row.serviceId);
    }
  }

  activeServices(date: string): Set<string> {
    const weekday = weekdayIndex(date);
    const active = new Set<string>();
    for (const row of this.calendar) {
      if (row.days[weekday] && date >= row.startDate && date <= row.endDate) active.add(row.serviceId);
    }
    const exceptions = this.byDate.get(date);
    if (exceptions !== undefined) {
      for (const id of exceptions.removed) active.delete(id);
      for (const id of exceptions.added) active.add(id);
    }
    return active;
  }
}

/**
 * The service days whose trips can be running at local date `today`: a trip of day D with stop
 * times up to `maxTimeS` (e.g. 27:30:00) still runs on D + 1, so look back that many days.
 */
export function candidateServiceDays(today: string, maxTimeS: number, forwardDays = 0): string[] {
  const back = Math.max(1, Math.ceil(maxTimeS / 86_400));
  const days: string[] = [];
  for (let i = -back; i <= forwardDays; i++) days.push(addDays(today, i));
  return days;
}
