import { ReadRuleMemo } from './read-rule.memo.js';

describe('ReadRuleMemo', () => {
  // By hand, from access-policy's rules: a canonical /v1 read path whose key comes from headers only.
  const cases: Array<[path: string, route: string, expected: boolean]> = [
    ['/v1/parkings', '/v1/parkings', true],
    ['/v1/parkings/abc', '/v1/parkings/:id', true],
    ['/v1/Parkings', '/v1/parkings', true], // case is not part of the canonical form
    ['/v1//parkings', '/v1/parkings', false], // not canonical
    ['/v1/parkings/', '/v1/parkings', false],
    ['/v1/%61dmin/keys', '/v1/parkings/:id', false],
    ['/v1/admin/keys', '/v1/admin/keys', false], // admin
    ['/v1/parkings/x', '/v1/admin/keys/:id', false], // the route's rule is stricter
    ['/health/live', '/health/live', false], // open
    ['/v1/ingest/src', '/v1/ingest/:sourceId', false], // push
  ];

  it('answers as the access rules do, the first time and when asked again', () => {
    const memo = new ReadRuleMemo();
    for (let round = 0; round < 2; round += 1) {
      for (const [path, route, expected] of cases)
        expect([path, memo.isHeaderKeyedRead(path, route)]).toEqual([path, expected]);
    }
  });

  it('keeps at most its bound of paths', () => {
    const memo = new ReadRuleMemo(5);
    for (let i = 0; i < 50; i += 1) expect(memo.isHeaderKeyedRead(`/v1/parkings/p${i}`, '/v1/parkings/:id')).toBe(true);
    expect(memo.size).toBeLessThanOrEqual(5);
    expect(memo.isHeaderKeyedRead('/v1/admin/keys', '/v1/admin/keys')).toBe(false);
    expect(memo.size).toBeLessThanOrEqual(5);
  });
});
