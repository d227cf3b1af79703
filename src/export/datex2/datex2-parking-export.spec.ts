import { datex2Adapter } from '../../ingest/formats/datex2/datex2.adapter.js';
import type { Parking } from '../../parking/parking.model.js';
import { toDatex2Parking } from './datex2-parking-export.js';

const base: Parking = {
  id: 'city:p1',
  source: 'city',
  name: 'Parkhaus "Markt" & Co',
  kind: 'car-park',
  location: { lat: 48.5961234567, lon: 8.8701 },
  capacity: 400,
  free: 137,
  occupied: 263,
  status: 'open',
  trend: 'stable',
  observedAt: '2026-12-03T08:00:00.000Z',
  receivedAt: '2026-12-03T08:00:05.000Z',
  stale: false,
  quality: [],
};

const parkings: Parking[] = [
  base,
  { ...base, id: 'city:pr', name: 'P+R Bahnhof', kind: 'park-and-ride', status: 'full', free: 0, occupied: 400 },
  { ...base, id: 'city:street', name: null, kind: 'on-street', status: 'closed', location: null },
  { ...base, id: 'city:dis', name: 'Behindertenparkplatz', kind: 'disabled', capacity: 4, free: 1, occupied: 3 },
  { ...base, id: 'city:unk', status: 'unknown', free: null, occupied: null },
];

const ctx = { sourceId: 'back', receivedAt: new Date('2026-12-03T09:00:00Z'), format: {} };
const at = new Date('2026-12-03T08:30:00Z');

describe('DATEX II v3 parking export', () => {
  it('parses back through the datex2 adapter to the same values (table and status in one messageContainer)', () => {
    const xml = toDatex2Parking(parkings, at);
    expect(xml).toContain('<messageContainer xmlns="http://datex2.eu/schema/3/messageContainer"');
    const back = datex2Adapter.parse(Buffer.from(xml), ctx);
    expect(back.warnings).toEqual([]);
    expect(back.publishedAt?.toISOString()).toBe(at.toISOString());
    // The schema requires a parkingLocation on every parkingRecord: a car park without one is in the status only.
    const located = parkings.filter((p) => p.location !== null);
    expect(located.length).toBe(parkings.length - 1);
    expect(back.facilities.map((f) => [f.localId, f.name, f.kind, f.capacity, f.location])).toEqual(
      located.map((p) => [p.id, p.name ?? undefined, p.kind, p.capacity ?? undefined, p.location]),
    );
    expect(xml).toContain('<exchangeInformation modelBaseVersion="3">');
    expect(xml.indexOf('<exchangeInformation')).toBeGreaterThan(xml.lastIndexOf('</payload>'));
    expect(
      back.observations.map((o) => [o.localId, o.free, o.occupied, o.status, o.observedAt?.toISOString()]),
    ).toEqual(parkings.map((p) => [p.id, p.free, p.occupied ?? undefined, p.status, p.observedAt]));
  });

  it('nests parkingUsageScenario as the v3 Parking XSD types it (indexed wrapper, ParkingUsageScenario, enum)', () => {
    const xml = toDatex2Parking(parkings, at, ['table']);
    // ParkingSite.parkingUsageScenario: _ParkingSiteScenarioIndexParkingUsageScenario (scenarioIndex) >
    // parkingUsageScenario: ParkingUsageScenario > parkingUsageScenario: _ParkingUsageScenarioEnum.
    expect(xml).toContain(
      '<par:parkingUsageScenario scenarioIndex="1"><par:parkingUsageScenario><par:parkingUsageScenario>parkAndRide</par:parkingUsageScenario></par:parkingUsageScenario></par:parkingUsageScenario>',
    );
  });

  it('gives one publication with ?publication=table|status', () => {
    const table = datex2Adapter.parse(Buffer.from(toDatex2Parking(parkings, at, ['table'])), ctx);
    expect(table.facilities).toHaveLength(4);
    expect(table.observations).toHaveLength(0);
    const status = datex2Adapter.parse(Buffer.from(toDatex2Parking(parkings, at, ['status'])), ctx);
    expect(status.observations).toHaveLength(5);
    expect(status.facilities).toHaveLength(0);
  });

  it('leaves out a publication that would hold no record (the schema requires one)', () => {
    const xml = toDatex2Parking([], at);
    expect(xml).not.toContain('<payload');
    expect(xml).toContain('<exchangeInformation modelBaseVersion="3">');
  });
});
