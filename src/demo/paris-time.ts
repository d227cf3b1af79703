/**
 * Wall-clock helpers for Europe/Paris. Occupancy curves and GTFS service days are
 * defined in local time, while the server's clock and the feeds speak UTC.
 */

import { localTimeParts, serviceDayStartMs as serviceDayStartMsIn, zoneOffsetMs } from '../transit/service-time.js';

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

export function toParisTime(epochMs: number): LocalDateTime {
  const { year, month, day, hour, minute, second } = localTimeParts(epochMs, DEMO_TIME_ZONE);
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return { year, month, day, hour, minute, second, weekday };
}

/** Local minus UTC at that instant, in ms (+1 h in winter, +2 h in summer). */
export function parisOffsetMs(epochMs: number): number {
  return zoneOffsetMs(epochMs, DEMO_TIME_ZONE);
}

/**
 * GTFS measures stop times from "noon minus 12 h" of the service day, which is
 * local midnight except on daylight-saving days (the hub's own rule, transit/service-time.ts).
 */
export function serviceDayStartMs(date: LocalDate): number {
  return serviceDayStartMsIn(gtfsDate(date), DEMO_TIME_ZONE);
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
