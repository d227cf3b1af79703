import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParkingFormat } from '../../config/source-config.js';
import { parkingAdapterFor } from './parking-format.registry.js';

/**
 * A source's `timeZone` for times written without an offset, through the adapter registry as
 * every poll parses. Expected instants by hand: the UK is UTC+1 in June (BST), Germany UTC+1 in
 * December (CET); Paris changes to UTC+2 at 2026-03-29 01:00 UTC and back at 2026-10-25 01:00 UTC.
 */
const fixtures = path.resolve('test/fixtures');
const read = (file: string): string => readFileSync(path.join(fixtures, file), 'utf8');

function observedTimes(format: ParkingFormat, text: string, timeZone?: string): string[] {
  const result = parkingAdapterFor(format).parse(Buffer.from(text, 'utf8'), {
    sourceId: 'tz',
    receivedAt: new Date('2030-01-01T00:00:00Z'),
    format: {},
    ...(timeZone === undefined ? {} : { timeZone }),
  });
  return result.observations.map((o) => o.observedAt?.toISOString() ?? 'none');
}

const CAMBRIDGE = 'datex2/cambridgeshire-parkingfacilitytable-v2-excerpt.xml';

describe('timeZone: offset-less times of real files', () => {
  it('DATEX II (Cambridgeshire, status time 2019-06-11T17:48:01 beside a +01:00 publicationTime)', () => {
    expect(observedTimes('datex2', read(CAMBRIDGE))).toEqual(['2019-06-11T17:48:01.000Z']);
    expect(observedTimes('datex2', read(CAMBRIDGE), 'Europe/London')).toEqual(['2019-06-11T16:48:01.000Z']);
  });

  it('a time with an offset is kept as written, whatever the zone', () => {
    const result = parkingAdapterFor('datex2').parse(Buffer.from(read(CAMBRIDGE)), {
      sourceId: 'tz',
      receivedAt: new Date('2030-01-01T00:00:00Z'),
      format: {},
      timeZone: 'America/New_York',
    });
    // publicationTime 2019-06-11T17:49:30.3953449+01:00, fraction cut to milliseconds.
    expect(result.publishedAt?.toISOString()).toBe('2019-06-11T16:49:30.395Z');
  });

  it('ParkAPI v1 (Herrenberg, last_updated 2022-12-08T16:08:21.870905): JSON times too', () => {
    const text = read('parkapi/parkapi-v1-herrenberg.json');
    const utc = observedTimes('parkapi', text);
    const berlin = observedTimes('parkapi', text, 'Europe/Berlin');
    expect(utc.length).toBeGreaterThan(0);
    expect(new Set(utc)).toEqual(new Set(['2022-12-08T16:08:21.870Z']));
    expect(new Set(berlin)).toEqual(new Set(['2022-12-08T15:08:21.870Z']));
  });

  it('the DST edges in Europe/Paris, on the Cambridgeshire file with its status time edited', () => {
    const at = (local: string): string =>
      read(CAMBRIDGE).replace('2019-06-11T17:48:01', local).replace('2019-06-11T17:49:30.3953449+01:00', local);
    // Skipped hour: 02:30 does not exist on 2026-03-29, read as 03:30 summer time.
    expect(observedTimes('datex2', at('2026-03-29T01:59:59'), 'Europe/Paris')).toEqual(['2026-03-29T00:59:59.000Z']);
    expect(observedTimes('datex2', at('2026-03-29T02:30:00'), 'Europe/Paris')).toEqual(['2026-03-29T01:30:00.000Z']);
    expect(observedTimes('datex2', at('2026-03-29T03:00:00'), 'Europe/Paris')).toEqual(['2026-03-29T01:00:00.000Z']);
    // Repeated hour: 02:30 on 2026-10-25 happens twice, the earlier (summer time) is taken.
    expect(observedTimes('datex2', at('2026-10-25T02:30:00'), 'Europe/Paris')).toEqual(['2026-10-25T00:30:00.000Z']);
    expect(observedTimes('datex2', at('2026-10-25T03:00:00'), 'Europe/Paris')).toEqual(['2026-10-25T02:00:00.000Z']);
  });
});
