import { jest } from '@jest/globals';
import { LocalDateMemo } from './local-date-memo.js';
import { localDate } from './service-time.js';

describe('LocalDateMemo', () => {
  it('gives localDate() for every instant, across midnight, DST changes and odd offsets', () => {
    const memo = new LocalDateMemo(8);
    const cases: Array<[string, string]> = [
      ['2026-12-02T22:59:59.999Z', 'Europe/Paris'], // 23:59:59.999 local
      ['2026-12-02T23:00:00.000Z', 'Europe/Paris'], // local midnight
      ['2026-03-29T00:59:30.000Z', 'Europe/Paris'], // the minute before the spring change
      ['2026-03-29T01:00:30.000Z', 'Europe/Paris'],
      ['2026-10-25T00:59:59.000Z', 'Europe/Paris'],
      ['2026-11-01T06:59:59.000Z', 'America/Los_Angeles'],
      ['2026-11-01T07:00:00.000Z', 'America/Los_Angeles'], // 00:00 PDT
      ['2026-12-02T18:14:59.000Z', 'Asia/Kathmandu'], // +05:45: 23:59:59 local
      ['2026-12-02T18:15:00.000Z', 'Asia/Kathmandu'],
      ['1911-03-10T23:50:39.000Z', 'Europe/Paris'], // LMT +00:09:21: 23:59:60 local, mid-minute
      ['1911-03-10T23:50:38.000Z', 'Europe/Paris'],
      ['1911-03-10T23:50:40.000Z', 'Europe/Paris'],
    ];
    for (let round = 0; round < 2; round += 1) {
      for (const [iso, zone] of cases) {
        const ms = Date.parse(iso);
        expect([iso, zone, memo.of(ms, zone)]).toEqual([iso, zone, localDate(ms, zone)]);
      }
    }
  });

  it('answers a held minute without Intl', () => {
    const memo = new LocalDateMemo();
    const at = Date.parse('2026-12-02T08:30:10Z');
    expect(memo.of(at, 'Europe/Paris')).toBe('20261202');
    const format = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      expect(memo.of(at + 40_000, 'Europe/Paris')).toBe('20261202');
      expect(format).not.toHaveBeenCalled();
    } finally {
      format.mockRestore();
    }
  });
});
