import { monthPartitions } from '../../infra/database/month-partitions.js';
import type { ParkingParseResult } from '../parking.model.js';
import { jsonMappingAdapter } from '../../ingest/formats/json-mapping/json-mapping.adapter.js';
import { parkapiAdapter } from '../../ingest/formats/parkapi/parkapi.adapter.js';
import { pollChanges, type PollInput } from './poll-changes.js';

const receivedAt = new Date('2026-11-28T10:00:00Z');
const RETENTION_MS = 400 * 86_400_000;

function input(parsed: ParkingParseResult): PollInput {
  return { sourceId: 's', parsed, receivedAt, frozenAfterMs: 3_600_000, historyRetentionMs: RETENTION_MS };
}

describe('pollChanges: what reaches history', () => {
  it('writes no observation dated past the retention or more than a day ahead; counts the warnings', () => {
    const parsed: ParkingParseResult = {
      facilities: [],
      observations: [
        { localId: 'ok', free: 1, capacity: 10, observedAt: new Date('2026-11-28T09:00:00Z') },
        { localId: 'old', free: 1, capacity: 10, observedAt: new Date('2020-01-01T00:00:00Z') },
        { localId: 'future', free: 1, capacity: 10, observedAt: new Date('2999-01-01T00:00:00Z') },
        { localId: 'huge', free: 1, capacity: 1e300, observedAt: new Date('2026-11-28T09:00:00Z') },
      ],
      warnings: [{ code: 'INVALID_VALUE', message: 'x' }],
    };
    const out = pollChanges(input(parsed), new Map());
    expect(out.changed.map((s) => s.parking.id)).toEqual(['s:ok', 's:old', 's:future', 's:huge']);
    expect(out.history.sourceId).toBe('s');
    expect(out.history.observations.map((o) => [o.facilityId, o.capacity])).toEqual([
      ['s:ok', 10],
      ['s:huge', null],
    ]);
    // 1 parse warning + old + future + huge capacity
    expect(out.warnings).toBe(4);
  });

  it('300 records in 300 different months make the partitions of the retention at most', () => {
    const observations = Array.from({ length: 300 }, (_, i) => ({
      localId: `p${i}`,
      free: 1,
      observedAt: new Date(Date.UTC(2000 + Math.floor(i / 12), i % 12, 15)),
    }));
    const out = pollChanges(input({ facilities: [], observations, warnings: [] }), new Map());
    const months = monthPartitions(out.history.observations.map((o) => o.observedAt));
    expect(months.length).toBeLessThanOrEqual(15);
  });
});

describe('duplicate ids: latest wins, flagged, in every adapter', () => {
  const bytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

  it('json-mapping', () => {
    const list = [
      { id: 'a', free: 5, ts: '2026-11-28T09:00:00Z' },
      { id: 'a', free: 7, ts: '2026-11-28T09:00:00Z' },
    ];
    const parsed = jsonMappingAdapter.parse(bytes(list), {
      sourceId: 's',
      receivedAt,
      format: { mapping: { id: 'id', free: 'free', observedAt: 'ts' } },
    });
    const [p] = pollChanges(input(parsed), new Map()).changed.map((s) => s.parking);
    expect(p.free).toBe(7);
    expect(p.quality).toContain('duplicate-id');
  });

  it('parkapi', () => {
    const lots = {
      last_updated: '2026-11-28T09:00:00',
      lots: [
        { id: 'a', name: 'A', free: 5, total: 10, state: 'open' },
        { id: 'a', name: 'A', free: 7, total: 10, state: 'open' },
      ],
    };
    const parsed = parkapiAdapter.parse(bytes(lots), { sourceId: 's', receivedAt, format: {} });
    const [p] = pollChanges(input(parsed), new Map()).changed.map((s) => s.parking);
    expect(p.free).toBe(7);
    expect(p.quality).toContain('duplicate-id');
  });
});
