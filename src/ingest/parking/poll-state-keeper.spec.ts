import { PollStateKeeper, type PollOutcome, type PollTask } from './poll-state-keeper.js';
import { parkingAdapterFor } from '../formats/parking-format.registry.js';

const receivedAt = new Date('2026-01-15T08:00:00Z');
const payload = (free: Record<string, number>): Buffer =>
  Buffer.from(
    JSON.stringify({
      last_updated: '2026-01-15T07:59:00',
      lots: Object.entries(free).map(([id, value]) => ({
        id,
        name: `P ${id}`,
        total: 100,
        free: value,
        state: 'open',
      })),
    }),
  );

const task = (free: Record<string, number>, revision: number): PollTask => ({
  format: 'parkapi',
  bytes: payload(free),
  ctx: { sourceId: 's', receivedAt, format: {} },
  frozenAfterMs: 3 * 3_600_000,
  revision,
});

const parked = (json: string) => {
  const p = JSON.parse(json) as { id: string; free: number; trend: string };
  return [p.id, p.free, p.trend];
};

function changes(outcome: PollOutcome) {
  if (outcome.kind !== 'changes') throw new Error(`expected changes, got ${outcome.kind}`);
  return outcome;
}

/** A first poll of an empty Redis: the keeper asks for every id, then diffs against "none stored". */
function firstPoll(keeper: PollStateKeeper, free: Record<string, number>) {
  const asked = keeper.run(task(free, 0));
  expect(asked).toEqual({ kind: 'needs-states', ids: Object.keys(free).map((id) => `s:${id}`) });
  const ids = asked.kind === 'needs-states' ? asked.ids : [];
  return changes(keeper.run({ ...task(free, 0), states: { revision: 0, ids, stored: ids.map(() => null) } }));
}

describe('PollStateKeeper', () => {
  it('diffs the next poll against its own committed write, without asking for states', () => {
    const keeper = new PollStateKeeper();
    const first = firstPoll(keeper, { a: 10, b: 20 });
    expect(first.changes.map((c) => c.id)).toEqual(['s:a', 's:b']);
    keeper.commit({ sourceId: 's', token: first.token, revision: 1 });
    const second = changes(keeper.run(task({ a: 10, b: 21 }, 1)));
    expect(second.changes.map((c) => parked(c.parking))).toEqual([['s:b', 21, 'emptying']]);
    expect(second.history.observations).toHaveLength(1);
    expect(second.history.facilities).toHaveLength(0);
  });

  it('asks again for every id when Redis is at another revision than its copy (another writer)', () => {
    const keeper = new PollStateKeeper();
    keeper.commit({ sourceId: 's', token: firstPoll(keeper, { a: 10 }).token, revision: 1 });
    expect(keeper.run(task({ a: 10 }, 2))).toEqual({ kind: 'needs-states', ids: ['s:a'] });
    expect(keeper.copy.get('s')).toBeUndefined();
  });

  it('drops the copy when the write returns a revision other than the copied one + 1', () => {
    const keeper = new PollStateKeeper();
    keeper.commit({ sourceId: 's', token: firstPoll(keeper, { a: 10 }).token, revision: 1 });
    const second = changes(keeper.run(task({ a: 11 }, 1)));
    keeper.commit({ sourceId: 's', token: second.token, revision: 3 });
    expect(keeper.copy.get('s')).toBeUndefined();
    expect(keeper.run(task({ a: 11 }, 3)).kind).toBe('needs-states');
  });

  it('drops the copy when the write failed', () => {
    const keeper = new PollStateKeeper();
    keeper.commit({ sourceId: 's', token: firstPoll(keeper, { a: 10 }).token, revision: 1 });
    const second = changes(keeper.run(task({ a: 11 }, 1)));
    keeper.commit({ sourceId: 's', token: second.token });
    expect(keeper.copy.get('s')).toBeUndefined();
  });

  it('keeps the copy through an unchanged poll (nothing written, revision unchanged)', () => {
    const keeper = new PollStateKeeper();
    keeper.commit({ sourceId: 's', token: firstPoll(keeper, { a: 10 }).token, revision: 1 });
    const same = changes(keeper.run(task({ a: 10 }, 1)));
    expect(same.changes).toEqual([]);
    keeper.commit({ sourceId: 's', token: same.token });
    expect(keeper.copy.get('s')?.revision).toBe(1);
  });

  it('asks only for ids it never read, and treats them as unknown, not absent', () => {
    const keeper = new PollStateKeeper();
    keeper.commit({ sourceId: 's', token: firstPoll(keeper, { a: 10 }).token, revision: 1 });
    expect(keeper.run(task({ a: 10, c: 5 }, 1))).toEqual({ kind: 'needs-states', ids: ['s:c'] });
    const stored = JSON.stringify({
      parking: {
        id: 's:c',
        source: 's',
        name: 'P c',
        kind: 'car-park',
        location: null,
        capacity: 100,
        free: 5,
        occupied: 95,
        status: 'open',
        trend: 'unknown',
        observedAt: '2026-01-15T07:58:00.000Z',
        receivedAt: '2026-01-15T07:58:00.000Z',
        stale: false,
        quality: ['missing-location'],
      },
      valueSince: '2026-01-15T07:58:00.000Z',
    });
    const run = changes(
      keeper.run({ ...task({ a: 10, c: 5 }, 1), states: { revision: 1, ids: ['s:c'], stored: [stored] } }),
    );
    // c's stored state has the same values: not a change.
    expect(run.changes).toEqual([]);
  });

  it('drops the copy when a commit does not belong to the last poll of the source', () => {
    const keeper = new PollStateKeeper();
    keeper.commit({ sourceId: 's', token: firstPoll(keeper, { a: 10 }).token, revision: 1 });
    const one = changes(keeper.run(task({ a: 11 }, 1)));
    changes(keeper.run(task({ a: 12 }, 1)));
    keeper.commit({ sourceId: 's', token: one.token, revision: 2 });
    expect(keeper.copy.get('s')).toBeUndefined();
  });
});

describe('PollStateKeeper parses each payload once', () => {
  it('a first poll (states asked, then sent) parses its bytes once, not twice', () => {
    let parses = 0;
    const keeper = new PollStateKeeper(undefined, (format, bytes, ctx) => {
      parses += 1;
      return parkingAdapterFor(format).parse(bytes, ctx);
    });
    const first = firstPoll(keeper, { a: 10, b: 20 });
    expect(first.changes.map((c) => c.id)).toEqual(['s:a', 's:b']);
    expect(parses).toBe(1);
  });

  it('parses again when the task sent with states is another poll (other bytes or time)', () => {
    let parses = 0;
    const keeper = new PollStateKeeper(undefined, (format, bytes, ctx) => {
      parses += 1;
      return parkingAdapterFor(format).parse(bytes, ctx);
    });
    const asked = keeper.run(task({ a: 10 }, 0));
    const ids = asked.kind === 'needs-states' ? asked.ids : [];
    const other = { ...task({ a: 10, b: 3 }, 0), states: { revision: 0, ids, stored: ids.map(() => null) } };
    const run = keeper.run(other);
    expect(parses).toBe(2);
    // The parse of the bytes actually sent: b is an id it did not ask for, so it asks for it.
    expect(run).toEqual({ kind: 'needs-states', ids: ['s:b'] });
  });
});
