import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import { datex2Adapter } from './datex2.adapter.js';

/**
 * A real DATEX II v3 pair (Mobilithek "Parkraummanagement" profile, messageContainer with `par:` /
 * `loc:` / `com:` namespaces), as published for Bietigheim-Bissingen; values copied from the files.
 */
function parseFixture(name: string): ParkingParseResult {
  return datex2Adapter.parse(readFileSync(path.join(process.cwd(), 'test/fixtures/datex2', name)), {
    sourceId: 'bb',
    receivedAt: new Date('2025-06-17T12:00:00Z'),
    format: {},
  });
}

describe('datex2 v3 ParkingTablePublication (Bietigheim-Bissingen)', () => {
  const result = parseFixture('bietigheim-bissingen-parkingtable-v3.xml');

  it('reads both UrbanParkingSites with name, kind, loc:pointByCoordinates and spaces', () => {
    expect(result.warnings).toEqual([]);
    expect(result.observations).toEqual([]);
    expect(result.publishedAt).toEqual(new Date('2025-06-15T06:00:04.509Z'));
    expect(result.facilities).toEqual([
      {
        localId: 'de:00001:00001:parkhaus',
        name: 'Parkhaus Europabrücke',
        kind: 'car-park',
        location: { lat: 47.67337657728699, lon: 9.163877016837477 },
        capacity: 100,
        // openingTimes/available24hours true
        openingHours: '24/7',
      },
      {
        localId: 'de:00001:00002:parkhaus',
        name: 'Parkhaus Altstadt',
        kind: 'car-park',
        location: { lat: 47.662901479466235, lon: 9.1724891712394 },
        capacity: 500,
        openingHours: '24/7',
      },
    ]);
  });
});

describe('datex2 v3 ParkingStatusPublication (Bietigheim-Bissingen)', () => {
  const result = parseFixture('bietigheim-bissingen-parkingstatus-v3.xml');

  it('reads the vacant spaces and origin time of both sites (the occupancy percentage is not a count)', () => {
    expect(result.warnings).toEqual([]);
    expect(result.facilities).toEqual([]);
    const observedAt = new Date('2025-06-17T11:18:01.739Z');
    expect(result.observations).toEqual([
      { localId: 'de:00001:00001:parkhaus', free: 50, observedAt },
      { localId: 'de:00001:00002:parkhaus', free: 400, observedAt },
    ]);
  });
});
