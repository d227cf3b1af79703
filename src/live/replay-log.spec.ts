import { type LiveEvent, toLiveEvent } from './live-event.js';
import { ReplayLog } from './replay-log.js';

const event = (cursor: string) =>
  toLiveEvent({ cursor, fields: ['type', 'source', 'id', 's', 'data', '{"id":"s"}'] }) as LiveEvent;
const cursors = (events: LiveEvent[]) => events.map((e) => e.cursor);

describe('ReplayLog', () => {
  it('returns the events strictly after since and up to upTo', () => {
    const log = new ReplayLog(600_000, 100, () => 5_000);
    log.reset({ ms: 1_000, seq: 0 });
    for (const c of ['1000-1', '1000-2', '2000-0', '3000-0', '3000-7']) log.append(event(c));
    expect(cursors(log.between({ ms: 1_000, seq: 1 }, { ms: 3_000, seq: 0 }))).toEqual(['1000-2', '2000-0', '3000-0']);
    expect(cursors(log.between({ ms: 0, seq: 0 }, { ms: 9_000, seq: 0 }))).toHaveLength(5);
    expect(cursors(log.between({ ms: 3_000, seq: 7 }, { ms: 9_000, seq: 0 }))).toEqual([]);
  });

  it('drops events past the window or the size cap and moves its floor to the last one dropped', () => {
    let now = 10_000;
    const log = new ReplayLog(5_000, 3, () => now);
    log.reset({ ms: 0, seq: 0 });
    for (const c of ['6000-0', '7000-0', '8000-0', '9000-0']) log.append(event(c));
    expect(log.size).toBe(3);
    expect(log.floor).toEqual({ ms: 6_000, seq: 0 });
    now = 13_500;
    log.append(event('13500-0'));
    expect(log.floor).toEqual({ ms: 8_000, seq: 0 });
    expect(cursors(log.between(log.floor, { ms: 99_999, seq: 0 }))).toEqual(['9000-0', '13500-0']);
  });

  it('stays correct across compaction', () => {
    const log = new ReplayLog(1e9, 10, () => 0);
    log.reset({ ms: 0, seq: 0 });
    for (let i = 1; i <= 5_000; i++) log.append(event(`${i}-0`));
    expect(log.size).toBe(10);
    expect(log.floor).toEqual({ ms: 4_990, seq: 0 });
    expect(cursors(log.between({ ms: 4_995, seq: 0 }, { ms: 5_000, seq: 0 }))).toEqual([
      '4996-0',
      '4997-0',
      '4998-0',
      '4999-0',
      '5000-0',
    ]);
  });
});
