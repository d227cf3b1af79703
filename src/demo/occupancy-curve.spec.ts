import { bump, dailyShape, expectedLoad, plateau, readCarPark, stepStartMs } from './occupancy-curve.js';
import { POITIERS_CAR_PARKS } from './poitiers-car-parks.js';
import type { DemoCarPark } from './poitiers-car-parks.js';

const park = (name: string): DemoCarPark => {
  const found = POITIERS_CAR_PARKS.find((p) => p.name === name);
  if (found === undefined) throw new Error(`no car park ${name}`);
  return found;
};

// Tuesday 10 March 2026, 11:00 in Poitiers (UTC+1).
const TUESDAY_11H = Date.parse('2026-03-10T10:00:00Z');

describe('occupancy curve', () => {
  it('has bell and plateau shapes that peak at 1', () => {
    expect(bump(11, 11, 2)).toBe(1);
    expect(bump(13, 11, 2)).toBeCloseTo(Math.exp(-0.5), 10);
    expect(plateau(12, 7.5, 18, 1.2)).toBe(1);
    expect(plateau(3, 7.5, 18, 1.2)).toBe(0);
    expect(plateau(23, 7.5, 18, 1.2)).toBe(0);
  });

  it('is low at night, peaks late morning and afternoon, and differs at weekends', () => {
    const shape = (h: number, weekend = false): number => dailyShape('city-centre', h, weekend);
    expect(shape(3)).toBeLessThan(0.01);
    expect(shape(11)).toBeCloseTo(1, 5);
    expect(shape(16)).toBeGreaterThan(0.9);
    expect(shape(13.5)).toBeLessThan(shape(11));
    expect(shape(11, true)).toBeLessThan(shape(15, true));
    // A park-and-ride empties at weekends.
    const pr = park('P+R MILETRIE');
    expect(expectedLoad(pr, 12, false)).toBeCloseTo(0.88, 5);
    expect(expectedLoad(pr, 12, true)).toBeLessThan(0.2);
  });

  it('keeps free places within [0, capacity] all day, for every car park', () => {
    const dayStart = Date.parse('2026-03-09T23:00:00Z');
    for (const p of POITIERS_CAR_PARKS) {
      for (let t = dayStart; t < dayStart + 86_400_000; t += 7 * 60_000) {
        const r = readCarPark(p, t, 1);
        expect(r.free).toBeGreaterThanOrEqual(0);
        expect(r.free).toBeLessThanOrEqual(p.capacity);
        expect(r.free + r.occupied).toBe(p.capacity);
      }
    }
  });

  it('is a pure function of (car park, seed, 5-second step)', () => {
    const hdv = park('HOTEL DE VILLE');
    const a = readCarPark(hdv, TUESDAY_11H + 1_000, 7);
    const b = readCarPark(hdv, TUESDAY_11H + 4_999, 7);
    expect(b).toEqual(a);
    expect(a.measuredAtMs).toBe(stepStartMs(TUESDAY_11H));
    expect(readCarPark(hdv, TUESDAY_11H, 8).free).not.toBe(a.free);
  });

  it('moves within a minute so a hub polling every 5-10 s sees changes', () => {
    const changed = POITIERS_CAR_PARKS.filter(
      (p) => readCarPark(p, TUESDAY_11H, 1).free !== readCarPark(p, TUESDAY_11H + 60_000, 1).free,
    );
    expect(changed.length).toBeGreaterThanOrEqual(5);
  });

  it('fills THEATRE (COMPLET) at the weekday late-morning peak', () => {
    const r = readCarPark(park('THEATRE'), TUESDAY_11H, 1);
    expect(r).toMatchObject({ free: 0, occupied: 320, state: 'COMPLET' });
  });

  it('closes CORDELIERS (FERME) between 01:00 and 06:00 local time only', () => {
    const cordeliers = park('CORDELIERS');
    expect(readCarPark(cordeliers, Date.parse('2026-03-10T02:00:00Z'), 1).state).toBe('FERME'); // 03:00
    expect(readCarPark(cordeliers, Date.parse('2026-03-10T04:59:55Z'), 1).state).toBe('FERME'); // 05:59:55
    expect(readCarPark(cordeliers, Date.parse('2026-03-10T05:00:00Z'), 1).state).toBe('OUVERT'); // 06:00
    expect(readCarPark(cordeliers, Date.parse('2026-03-09T23:59:55Z'), 1).state).toBe('OUVERT'); // 00:59:55
    // Summer time: 03:00 local is 01:00Z.
    expect(readCarPark(cordeliers, Date.parse('2026-07-10T01:00:00Z'), 1).state).toBe('FERME');
  });
});
