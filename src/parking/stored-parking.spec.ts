import type { Parking } from './parking.model.js';
import { serializeChange, type StoredParking } from './stored-parking.js';

const parking = (over: Partial<Parking> = {}): Parking => ({
  id: 's:1',
  source: 's',
  name: 'Théâtre "Nord"',
  kind: 'car-park',
  location: { lat: 46.58, lon: 0.34 },
  capacity: 100,
  free: 12,
  occupied: 88,
  status: 'open',
  trend: 'filling',
  observedAt: '2026-01-15T08:00:00.000Z',
  receivedAt: '2026-01-15T08:00:05.000Z',
  stale: false,
  quality: ['clock-skew'],
  ...over,
});

describe('serializeChange', () => {
  it.each([
    ['a located facility', parking()],
    [
      'no location, address and disabled places',
      parking({ location: null, address: 'Rue 1', disabled: { capacity: 4, free: null } }),
    ],
  ])('writes exactly JSON.stringify of the stored state and of the parking (%s)', (_label, p) => {
    const state: StoredParking = { parking: p, valueSince: '2026-01-15T07:00:00.000Z' };
    const out = serializeChange(state);
    expect(out.stored).toBe(JSON.stringify(state));
    expect(out.parking).toBe(JSON.stringify(p));
    expect(out).toMatchObject({ id: p.id, source: 's', location: p.location });
  });
});
