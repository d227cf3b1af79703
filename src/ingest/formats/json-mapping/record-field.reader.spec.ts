import type { ParseContext } from '../parking-format-adapter.js';
import { jsonMappingAdapter } from './json-mapping.adapter.js';

const ctx = {
  sourceId: 's',
  receivedAt: new Date('2026-12-02T10:00:00Z'),
  format: { mapping: { items: 'items', id: 'id', free: 'free', capacity: 'total', status: 'state' } },
} as ParseContext;

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

describe('json-mapping: a mapped value nested too deep to serialise (hostile body)', () => {
  it('is an INVALID_VALUE warning on its record; the record and the poll go on', () => {
    const body = `{"items":[{"id":"a","free":${nested(100_000)},"total":100},{"id":"b","free":5,"total":100}]}`;
    const result = jsonMappingAdapter.parse(Buffer.from(body), ctx);
    // `a` keeps its facility (capacity 100), without a reading; `b` is read as sent.
    expect(result.facilities.map((f) => [f.localId, f.capacity])).toEqual([
      ['a', 100],
      ['b', 100],
    ]);
    expect(result.observations.find((o) => o.localId === 'b')).toMatchObject({ free: 5 });
    const warning = result.warnings.find((w) => w.code === 'INVALID_VALUE');
    expect(warning).toMatchObject({ ref: 'a' });
    expect(warning?.message).toContain('nested too deep');
  });

  it('the same in a status field', () => {
    const body = `{"items":[{"id":"a","free":1,"state":{"x":${nested(100_000)}}}]}`;
    const result = jsonMappingAdapter.parse(Buffer.from(body), ctx);
    expect(result.warnings.find((w) => w.code === 'UNKNOWN_STATUS')?.message).toContain('nested too deep');
  });
});
