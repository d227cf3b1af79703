/**
 * GTFS time arithmetic. Stop times are seconds after "noon minus 12 h" of the service day in
 * the agency's time zone (local midnight except on DST days) and may run past 24:00:00.
 */

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** "H:MM:SS" or "HH:MM:SS" (hours may exceed 24) → seconds; null when empty or malformed. */
export function parseGtfsTime(text: string): number | null {
  // Hand-rolled: this runs for every stop time of a feed (millions), a regex costs 3x more.
  let s = text;
  if (s.charCodeAt(0) === 32 || s.charCodeAt(s.length - 1) === 32) s = s.trim();
  const n = s.length;
  if (n < 7 || n > 9 || s.charCodeAt(n - 3) !== 58 || s.charCodeAt(n - 6) !== 58) return null;
  let hours = 0;
  for (let i = 0; i < n - 6; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return null;
    hours = hours * 10 + d;
  }
  const m1 = s.charCodeAt(n - 5) - 48;
  const m2 = s.charCodeAt(n - 4) - 48;
  const s1 = s.charCodeAt(n - 2) - 48;
  const s2 = s.charCodeAt(n - 1) - 48;
  if (m1 < 0 || m1 > 5 || m2 < 0 || m2 > 9 || s1 < 0 || s1 > 5 || s2 < 0 || s2 > 9) return null;
  return hours * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2;
}

/** YYYYMMDD → true when it is a real calendar date. */
export function isGtfsDate(text: string): boolean {
  if (!/^\d{8}$/.test(text)) return false;
  const d = new Date(Date.UTC(+text.slice(0, 4), +text.slice(4, 6) - 1, +text.slice(6, 8)));
  return toGtfsDate(d.getTime()) === text;
}

/** YYYYMMDD of a UTC-midnight epoch. */
function toGtfsDate(utcMs: number): string {
  const d = new Date(utcMs);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`;
}

function dateUtcMs(date: string): number {
  return Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8));
}

export function addDays(date: string, days: number): string {
  return toGtfsDate(dateUtcMs(date) + days * DAY_MS);
}

/** 0 = Monday … 6 = Sunday, the column order of calendar.txt. */
export function weekdayIndex(date: string): number {
  return (new Date(dateUtcMs(date)).getUTCDay() + 6) % 7;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** year, month, day, hour, minute, second of an instant on the zone's wall clock. */
export function localTimeParts(epochMs: number, timeZone: string): Record<string, number> {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts;
}

/** Local minus UTC at that instant, in ms. */
export function zoneOffsetMs(epochMs: number, timeZone: string): number {
  const p = localTimeParts(epochMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** The local calendar date (YYYYMMDD) of an instant. */
export function localDate(epochMs: number, timeZone: string): string {
  const p = localTimeParts(epochMs, timeZone);
  return `${p.year}${String(p.month).padStart(2, '0')}${String(p.day).padStart(2, '0')}`;
}

/** Epoch ms of the service day's origin: local noon minus 12 h. */
export function serviceDayStartMs(date: string, timeZone: string): number {
  const noonAsUtc = dateUtcMs(date) + 12 * HOUR_MS;
  // The offset at local noon: look it up at a UTC instant near it, then correct once.
  let noon = noonAsUtc - zoneOffsetMs(noonAsUtc, timeZone);
  noon = noonAsUtc - zoneOffsetMs(noon, timeZone);
  return noon - 12 * HOUR_MS;
}

/** True when the zone is known to this runtime's Intl data. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Seconds after the origin as GTFS writes them (HH:MM:SS, hours may pass 24). */
export function formatGtfsTime(seconds: number): string {
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
}
