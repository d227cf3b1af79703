/**
 * Times written without an offset ("2019-06-11T17:48:01"): a source's `timeZone` (an IANA name)
 * says what they are; without one they are read as UTC. Every adapter reads its times through
 * `toDate` (JSON, CSV) or `parseXmlDateTime` (XML), and both ask `wallTimeToMs` here, so one
 * setting covers every format. The zone is set for the length of one synchronous parse
 * (`readingWallTimesIn`, called by the adapter registry from the parse context): adapters stay
 * pure and need no parameter threaded through each reader.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

/** True for a time zone name this runtime knows (`Europe/Paris`, `UTC`); offsets such as `+01:00` are refused. */
export function isTimeZoneName(name: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** The zone's offset from UTC (ms, east positive) at one instant. */
function offsetAt(zone: string, utcMs: number): number {
  const whole = Math.floor(utcMs / 1000) * 1000;
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(new Date(whole))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - whole;
}

const DAY_MS = 86_400_000;

/**
 * The instant of a wall-clock time in `zone`, given as the ms it would be if it were UTC. A time
 * the clocks skip (spring forward: 02:30 in Paris on the last Sunday of March) is read with the
 * offset before the change, i.e. as 03:30 summer time; a time they repeat (fall back: 02:30 on the
 * last Sunday of October) is the earlier of the two (summer time). These are the rules of
 * Temporal's `disambiguation: 'compatible'` and of most calendar software.
 */
export function wallTimeToMs(wallAsUtcMs: number, zone: string): number {
  const before = offsetAt(zone, wallAsUtcMs - DAY_MS);
  const after = offsetAt(zone, wallAsUtcMs + DAY_MS);
  const valid = [before, after]
    .map((offset) => wallAsUtcMs - offset)
    .filter((instant) => wallAsUtcMs - offsetAt(zone, instant) === instant);
  if (valid.length === 0) return wallAsUtcMs - before;
  return Math.min(...valid);
}

let current: string | undefined;

/** The zone offset-less times are read in during the current parse; undefined: UTC. */
export function wallTimeZone(): string | undefined {
  return current;
}

/** Runs a synchronous parse with offset-less times read in `zone` (undefined: UTC). */
export function readingWallTimesIn<T>(zone: string | undefined, parse: () => T): T {
  const outer = current;
  current = zone;
  try {
    return parse();
  } finally {
    current = outer;
  }
}

/** `wallAsUtcMs` read in the current parse's zone (unchanged, i.e. UTC, without one). */
export function wallTimeInCurrentZone(wallAsUtcMs: number): number {
  return current === undefined ? wallAsUtcMs : wallTimeToMs(wallAsUtcMs, current);
}
