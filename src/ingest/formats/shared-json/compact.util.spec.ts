import { compact } from './compact.util.js';

/** The reference behaviour compact() must keep: entries of own enumerable string keys, undefined dropped. */
const byEntries = (record: object): object =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

describe('compact', () => {
  it('drops undefined values and keeps null, 0, false and empty strings, in key order', () => {
    const record = { localId: 'a', name: undefined, free: 0, open: false, note: '', capacity: null, kind: 'x' };
    const out = compact(record);
    expect(out).toEqual({ localId: 'a', free: 0, open: false, note: '', capacity: null, kind: 'x' });
    expect(Object.keys(out)).toEqual(['localId', 'free', 'open', 'note', 'capacity', 'kind']);
    expect('name' in out).toBe(false);
  });

  it('copies own enumerable keys only, like Object.entries', () => {
    const parent = { inherited: 1 };
    const record = Object.create(parent) as Record<string, unknown>;
    record.own = 2;
    Object.defineProperty(record, 'hidden', { value: 3, enumerable: false });
    record[Symbol.for('s') as unknown as string] = 4;
    expect(compact(record)).toEqual({ own: 2 });
    expect(compact(record)).toEqual(byEntries(record));
    expect(Object.getPrototypeOf(compact(record))).toBe(Object.prototype);
  });

  it('keeps integer-like keys first, as property order does', () => {
    const record = { b: 1, 2: 'two', a: undefined, 1: 'one' };
    expect(Object.keys(compact(record))).toEqual(Object.keys(byEntries(record)));
  });

  it('keeps a "__proto__" key as a data property instead of setting the prototype', () => {
    const record = JSON.parse('{"__proto__": {"polluted": true}, "id": "x"}') as object;
    const out = compact(record) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(out).toEqual(byEntries(record));
    expect(Object.keys(out)).toEqual(['__proto__', 'id']);
  });

  it('returns a new object, leaving the input untouched', () => {
    const record = { a: 1, b: undefined };
    const out = compact(record);
    expect(out).not.toBe(record);
    expect(Object.keys(record)).toEqual(['a', 'b']);
  });
});
