import type { ParkingParseResult } from './parking.model.js';
import { normalizeParkings, type NormalizeInput } from './parking-normalizer.js';
import { changedParkings } from './parking-diff.js';
import type { StoredParking } from './stored-parking.js';
import { encodeMoves, recordMove } from './usual-moves.js';

const receivedAt = new Date('2026-11-28T10:00:00Z');
const at = (iso: string) => new Date(iso);

function run(parsed: Partial<ParkingParseResult>, extra: Partial<NormalizeInput> = {}) {
  return normalizeParkings({
    sourceId: 'src',
    parsed: { facilities: [], observations: [], warnings: [], ...parsed },
    receivedAt,
    previous: new Map(),
    frozenAfterMs: 3 * 3_600_000,
    ...extra,
  });
}

const facility = { localId: 'a', name: 'Carnot', location: { lat: 46.58, lon: 0.34 }, capacity: 100 };

describe('normalizeParkings', () => {
  it('prefixes ids with the source and derives occupied and status', () => {
    const { parkings } = run({
      facilities: [facility],
      observations: [{ localId: 'a', free: 40, observedAt: at('2026-11-28T09:59:00Z') }],
    });
    expect(parkings).toHaveLength(1);
    const p = parkings[0].parking;
    expect(p).toMatchObject({
      id: 'src:a',
      source: 'src',
      name: 'Carnot',
      capacity: 100,
      free: 40,
      occupied: 60,
      status: 'open',
      trend: 'unknown',
      quality: [],
    });
    expect(p.observedAt).toBe('2026-11-28T09:59:00.000Z');
    expect(p.receivedAt).toBe('2026-11-28T10:00:00.000Z');
  });

  it('rejects a negative free count and flags it', () => {
    const p = run({ facilities: [facility], observations: [{ localId: 'a', free: -3 }] }).parkings[0].parking;
    expect(p.free).toBeNull();
    expect(p.quality).toContain('free-negative-rejected');
  });

  it('clamps free above capacity and flags it', () => {
    const p = run({ facilities: [facility], observations: [{ localId: 'a', free: 130 }] }).parkings[0].parking;
    expect(p.free).toBe(100);
    expect(p.occupied).toBe(0);
    expect(p.quality).toContain('free-over-capacity-clamped');
  });

  it('flags closed with free places', () => {
    const p = run({ facilities: [facility], observations: [{ localId: 'a', free: 12, status: 'closed' }] }).parkings[0]
      .parking;
    expect(p.status).toBe('closed');
    expect(p.quality).toContain('closed-with-free');
  });

  it('keeps the latest of duplicate ids and flags it', () => {
    const p = run({
      facilities: [facility],
      observations: [
        { localId: 'a', free: 10, observedAt: at('2026-11-28T09:58:00Z') },
        { localId: 'a', free: 20, observedAt: at('2026-11-28T09:59:00Z') },
        { localId: 'a', free: 15, observedAt: at('2026-11-28T09:57:00Z') },
      ],
    }).parkings[0].parking;
    expect(p.free).toBe(20);
    expect(p.quality).toContain('duplicate-id');
  });

  it('estimates a clock running 10 minutes ahead and corrects observations', () => {
    const out = run({
      facilities: [facility],
      observations: [{ localId: 'a', free: 5, observedAt: at('2026-11-28T10:10:00Z') }],
    });
    expect(out.clockSkewMs).toBe(600_000);
    expect(out.parkings[0].parking.observedAt).toBe('2026-11-28T10:00:00.000Z');
    expect(out.parkings[0].parking.quality).toContain('clock-skew-corrected');
  });

  it('does not call 30 s of jitter a skew', () => {
    const out = run({
      facilities: [facility],
      observations: [{ localId: 'a', free: 5, observedAt: at('2026-11-28T10:00:30Z') }],
    });
    expect(out.clockSkewMs).toBe(0);
  });

  it('keeps facilities lacking name and location, flagged', () => {
    const p = run({ observations: [{ localId: 'x', free: 3, capacity: 10 }] }).parkings[0].parking;
    expect(p.name).toBeNull();
    expect(p.location).toBeNull();
    expect(p.quality).toEqual(['missing-location', 'missing-name']);
  });

  it('fills location and capacity from the static reference, realtime fields winning', () => {
    const p = run(
      { facilities: [{ localId: 'a', name: 'Carnot (live)' }], observations: [{ localId: 'a', free: 5 }] },
      { reference: [{ localId: 'a', name: 'Carnot', capacity: 300, location: { lat: 1, lon: 2 } }] },
    ).parkings[0].parking;
    expect(p).toMatchObject({ name: 'Carnot (live)', capacity: 300, location: { lat: 1, lon: 2 }, free: 5 });
  });

  it('derives free from occupied and capacity', () => {
    const p = run({ facilities: [facility], observations: [{ localId: 'a', occupied: 70 }] }).parkings[0].parking;
    expect(p.free).toBe(30);
  });

  it('serves a static-only facility with unknown free', () => {
    const p = run({ facilities: [facility] }).parkings[0].parking;
    expect(p).toMatchObject({ free: null, status: 'unknown' });
    expect(p.quality).toContain('no-realtime');
  });

  it('computes the trend and flags a counter frozen for hours while open', () => {
    const first = run({
      facilities: [facility],
      observations: [{ localId: 'a', free: 50, observedAt: at('2026-11-28T06:00:00Z') }],
    });
    const previous = new Map(first.parkings.map((s) => [s.parking.id, s]));
    const filling = run(
      { facilities: [facility], observations: [{ localId: 'a', free: 45, observedAt: at('2026-11-28T06:05:00Z') }] },
      { previous },
    );
    expect(filling.parkings[0].parking.trend).toBe('filling');

    const since = new Map(filling.parkings.map((s) => [s.parking.id, s]));
    const later = run(
      { facilities: [facility], observations: [{ localId: 'a', free: 45, observedAt: at('2026-11-28T09:30:00Z') }] },
      { previous: since },
    );
    expect(later.parkings[0].valueSince).toBe('2026-11-28T06:05:00.000Z');
    expect(later.parkings[0].parking.trend).toBe('filling');
    expect(later.parkings[0].parking.quality).toContain('frozen');
  });
});

