import type { FacilityRecord, ParkingParseResult } from './parking.model.js';
import { changedParkings } from './parking-diff.js';
import { referenceDetails } from './parking-details.js';
import { normalizeParkings } from './parking-normalizer.js';
import type { StoredParking } from './stored-parking.js';

const receivedAt = new Date('2026-11-28T10:00:00Z');
const base = { localId: 'a', name: 'Carnot', location: { lat: 46.58, lon: 0.34 }, capacity: 100 };

function run(
  parsed: Partial<ParkingParseResult>,
  reference?: FacilityRecord[],
  previous = new Map<string, StoredParking>(),
) {
  return normalizeParkings({
    sourceId: 'src',
    parsed: { facilities: [], observations: [], warnings: [], ...parsed },
    reference,
    receivedAt,
    previous,
    frozenAfterMs: 3 * 3_600_000,
  });
}

describe('the facility details in the normaliser', () => {
  it('serves none of the new fields when no record has them', () => {
    const { parkings } = run({ facilities: [base], observations: [{ localId: 'a', free: 4 }] });
    const keys = Object.keys(parkings[0].parking);
    for (const key of [
      'evCharging',
      'restrictedSpaces',
      'openingHours',
      'fees',
      'maxHeightCm',
      'maxStayMinutes',
      'osmId',
      'url',
    ]) {
      expect(keys).not.toContain(key);
    }
  });

  it('joins reference details with realtime counts; count pairs carry null for the unknown side', () => {
    // What the reference record tells beyond the counts, served as it is.
    const served = {
      openingHours: 'Mo-Sa 07:00-20:00',
      fees: { hasFee: true, description: '2 EUR / h' },
      maxHeightCm: 210,
      maxStayMinutes: 480,
      parkAndRide: true,
      publicTransportModes: ['train'],
      operatorName: 'Op',
      osmId: 'way/42',
      wheelchair: 'limited',
      url: 'https://example.org/p',
    } satisfies Partial<FacilityRecord>;
    const details = { evChargingCapacity: 6, restrictedCapacity: { women: 10, family: 4 }, ...served };
    // A copy: what the normaliser is given is not what the results are compared with.
    const reference: FacilityRecord[] = [{ ...base, ...structuredClone(details) }];
    const { parkings } = run(
      { observations: [{ localId: 'a', free: 40, evChargingFree: 2, restrictedFree: { women: 3, truck: 1 } }] },
      reference,
    );
    expect(parkings[0].parking).toMatchObject({
      evCharging: { capacity: 6, free: 2 },
      // In RESTRICTED_SPACE_KINDS order: women, family, truck.
      restrictedSpaces: [
        { kind: 'women', capacity: 10, free: 3 },
        { kind: 'family', capacity: 4, free: null },
        { kind: 'truck', capacity: null, free: 1 },
      ],
      ...served,
    });
    expect(referenceDetails(parkings[0].parking)).toEqual(details);
  });

  it('refuses counts out of range in the details with value-out-of-range, keeping the others', () => {
    const { parkings, warnings } = run({
      facilities: [{ ...base, evChargingCapacity: -1, maxHeightCm: 1e300, restrictedCapacity: { women: 2, bus: 2.5 } }],
      observations: [{ localId: 'a', free: 4, restrictedFree: { women: -3 } }],
    });
    const p = parkings[0].parking;
    expect(p.evCharging).toBeUndefined();
    expect(p.maxHeightCm).toBeUndefined();
    expect(p.restrictedSpaces).toEqual([{ kind: 'women', capacity: 2, free: null }]);
    expect(p.quality).toContain('value-out-of-range');
    expect(warnings.map((w) => w.message.split(' ')[0])).toEqual([
      'evChargingCapacity',
      'maxHeightCm',
      'restrictedCapacity.bus',
      'restrictedFree.women',
    ]);
  });

  it('drops an openingHours that is not OpenStreetMap opening_hours syntax, with an INVALID_VALUE warning; the rest kept', () => {
    const hours = [
      '24/7',
      'Mo-Fr 08:00-18:30; Sa 09:00-12:00; PH off',
      'sunrise-sunset',
      'täglich 8-18 Uhr',
      '08h-19h',
    ];
    const { parkings, warnings } = run({
      facilities: hours.map((openingHours, i) => ({ ...base, localId: `p${i}`, openingHours })),
    });
    expect(parkings.map((p) => [p.parking.id, p.parking.openingHours, p.parking.capacity])).toEqual([
      ['src:p0', '24/7', 100],
      ['src:p1', 'Mo-Fr 08:00-18:30; Sa 09:00-12:00; PH off', 100],
      ['src:p2', 'sunrise-sunset', 100],
      ['src:p3', undefined, 100],
      ['src:p4', undefined, 100],
    ]);
    expect(parkings.every((p) => !p.parking.quality.includes('value-out-of-range'))).toBe(true);
    expect(warnings.map((w) => [w.code, w.ref, w.message])).toEqual([
      ['INVALID_VALUE', 'p3', 'openingHours "täglich 8-18 Uhr" is not OpenStreetMap opening_hours syntax; ignored'],
      ['INVALID_VALUE', 'p4', 'openingHours "08h-19h" is not OpenStreetMap opening_hours syntax; ignored'],
    ]);
  });

  it('is news to clients when only a detail changed, and not when the same details come again', () => {
    const withDetails = (openingHours: string, fees: { hasFee: boolean }, previous?: Map<string, StoredParking>) =>
      run({ facilities: [{ ...base, openingHours, fees }] }, undefined, previous);
    const first = withDetails('24/7', { hasFee: true });
    const previous = new Map(first.parkings.map((s) => [s.parking.id, JSON.parse(JSON.stringify(s)) as StoredParking]));
    const same = withDetails('24/7', { hasFee: true }, previous);
    expect(changedParkings(same.parkings, previous)).toEqual([]);
    const hours = withDetails('Mo-Fr 08:00-18:00', { hasFee: true }, previous);
    expect(changedParkings(hours.parkings, previous)).toHaveLength(1);
    const fees = withDetails('24/7', { hasFee: false }, previous);
    expect(changedParkings(fees.parkings, previous)).toHaveLength(1);
    const stay = run({ facilities: [{ ...base, openingHours: '24/7', fees: { hasFee: true }, maxStayMinutes: 120 }] });
    expect(changedParkings(stay.parkings, previous)).toHaveLength(1);
  });
});
