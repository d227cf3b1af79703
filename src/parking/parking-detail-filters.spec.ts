import { parkingListQuery } from './parking-list.query.js';
import { matchesDetailFilters } from './parking-detail-filters.js';
import type { Parking } from './parking.model.js';

/** Issue #15: "near me with charging" and "wheelchair access" as /v1/parkings filters. */
const base: Parking = {
  id: 's:x',
  source: 's',
  name: 'X',
  kind: 'car-park',
  location: { lat: 46.58, lon: 0.34 },
  capacity: 100,
  free: 10,
  occupied: 90,
  status: 'open',
  trend: 'unknown',
  observedAt: '2026-11-28T10:00:00.000Z',
  receivedAt: '2026-11-28T10:00:00.000Z',
  stale: false,
  quality: [],
};

const PARKINGS: Record<string, Parking> = {
  counted: { ...base, evCharging: { capacity: 6, free: 2 }, disabled: { capacity: 4, free: null }, wheelchair: 'yes' },
  present: { ...base, evCharging: { capacity: null, free: null }, disabled: { capacity: null, free: null } },
  freeOnly: { ...base, evCharging: { capacity: null, free: 3 }, wheelchair: 'limited' },
  none: { ...base, evCharging: { capacity: 0, free: null }, disabled: { capacity: 0, free: null }, wheelchair: 'no' },
  disabledKind: { ...base, kind: 'disabled' },
  silent: base,
};

const matching = (query: Record<string, string>): string[] => {
  const q = parkingListQuery.parse(query);
  return Object.entries(PARKINGS)
    .filter(([, p]) => matchesDetailFilters(p, q))
    .map(([name]) => name);
};

describe('the /v1/parkings detail filters', () => {
  it('evCharging=true: charging points counted or known to exist; not none (capacity 0) nor unsaid', () => {
    expect(matching({ evCharging: 'true' })).toEqual(['counted', 'present', 'freeOnly']);
  });

  it('disabled=true: places for disabled drivers counted or known to exist, and car parks only for them', () => {
    expect(matching({ disabled: 'true' })).toEqual(['counted', 'present', 'disabledKind']);
  });

  it('wheelchair=yes, or a comma list of access values; combined filters all apply', () => {
    expect(matching({ wheelchair: 'yes' })).toEqual(['counted']);
    expect(matching({ wheelchair: 'yes,limited' })).toEqual(['counted', 'freeOnly']);
    expect(matching({ wheelchair: 'no' })).toEqual(['none']);
    expect(matching({ evCharging: 'true', wheelchair: 'limited' })).toEqual(['freeOnly']);
    expect(matching({})).toEqual(Object.keys(PARKINGS));
  });

  it('refuses other values (a 400 naming the parameter)', () => {
    for (const query of [
      { evCharging: 'false' },
      { evCharging: '1' },
      { disabled: 'yes' },
      { wheelchair: 'maybe' },
      { wheelchair: 'yes,' },
    ]) {
      const parsed = parkingListQuery.safeParse(query);
      expect([query, parsed.success]).toEqual([query, false]);
      expect(parsed.error?.issues[0].path).toEqual([Object.keys(query)[0]]);
    }
  });
});