describe('normalizeParkings: bounded values (one absurd record costs the others nothing)', () => {
  const b = { localId: 'b', name: 'Gare', location: { lat: 46.59, lon: 0.33 }, capacity: 200 };

  it('refuses a count past 1,000,000 or not finite, flags it, keeps the rest of the record and the others', () => {
    const out = run({
      facilities: [facility, { ...b, capacity: 1e300 }],
      observations: [
        { localId: 'a', free: 40 },
        { localId: 'b', free: 12, capacity: 1e300, disabledFree: Number.POSITIVE_INFINITY },
      ],
    });
    const [a, bad] = out.parkings.map((s) => s.parking);
    expect(a).toMatchObject({ capacity: 100, free: 40, quality: [] });
    expect(bad).toMatchObject({ name: 'Gare', capacity: null, free: 12, occupied: null });
    expect(bad.disabled).toBeUndefined();
    expect(bad.quality).toContain('value-out-of-range');
    expect(out.warnings.map((w) => [w.code, w.ref])).toEqual([
      ['VALUE_OUT_OF_RANGE', 'b'],
      ['VALUE_OUT_OF_RANGE', 'b'],
      ['VALUE_OUT_OF_RANGE', 'b'],
    ]);
  });

  it('refuses NaN, fractions and negative capacities; a point off the globe', () => {
    const out = run({
      facilities: [{ localId: 'a', capacity: -5, location: { lat: 95, lon: 0 } }],
      observations: [{ localId: 'a', free: Number.NaN, occupied: 2.5 }],
    });
    const p = out.parkings[0].parking;
    expect(p).toMatchObject({ capacity: null, free: null, occupied: null, location: null });
    expect(p.quality).toEqual(expect.arrayContaining(['value-out-of-range', 'missing-location']));
    expect(out.warnings).toHaveLength(4);
  });

  it('flags a record dated 2999 without moving the others; live uses the receive time, no history', () => {
    const out = run({
      facilities: [facility, b],
      observations: [
        { localId: 'a', free: 40, observedAt: at('2026-11-28T09:59:00Z') },
        { localId: 'b', free: 12, observedAt: at('2999-01-01T00:00:00Z') },
      ],
    });
    const [a, future] = out.parkings.map((s) => s.parking);
    expect(out.clockSkewMs).toBe(0);
    expect(a.observedAt).toBe('2026-11-28T09:59:00.000Z');
    expect(a.quality).toEqual([]);
    expect(future.observedAt).toBe(receivedAt.toISOString());
    expect(future.quality).toContain('observed-at-out-of-range');
    expect(out.warnings.map((w) => [w.code, w.ref])).toEqual([['OBSERVED_AT_OUT_OF_RANGE', 'b']]);
  });

  it('flags an observation older than the history retention and keeps its stated time', () => {
    const out = run(
      { facilities: [facility], observations: [{ localId: 'a', free: 40, observedAt: at('2024-01-01T00:00:00Z') }] },
      { historyRetentionMs: 400 * 86_400_000 },
    );
    const p = out.parkings[0].parking;
    expect(p.observedAt).toBe('2024-01-01T00:00:00.000Z');
    expect(p.quality).toContain('observed-at-out-of-range');
    const recent = run(
      { facilities: [facility], observations: [{ localId: 'a', free: 40, observedAt: at('2026-01-01T00:00:00Z') }] },
      { historyRetentionMs: 400 * 86_400_000 },
    );
    expect(recent.parkings[0].parking.quality).toEqual([]);
  });

  it('warns once per repeated id, latest wins', () => {
    const out = run({
      facilities: [facility, { ...facility, name: 'Carnot bis' }],
      observations: [
        { localId: 'a', free: 10, observedAt: at('2026-11-28T09:58:00Z') },
        { localId: 'a', free: 20, observedAt: at('2026-11-28T09:58:00Z') },
      ],
    });
    expect(out.parkings[0].parking).toMatchObject({ name: 'Carnot bis', free: 20 });
    expect(out.parkings[0].parking.quality).toContain('duplicate-id');
    expect(out.warnings.map((w) => [w.code, w.ref])).toEqual([['DUPLICATE_ID', 'a']]);
  });
});

