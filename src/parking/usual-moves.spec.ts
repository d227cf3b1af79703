import { decodeMoves, encodeMoves, recordMove, slotOf, usuallyUnchangedBetween, weekOf } from './usual-moves.js';

const at = (iso: string): number => Date.parse(iso);

describe('usual moves of a car park (hours of the week its count changes in)', () => {
  it('numbers weeks from Mondays and slots from Monday 00:00 UTC', () => {
    expect(slotOf(at('2026-11-30T00:30:00Z'))).toBe(0); // a Monday
    expect(slotOf(at('2026-12-06T23:59:00Z'))).toBe(167); // the Sunday after
    expect(weekOf(at('2026-12-06T23:59:00Z'))).toBe(weekOf(at('2026-11-30T00:00:00Z')));
    expect(weekOf(at('2026-12-07T00:00:00Z'))).toBe(weekOf(at('2026-11-30T00:00:00Z')) + 1);
  });

  it('calls a night quiet once a week of moves says it never moves at night', () => {
    let moves = recordMove(undefined, at('2026-11-23T08:10:00Z')); // Monday, week 1
    for (const day of ['23', '24', '25', '26', '27']) {
      for (const hour of ['08', '12', '18', '21']) moves = recordMove(moves, at(`2026-11-${day}T${hour}:05:00Z`));
    }
    moves = recordMove(moves, at('2026-12-01T09:00:00Z')); // Tuesday, week 2
    // Tuesday night 22:00 to Wednesday 06:00: no move in those hours, this week or last.
    expect(usuallyUnchangedBetween(moves, at('2026-12-01T22:00:00Z'), at('2026-12-02T06:30:00Z'))).toBe(true);
    // The same span reaching into 08:00, when it moved last week: not usual.
    expect(usuallyUnchangedBetween(moves, at('2026-12-01T22:00:00Z'), at('2026-12-02T08:30:00Z'))).toBe(false);
  });

  it('says nothing before a full week of moves, nor after two weeks without any', () => {
    const young = recordMove(undefined, at('2026-12-01T09:00:00Z'));
    expect(usuallyUnchangedBetween(young, at('2026-12-01T22:00:00Z'), at('2026-12-02T06:00:00Z'))).toBe(false);
    expect(usuallyUnchangedBetween(undefined, 0, 1)).toBe(false);
    const old = recordMove(recordMove(undefined, at('2026-11-02T09:00:00Z')), at('2026-11-10T09:00:00Z'));
    // Weeks later both masks have rolled off: nothing moved in any hour, so every span looks usual...
    expect(usuallyUnchangedBetween(old, at('2026-12-01T22:00:00Z'), at('2026-12-02T06:00:00Z'))).toBe(true);
    // ...which is why a car park already flagged frozen stays flagged (parking-normalizer).
  });

  it('encodes in a short string and decodes back; anything else decodes to nothing', () => {
    const moves = recordMove(recordMove(undefined, at('2026-11-23T08:10:00Z')), at('2026-12-06T23:10:00Z'));
    const text = encodeMoves(moves);
    expect(text.length).toBeLessThan(90);
    expect(decodeMoves(text)).toEqual(moves);
    for (const bad of [undefined, '', 'x', '1.2.3', '1.2.Z.0', `1.2.${'z'.repeat(40)}.0`, 'a.2.1.0']) {
      expect(decodeMoves(bad)).toBeUndefined();
    }
  });
});
