import { parkapiAdapter } from '../../ingest/formats/parkapi/parkapi.adapter.js';
import { addDetails } from '../../parking/parking-details.js';
import { detailsOf } from '../../parking/parking-details.fixture.js';
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

/** Car parks with every facility detail ParkAPI v3 has a field for (and some it has not). */
const detailed: Parking[] = [
  {
    ...base,
    id: 'city:pr-details',
    name: 'P+R Details',
    kind: 'park-and-ride',
    evCharging: { capacity: 10, free: 3 },
    restrictedSpaces: [
      { kind: 'women', capacity: 4, free: 1 },
      { kind: 'family', capacity: 6, free: null },
      { kind: 'carsharing', capacity: null, free: 2 },
      { kind: 'truck', capacity: 2, free: 0 },
      { kind: 'bus', capacity: 1, free: 1 },
    ],
    openingHours: 'Mo-Fr 07:00-22:00; PH off',
    fees: { hasFee: true, description: '2 € je Stunde' },
    maxHeightCm: 200,
    maxStayMinutes: 150,
    parkAndRide: true,
    publicTransportModes: ['train', 'bus'],
    operatorName: 'Stadtwerke Beispiel',
    osmId: 'way/123456',
    url: 'https://example.org/parking/pr',
  },
  { ...base, id: 'city:no-pr', parkAndRide: false, fees: { hasFee: false }, evCharging: { capacity: null, free: 4 } },
];

describe('ParkAPI v3 export: facility details', () => {
  it('writes them in ParkAPI v3 fields', () => {
    const [pr, noPr] = toParkApiV3(detailed).items;
    expect(pr).toMatchObject({
      type: 'OFF_STREET_PARKING_GROUND',
      park_and_ride_type: ['TRAIN', 'BUS'],
      operator_name: 'Stadtwerke Beispiel',
      public_url: 'https://example.org/parking/pr',
      opening_hours: 'Mo-Fr 07:00-22:00; PH off',
      has_fee: true,
      fee_description: '2 € je Stunde',
      max_height: 200,
      // The longest stay for everyone, at all hours: a restriction without type, as the reader takes it.
      restrictions: [{ max_stay: 'PT150M' }],
      external_identifiers: [{ type: 'OSM', value: 'way/123456' }],
      capacity_charging: 10,
      capacity_woman: 4,
      capacity_family: 6,
      capacity_truck: 2,
      capacity_bus: 1,
      realtime_free_capacity_charging: 3,
      realtime_free_capacity_woman: 1,
      realtime_free_capacity_carsharing: 2,
      realtime_free_capacity_truck: 0,
      realtime_free_capacity_bus: 1,
    });
    // Unknown counts are left out, not written as null.
    expect(pr.capacity_carsharing).toBeUndefined();
    expect(pr).not.toHaveProperty('realtime_free_capacity_family');
    expect(noPr).toMatchObject({ type: 'CAR_PARK', park_and_ride_type: ['NO'], has_fee: false });
    expect(noPr).not.toHaveProperty('capacity_charging');
    expect(noPr).not.toHaveProperty('restrictions');
    expect(noPr.realtime_free_capacity_charging).toBe(4);
  });

  it('parses back through the parkapi adapter to the same details', () => {
    const out = toParkApiV3(detailed);
    const back = parkapiAdapter.parse(Buffer.from(JSON.stringify(out)), ctx);
    expect(back.warnings).toEqual([]);
    for (const [i, p] of detailed.entries()) {
      const facility = back.facilities.find((f) => f.localId === String(out.items[i].id));
      const observation = back.observations.find((o) => o.localId === String(out.items[i].id));
      const again = { ...base, id: p.id, kind: facility?.kind ?? 'other' } as Parking;
      addDetails(again, facility, observation);
      expect([p.id, facility?.kind, detailsOf(again)]).toEqual([p.id, p.kind, detailsOf(p)]);
    }
  });

  it('leaves out what ParkAPI v3 has no field for: fee page and prices, wheelchair access, other kinds of places', () => {
    const [site] = toParkApiV3([
      {
        ...base,
        fees: { url: 'https://example.org/fees', prices: [{ minutes: 60, amount: 2, currency: 'EUR' }] },
        wheelchair: 'yes',
        restrictedSpaces: [{ kind: 'taxi', capacity: 3, free: 1 }],
      },
    ]).items;
    expect(Object.keys(site).filter((k) => /fee|wheelchair|taxi|restriction/.test(k))).toEqual([]);
  });

  it('charging points and disabled places without a count: ParkAPI v3 has only count fields, so nothing is written', () => {
    const [site] = toParkApiV3([
      { ...base, disabled: { capacity: null, free: null }, evCharging: { capacity: null, free: null } },
    ]).items;
    expect(Object.keys(site).filter((k) => /charging|disabled/.test(k))).toEqual([]);
  });

  it('a car park marked park-and-ride is written with park_and_ride_type YES (and reads back as a park-and-ride)', () => {
    const out = toParkApiV3([{ ...base, parkAndRide: true }]);
    expect(out.items[0]).toMatchObject({ type: 'CAR_PARK', park_and_ride_type: ['YES'] });
    const back = parkapiAdapter.parse(Buffer.from(JSON.stringify(out)), ctx);
    expect(back.facilities[0]).toMatchObject({ kind: 'park-and-ride', parkAndRide: true });
  });
});