describe('changedParkings', () => {
  const poll = (free: number, observedAt: string) =>
    run({ facilities: [facility], observations: [{ localId: 'a', free, observedAt: at(observedAt) }] }).parkings;

  it('ignores a re-publication of the same counts with a new time', () => {
    const before: Map<string, StoredParking> = new Map(poll(40, '2026-11-28T09:00:00Z').map((s) => [s.parking.id, s]));
    expect(changedParkings(poll(40, '2026-11-28T09:01:00Z'), before)).toHaveLength(0);
    expect(changedParkings(poll(39, '2026-11-28T09:02:00Z'), before)).toHaveLength(1);
  });

  it('treats a new facility as a change', () => {
    expect(changedParkings(poll(40, '2026-11-28T09:00:00Z'), new Map())).toHaveLength(1);
  });
});

describe('normalizeParkings: stale as written (what the live feed pushes)', () => {
  const LIMIT = 3 * 60_000;
  const stale = (observedAt: string, extra: Partial<NormalizeInput> = {}) =>
    run(
      { facilities: [facility], observations: [{ localId: 'a', free: 40, observedAt: at(observedAt) }] },
      { staleAfterMs: LIMIT, ...extra },
    ).parkings[0]?.parking.stale;

  it('is true when the car park’s own time is older than the source’s limit on arrival (a dead sensor, 1970)', () => {
    expect(stale('1970-01-01T00:00:00Z')).toBe(true);
    expect(stale('2026-11-28T09:56:59Z')).toBe(true);
    expect(stale('2026-11-28T09:57:01Z')).toBe(false);
  });

  it('is false for a source whose times are change times (it has just polled)', () => {
    expect(stale('2026-11-28T08:00:00Z', { timestamps: 'change' })).toBe(false);
  });

  it('makes a car park whose time crossed the limit a change, though its counts did not move', () => {
    const poll = (receivedIso: string) =>
      normalizeParkings({
        sourceId: 'src',
        parsed: {
          facilities: [facility],
          observations: [{ localId: 'a', free: 40, observedAt: at('2026-11-28T10:00:00Z') }],
          warnings: [],
        },
        receivedAt: at(receivedIso),
        previous: new Map(),
        frozenAfterMs: 3 * 3_600_000,
        staleAfterMs: LIMIT,
      }).parkings;
    const fresh = poll('2026-11-28T10:01:00Z');
    const before: Map<string, StoredParking> = new Map(fresh.map((s) => [s.parking.id, s]));
    expect(changedParkings(poll('2026-11-28T10:02:00Z'), before)).toHaveLength(0);
    const later = changedParkings(poll('2026-11-28T10:04:00Z'), before);
    expect(later.map((s) => s.parking.stale)).toEqual([true]);
  });
});

