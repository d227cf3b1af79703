import type { StoredParking } from '../stored-parking.js';
import { ParkingStateCopy } from './parking-state-copy.js';

const state = (id: string, free: number): StoredParking =>
  ({ parking: { id, free }, valueSince: '2026-01-01T00:00:00.000Z' }) as unknown as StoredParking;

describe('ParkingStateCopy', () => {
  it('keeps states read at a revision; null is absent, an id never read is unknown', () => {
    const copy = new ParkingStateCopy();
    copy.remember('s', 3, ['s:a', 's:b'], [state('s:a', 1), null]);
    const kept = copy.get('s');
    expect(kept?.revision).toBe(3);
    expect(kept?.states.get('s:a')?.parking.free).toBe(1);
    expect(kept?.states.get('s:b')).toBeNull();
    expect(kept?.states.has('s:c')).toBe(false);
    expect(copy.size()).toBe(2);
  });

  it('replaces the copy when states are read at another revision', () => {
    const copy = new ParkingStateCopy();
    copy.remember('s', 3, ['s:a', 's:b'], [state('s:a', 1), state('s:b', 2)]);
    copy.remember('s', 5, ['s:c'], [null]);
    expect([...(copy.get('s')?.states.keys() ?? [])]).toEqual(['s:c']);
    expect(copy.get('s')?.revision).toBe(5);
    expect(copy.size()).toBe(1);
  });

  it('extends the copy with its own write when the write left the revision at the copied one + 1', () => {
    const copy = new ParkingStateCopy();
    copy.remember('s', 3, ['s:a', 's:b'], [state('s:a', 1), null]);
    copy.written('s', 4, [state('s:b', 7)]);
    expect(copy.get('s')?.revision).toBe(4);
    expect(copy.get('s')?.states.get('s:b')?.parking.free).toBe(7);
    expect(copy.size()).toBe(2);
  });

  it('drops the copy when the write returns any other revision (another write came between)', () => {
    const copy = new ParkingStateCopy();
    copy.remember('s', 3, ['s:a'], [state('s:a', 1)]);
    copy.written('s', 5, [state('s:a', 2)]);
    expect(copy.get('s')).toBeUndefined();
    expect(copy.size()).toBe(0);
  });

  it('drops whole sources, least recently used first, when over the bound', () => {
    const copy = new ParkingStateCopy(4);
    copy.remember('old', 1, ['old:a', 'old:b'], [null, null]);
    copy.remember('mid', 1, ['mid:a', 'mid:b'], [null, null]);
    copy.get('old'); // now 'mid' is the least recently used
    copy.remember('new', 1, ['new:a'], [null]);
    expect(copy.get('mid')).toBeUndefined();
    expect(copy.get('old')?.states.size).toBe(2);
    expect(copy.get('new')?.states.size).toBe(1);
    expect(copy.size()).toBe(3);
  });

  it('does not keep a source larger than the bound, but hands its states to the caller', () => {
    const copy = new ParkingStateCopy(2);
    copy.remember('small', 1, ['small:a'], [null]);
    const used = copy.remember('big', 1, ['big:a', 'big:b', 'big:c'], [null, null, state('big:c', 3)]);
    expect(used.states.get('big:c')?.parking.free).toBe(3);
    expect(copy.get('big')).toBeUndefined();
    expect(copy.get('small')).toBeUndefined();
    expect(copy.size()).toBe(0);
  });
});
