/**
 * Wall-clock helpers for Europe/Paris. Occupancy curves and GTFS service days are
 * defined in local time, while the server's clock and the feeds speak UTC.
 */

export const DEMO_TIME_ZONE = 'Europe/Paris';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface LocalDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: DEMO_TIME_ZONE,
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
});

export function toParisTime(epochMs: number): LocalDateTime {
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const { year, month, day, hour, minute, second } = parts;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, hour, minute, second, weekday };
}

/** Local minus UTC at that instant, in ms (+1 h in winter, +2 h in summer). */
export function parisOffsetMs(epochMs: number): number {
  const t = toParisTime(epochMs);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/**
 * GTFS measures stop times from "noon minus 12 h" of the service day, which is
 * local midnight except on daylight-saving days.
 */
export function serviceDayStartMs(date: LocalDate): number {
  const noonAsUtc = Date.UTC(date.year, date.month - 1, date.day, 12);
  const localNoon = noonAsUtc - parisOffsetMs(noonAsUtc - HOUR_MS * 2);
  return localNoon - 12 * HOUR_MS;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day) + days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** GTFS date format, YYYYMMDD. */
export function gtfsDate(date: LocalDate): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.year}${pad(date.month)}${pad(date.day)}`;
}

/** ODS v1 writes datetimes as ISO 8601 with an explicit +00:00 offset. */
export function odsTimestamp(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', '+00:00');
}