describe('normalizeParkings: frozen against the car park’s usual moves', () => {
  const HOURS_3 = 3 * 3_600_000;
  /** A week of moves (Mon 2026-11-23 to Fri): every day at 08, 12, 18 and 21 h UTC, never at night. */
  function weekOfMoves(): string {
    let moves = recordMove(undefined, Date.parse('2026-11-23T08:05:00Z'));
    for (const day of ['23', '24', '25', '26', '27']) {
      for (const hour of ['08', '12', '18', '21'])
        moves = recordMove(moves, Date.parse(`2026-11-${day}T${hour}:05:00Z`));
    }
    return encodeMoves(moves);
  }
  const poll = (observedIso: string, previous: StoredParking) =>
    normalizeParkings({
      sourceId: 'src',
      parsed: {
        facilities: [facility],
        observations: [{ localId: 'a', free: 40, observedAt: at(observedIso) }],
        warnings: [],
      },
      receivedAt: at(observedIso),
      previous: new Map([['src:a', previous]]),
      frozenAfterMs: HOURS_3,
    }).parkings[0];
  const unchangedSince = (valueSince: string, moves?: string, quality: string[] = []): StoredParking => ({
    parking: {
      ...(run({ facilities: [facility], observations: [{ localId: 'a', free: 40, observedAt: at(valueSince) }] })
        .parkings[0]?.parking as StoredParking['parking']),
      quality: quality as StoredParking['parking']['quality'],
    },
    valueSince,
    ...(moves === undefined ? {} : { moves }),
  });

  it('is not flagged through a night in which it never moves', () => {
    // Unchanged from Tuesday 22:00 to Wednesday 06:00 (8 h), in the week after the week of moves.
    const out = poll('2026-12-02T06:00:00Z', unchangedSince('2026-12-01T22:00:00Z', weekOfMoves()));
    expect(out?.parking.quality).not.toContain('frozen');
    expect(out?.moves).toBe(weekOfMoves());
  });

  it('is flagged through daytime hours in which it moves, and without a week of moves behind it', () => {
    const day = poll('2026-12-02T13:00:00Z', unchangedSince('2026-12-02T09:30:00Z', weekOfMoves()));
    expect(day?.parking.quality).toContain('frozen');
    const young = poll('2026-12-02T06:00:00Z', unchangedSince('2026-12-01T22:00:00Z'));
    expect(young?.parking.quality).toContain('frozen');
  });

  it('stays flagged while its count does not move, however long', () => {
    const stuck = poll('2026-12-30T06:00:00Z', unchangedSince('2026-12-01T22:00:00Z', weekOfMoves(), ['frozen']));
    expect(stuck?.parking.quality).toContain('frozen');
  });

  it('a change marks that hour of the week', () => {
    const previous = unchangedSince('2026-12-02T08:00:00Z', weekOfMoves());
    previous.parking.free = 41;
    const moved = poll('2026-12-02T08:30:00Z', previous);
    expect(moved?.moves).not.toBe(weekOfMoves());
    expect(moved?.parking.quality).not.toContain('frozen');
  });
});
