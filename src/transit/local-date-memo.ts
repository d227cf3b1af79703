import { localDate, zoneOffsetMs } from './service-time.js';

const MINUTE_MS = 60_000;

/**
 * localDate() held per zone and UTC minute: the date is read from Intl once a minute, not on
 * every request. A minute is held only when the zone's offset is the same whole number of
 * minutes at its first and last millisecond (no transition inside it, so no local midnight
 * inside it either: every instant of the minute has the same local date); any other minute
 * (a local-mean-time offset, a transition) is computed for the instant asked, as before.
 */
export class LocalDateMemo {
  private readonly held = new Map<string, string>();

  constructor(private readonly max = 4_096) {}

  of(epochMs: number, timeZone: string): string {
    const minute = Math.floor(epochMs / MINUTE_MS);
    const key = `${timeZone} ${minute}`;
    const known = this.held.get(key);
    if (known !== undefined) return known;
    const start = minute * MINUTE_MS;
    const offset = zoneOffsetMs(start, timeZone);
    if (offset % MINUTE_MS !== 0 || zoneOffsetMs(start + MINUTE_MS - 1, timeZone) !== offset) {
      return localDate(epochMs, timeZone);
    }
    const date = localDate(start, timeZone);
    if (this.held.size >= this.max) this.held.clear();
    this.held.set(key, date);
    return date;
  }
}
