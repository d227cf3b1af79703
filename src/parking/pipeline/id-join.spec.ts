import type { ParkingParseResult } from '../parking.model.js';
import { joinIds } from './id-join.js';
import { pollChanges, pollFacilityIds, type PollInput } from './poll-changes.js';

/** Issue #15: realtime `1230[P+R Name]` and static `1230` are one car park once the source's id rule says so. */

const receivedAt = new Date('2025-05-09T10:00:00Z');

function input(parsed: Partial<ParkingParseResult>, reference?: PollInput['reference']): PollInput {
  return {
    sourceId: 'vrs',
    parsed: { facilities: [], observations: [], warnings: [], ...parsed },
    reference,
    receivedAt,
    frozenAfterMs: 3_600_000,
  };
}

const realtime = input(
  {
    observations: [
      { localId: '1230[P+R Bondorf]', free: 215, capacity: 313, observedAt: receivedAt },
      { localId: '77[P+R Gärtringen]', free: 12, observedAt: receivedAt },
      { localId: 'Z9', free: 3, observedAt: receivedAt },
    ],
  },
  [
    { localId: '1230', name: 'P+R Bondorf', location: { lat: 48.5209, lon: 8.8367 }, capacity: 313 },
    { localId: '77', name: 'P+R Gärtringen', location: { lat: 48.6409, lon: 8.9003 } },
    { localId: '5', name: 'P+R Nufringen (no sensors)' },
  ],
);

describe('joinIds', () => {
  it('without a rule, the two id schemes do not join and the realtime ids that found no static are one warning', () => {
    const joined = joinIds(realtime);
    expect(pollFacilityIds(joined)).toHaveLength(6);
    expect(joined.parsed.warnings).toEqual([
      {
        code: 'STATIC_UNJOINED',
        message:
          '3 realtime ids have no facility in the static reference: 1230[P+R Bondorf], 77[P+R Gärtringen], Z9 ' +
          '(3 static facilities have no realtime record); see idPattern',
        ref: 'static',
      },
    ]);
  });

  it('with idPattern, realtime and static ids are joined on the capture; the rest is listed', () => {
    const joined = joinIds(realtime, '^(\\d+)');
    const { changed } = pollChanges(joined, new Map());
    const byId = new Map(changed.map((s) => [s.parking.id, s.parking]));
    expect([...byId.keys()].sort()).toEqual(['vrs:1230', 'vrs:5', 'vrs:77', 'vrs:Z9']);
    expect(byId.get('vrs:1230')).toMatchObject({
      name: 'P+R Bondorf',
      location: { lat: 48.5209, lon: 8.8367 },
      capacity: 313,
      free: 215,
    });
    expect(byId.get('vrs:77')?.location).toEqual({ lat: 48.6409, lon: 8.9003 });
    expect(joined.parsed.warnings).toEqual([
      {
        code: 'STATIC_UNJOINED',
        message:
          '1 realtime id has no facility in the static reference: Z9 (1 static facility has no realtime record); see idPattern',
        ref: 'static',
      },
    ]);
  });

  it('two ids with the same capture are one car park: the later reading wins, flagged duplicate-id', () => {
    const twice = input({
      observations: [
        { localId: '12[Nord]', free: 5, observedAt: new Date('2025-05-09T09:58:00Z') },
        { localId: '12[Süd]', free: 8, observedAt: new Date('2025-05-09T09:59:00Z') },
      ],
    });
    const { changed } = pollChanges(joinIds(twice, '^(\\d+)'), new Map());
    expect(changed.map((s) => [s.parking.id, s.parking.free, s.parking.quality.includes('duplicate-id')])).toEqual([
      ['vrs:12', 8, true],
    ]);
  });

  it('lists at most 20 ids and says how many more', () => {
    const many = input({ observations: Array.from({ length: 25 }, (_, i) => ({ localId: `x${i}`, free: 1 })) }, [
      { localId: 'only' },
    ]);
    const [warning] = joinIds(many).parsed.warnings;
    expect(warning?.message).toContain('25 realtime ids have no facility in the static reference: x0, x1,');
    expect(warning?.message).toContain('x19 and 5 more');
  });

  it('says nothing without a static reference, or when the reference is empty (failed: STATIC_UNAVAILABLE says it)', () => {
    const alone = input({ observations: [{ localId: '1230[P+R Bondorf]', free: 1 }] });
    expect(joinIds(alone, '^(\\d+)').parsed.observations[0]?.localId).toBe('1230');
    expect(joinIds(alone, '^(\\d+)').parsed.warnings).toEqual([]);
    expect(joinIds(input({ observations: [{ localId: 'a', free: 1 }] }, [])).parsed.warnings).toEqual([]);
  });

  it('does not change the records it was given (a parked parse is joined again on the next run)', () => {
    const before = JSON.stringify(realtime);
    joinIds(realtime, '^(\\d+)');
    expect(JSON.stringify(realtime)).toBe(before);
  });
});
