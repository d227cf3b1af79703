import { parkapiAdapter } from '../../ingest/formats/parkapi/parkapi.adapter.js';
import type { Parking } from '../../parking/parking.model.js';
import { numericId, toParkApiV3 } from './parkapi-export.js';

const base: Parking = {
  id: 'city:p1',
  source: 'city',
  name: 'Parkhaus Markt',
  kind: 'car-park',
  location: { lat: 48.5961234567, lon: 8.8701 },
  address: 'Marktplatz 1',
  capacity: 400,
  free: 137,
  occupied: 263,
  disabled: { capacity: 8, free: 3 },
  status: 'open',
  trend: 'stable',
  observedAt: '2026-12-03T08:00:00.000Z',
  receivedAt: '2026-12-03T08:00:05.000Z',
  stale: false,
  quality: [],
};

const parkings: Parking[] = [
  base,
  {
    ...base,
    id: 'city:pr',
    name: 'P+R Bahnhof',
    kind: 'park-and-ride',
    status: 'closed',
    free: 0,
    disabled: undefined,
  },
  { ...base, id: 'city:street', name: null, kind: 'on-street', status: 'unknown', free: null, location: null },
  { ...base, id: 'city:bikes', kind: 'bicycle', capacity: 40, free: 12, disabled: undefined },
  { ...base, id: 'city:static', kind: 'other', free: null, status: 'unknown', quality: ['no-realtime'] },
];

const ctx = { sourceId: 'back', receivedAt: new Date('2026-12-03T09:00:00Z'), format: {} };

describe('ParkAPI v3 export', () => {
  it('names fields and enums as ParkAPI v3 does', () => {
    const out = toParkApiV3(parkings);
    expect(out.total_count).toBe(5);
    expect(out.items[0]).toEqual({
      id: numericId('city:p1'),
      source_id: numericId('city'),
      original_uid: 'city:p1',
      name: 'Parkhaus Markt',
      address: 'Marktplatz 1',
      type: 'CAR_PARK',
      purpose: 'CAR',
      lat: '48.5961235',
      lon: '8.8701000',
      capacity: 400,
      capacity_disabled: 8,
      has_realtime_data: true,
      realtime_opening_status: 'OPEN',
      realtime_free_capacity: 137,
      realtime_free_capacity_disabled: 3,
      realtime_data_updated_at: '2026-12-03T08:00:00.000Z',
    });
    expect(out.items[1]).toMatchObject({ type: 'OFF_STREET_PARKING_GROUND', park_and_ride_type: ['YES'] });
    expect(out.items[1].realtime_opening_status).toBe('CLOSED');
    expect(out.items[3]).toMatchObject({ purpose: 'BIKE', type: 'OTHER' });
    // A car park without a reading is served unknown, and exported so.
    expect(out.items[4]).toMatchObject({ has_realtime_data: true, realtime_opening_status: 'UNKNOWN' });
    expect(out.items[4].realtime_free_capacity).toBeUndefined();
    for (const item of out.items) {
      expect(Number.isSafeInteger(item.id) && item.id > 0).toBe(true);
      if (item.lat !== undefined) expect(item.lat).toMatch(/^[+-]?[0-9]{0,3}\.?[0-9]{0,7}$/);
    }
  });

  it('parses back through the parkapi adapter to the same values', () => {
    const out = toParkApiV3(parkings);
    const back = parkapiAdapter.parse(Buffer.from(JSON.stringify(out)), ctx);
    expect(back.warnings).toEqual([]);
    const byUid = new Map(out.items.map((i) => [String(i.id), i.original_uid]));
    for (const f of back.facilities) {
      const p = parkings.find((x) => x.id === byUid.get(f.localId)) as Parking;
      expect([p.id, f.name, f.kind, f.capacity, f.address, f.disabledCapacity]).toEqual([
        p.id,
        p.name ?? undefined,
        p.kind,
        p.capacity,
        p.address,
        p.disabled?.capacity,
      ]);
      if (p.location === null) expect(f.location).toBeUndefined();
      else {
        expect(f.location?.lat).toBeCloseTo(p.location.lat, 7);
        expect(f.location?.lon).toBeCloseTo(p.location.lon, 7);
      }
    }
    expect(back.facilities).toHaveLength(5);
    const observed = new Map(back.observations.map((o) => [byUid.get(o.localId), o]));
    for (const p of parkings) {
      const o = observed.get(p.id);
      expect([p.id, o?.free, o?.status, o?.observedAt?.toISOString(), o?.disabledFree]).toEqual([
        p.id,
        p.free,
        p.status,
        p.observedAt,
        p.disabled?.free,
      ]);
    }
  });

  it('keeps ids stable: the same hub id gives the same ParkAPI id', () => {
    expect(numericId('city:p1')).toBe(numericId('city:p1'));
    expect(numericId('city:p1')).not.toBe(numericId('city:p2'));
  });
});
