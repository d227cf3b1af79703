import type { FacilityRecord, ParkingParseResult } from './parking.model.js';
import { changedParkings } from './parking-diff.js';
import { referenceDetails } from './parking-details.js';
import { toHistoryBatch } from './parking-history.mapper.js';
import { normalizeParkings } from './parking-normalizer.js';
import type { StoredParking } from './stored-parking.js';

/**
 * Issue #15: a feed that says a car park has charging points or disabled places without saying how
 * many (NGSI facilities / category, a mapping yes / no key). Served as the count pair with both
 * counts null; a count, when a feed gives one, wins.
 */
const receivedAt = new Date('2026-11-28T10:00:00Z');
const base = { localId: 'a', name: 'Carnot', location: { lat: 46.58, lon: 0.34 }, capacity: 100 };

function run(
  facilities: FacilityRecord[],
  previous = new Map<string, StoredParking>(),
  parsed?: Partial<ParkingParseResult>,
) {
  return normalizeParkings({
    sourceId: 'src',
    parsed: { facilities, observations: [{ localId: 'a', free: 4 }], warnings: [], ...parsed },
    receivedAt,
    previous,
    frozenAfterMs: 3 * 3_600_000,
  }).parkings;
}

const held = (parkings: StoredParking[]) =>
  new Map(parkings.map((s) => [s.parking.id, JSON.parse(JSON.stringify(s)) as StoredParking]));

describe('charging points and disabled places known to exist, count unknown', () => {
  it('serves both pairs with null counts, and says so in the reference details', () => {
    const [{ parking }] = run([{ ...base, evChargingPresent: true, disabledPresent: true }]);
    expect(parking.evCharging).toEqual({ capacity: null, free: null });
    expect(parking.disabled).toEqual({ capacity: null, free: null });
    expect(referenceDetails(parking)).toEqual({ evChargingPresent: true, disabledPresent: true });
    // The served JSON: the pairs where they always are (disabled, then evCharging, after the basic fields).
    expect(JSON.stringify(parking)).toContain(
      '"disabled":{"capacity":null,"free":null},"evCharging":{"capacity":null,"free":null}}',
    );
  });

  it('a count wins over the presence; a free count keeps the capacity unknown', () => {
    const [{ parking }] = run(
      [{ ...base, evChargingPresent: true, evChargingCapacity: 6, disabledPresent: true }],
      undefined,
      { observations: [{ localId: 'a', free: 4, disabledFree: 1 }] },
    );
    expect(parking.evCharging).toEqual({ capacity: 6, free: null });
    expect(parking.disabled).toEqual({ capacity: null, free: 1 });
    expect(referenceDetails(parking)).toEqual({ evChargingCapacity: 6, disabledPresent: true });
  });

  it('a feed that says there are none: capacity 0, as a count of 0', () => {
    const [none] = run([{ ...base, evChargingPresent: false, disabledPresent: false }]);
    const [zero] = run([{ ...base, evChargingCapacity: 0, disabledCapacity: 0 }]);
    expect(none.parking.evCharging).toEqual({ capacity: 0, free: null });
    expect(none.parking.disabled).toEqual({ capacity: 0, free: null });
    expect(JSON.stringify(none.parking)).toBe(JSON.stringify(zero.parking));
    expect(referenceDetails(none.parking)).toEqual({ evChargingCapacity: 0 });
  });

  it('without presence or counts nothing is served, as before', () => {
    const [{ parking }] = run([base]);
    expect(Object.keys(parking)).not.toContain('evCharging');
    expect(Object.keys(parking)).not.toContain('disabled');
    expect(referenceDetails(parking)).toBeNull();
  });

  it('appearing or going is news (pushed) and rewrites the facility history row', () => {
    const previous = held(run([base]));
    for (const presence of [{ evChargingPresent: true }, { disabledPresent: true }]) {
      const next = run([{ ...base, ...presence }], previous);
      const changed = changedParkings(next, previous);
      expect(changed).toHaveLength(1);
      expect(toHistoryBatch('src', changed, previous).facilities).toHaveLength(1);
    }
    const present = held(run([{ ...base, evChargingPresent: true, disabledPresent: true }]));
    const again = run([{ ...base, evChargingPresent: true, disabledPresent: true }], present);
    expect(changedParkings(again, present)).toEqual([]);
    const gone = run([base], present);
    expect(toHistoryBatch('src', changedParkings(gone, present), present).facilities).toHaveLength(1);
  });
});
