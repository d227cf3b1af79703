import { isTimeZoneName, readingWallTimesIn, wallTimeInCurrentZone, wallTimeToMs } from './wall-time.js';

/**
 * Expected instants worked out by hand from the zones' rules, not by the code: Paris is UTC+1 in
 * winter and UTC+2 in summer, changing at 01:00 UTC on the last Sunday of March (2026-03-29) and
 * of October (2026-10-25); Sydney is UTC+11 in summer, UTC+10 from 2026-04-05 03:00 local.
 */
const wall = (iso: string): number => Date.parse(`${iso}Z`);
const at = (iso: string, zone: string): string => new Date(wallTimeToMs(wall(iso), zone)).toISOString();

describe('wallTimeToMs', () => {
  it('reads a winter and a summer time in Paris with their offsets', () => {
    expect(at('2026-01-15T08:00:00', 'Europe/Paris')).toBe('2026-01-15T07:00:00.000Z');
    expect(at('2026-07-15T08:00:00.250', 'Europe/Paris')).toBe('2026-07-15T06:00:00.250Z');
  });

  it('around the spring change: 01:59 is winter time, 03:00 summer time, 02:30 (skipped) is read as 03:30', () => {
    expect(at('2026-03-29T01:59:00', 'Europe/Paris')).toBe('2026-03-29T00:59:00.000Z');
    expect(at('2026-03-29T03:00:00', 'Europe/Paris')).toBe('2026-03-29T01:00:00.000Z');
    expect(at('2026-03-29T02:30:00', 'Europe/Paris')).toBe('2026-03-29T01:30:00.000Z');
  });

  it('around the autumn change: 02:30 (twice) is the earlier, summer time; 03:00 is winter time', () => {
    expect(at('2026-10-25T01:59:00', 'Europe/Paris')).toBe('2026-10-24T23:59:00.000Z');
    expect(at('2026-10-25T02:30:00', 'Europe/Paris')).toBe('2026-10-25T00:30:00.000Z');
    expect(at('2026-10-25T03:00:00', 'Europe/Paris')).toBe('2026-10-25T02:00:00.000Z');
  });

  it('works south of the equator and in UTC', () => {
    expect(at('2026-01-10T12:00:00', 'Australia/Sydney')).toBe('2026-01-10T01:00:00.000Z');
    expect(at('2026-04-05T02:30:00', 'Australia/Sydney')).toBe('2026-04-04T15:30:00.000Z');
    expect(at('2026-07-01T12:00:00', 'UTC')).toBe('2026-07-01T12:00:00.000Z');
  });
});

describe('isTimeZoneName', () => {
  it('takes IANA names and refuses typos, offsets and blanks', () => {
    expect(isTimeZoneName('Europe/Paris')).toBe(true);
    expect(isTimeZoneName('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZoneName('UTC')).toBe(true);
    expect(isTimeZoneName('Europe/Pariss')).toBe(false);
    expect(isTimeZoneName('+01:00')).toBe(false);
    expect(isTimeZoneName('')).toBe(false);
  });
});

describe('readingWallTimesIn', () => {
  it('sets the zone for the parse only, and restores it after a throw', () => {
    const w = wall('2026-01-15T08:00:00');
    expect(readingWallTimesIn('Europe/Paris', () => wallTimeInCurrentZone(w))).toBe(Date.parse('2026-01-15T07:00:00Z'));
    expect(() =>
      readingWallTimesIn('Europe/Paris', () => {
        throw new Error('bad payload');
      }),
    ).toThrow('bad payload');
    expect(wallTimeInCurrentZone(w)).toBe(w);
  });
});
