import { AppException } from '../common/app-exception.js';
import { historyRange, parkingHistoryQuery } from './parking-history.query.js';

const NOW = new Date('2026-06-01T12:00:00Z');

function issues(query: Record<string, string>): Array<[string, string]> {
  const result = parkingHistoryQuery.safeParse(query);
  return result.success ? [] : result.error.issues.map((i) => [i.path.join('.'), i.message]);
}

describe('parkingHistoryQuery', () => {
  it.each([
    [{ from: 'x', to: 'y' }, ['from', 'to']],
    [{ from: '-271821-04-20T00:00:00Z', to: '2022-12-09T00:00:00Z' }, ['from']],
    [{ from: '2022-12-08T00:00:00Z', to: '+275760-09-13T00:00:00.001Z' }, ['to']],
    [{ to: '0001-01-01T00:00:00Z' }, ['to']],
    [{ from: '2022-12-08T00:00:00Z', to: '9999-12-31T23:59:59Z' }, ['from', 'to']],
    [{ from: '2022-12-09T00:00:00Z', to: '2022-12-08T00:00:00Z' }, ['from', 'to']],
  ])('%j is refused naming %j, without throwing', (query, named) => {
    expect([...new Set(issues(query).map(([path]) => path))].sort()).toEqual(named);
  });

  it('accepts a range within 400 days', () => {
    expect(issues({ from: '2022-01-01T00:00:00Z', to: '2023-01-01T00:00:00+01:00' })).toEqual([]);
  });
});

describe('historyRange', () => {
  it('defaults: to is now, from 24 h before', () => {
    expect(historyRange({}, NOW)).toEqual({ from: new Date('2026-05-31T12:00:00Z'), to: NOW });
  });

  it('a from without to is checked against now', () => {
    const refuse = (from: string) => () => historyRange({ from: new Date(from) }, NOW);
    expect(refuse('1970-01-01T00:00:00Z')).toThrow(AppException);
    expect(refuse('1970-01-01T00:00:00Z')).toThrow(/from: at most 400 days .*to defaults to now/);
    expect(refuse('2999-01-01T00:00:00Z')).toThrow(/from: from must be before to/);
    expect(historyRange({ from: new Date('2025-06-01T12:00:00Z') }, NOW).to).toBe(NOW);
  });
});
