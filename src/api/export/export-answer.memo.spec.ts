import { EXPORT_MEMO_TTL_MS, ExportAnswerMemo } from './export-answer.memo.js';

describe('ExportAnswerMemo', () => {
  const answer = (n: number) => async () => ({
    identity: `data ${n}`,
    body: `body ${n}`,
    contentType: 'text/plain',
    maxAgeS: 1,
  });

  it('reuses a built answer while its version holds, rebuilds when it changes or has aged', async () => {
    const memo = new ExportAnswerMemo();
    let builds = 0;
    const build = (n: number) => async () => {
      builds++;
      return answer(n)();
    };
    const t = 1_000_000;
    const first = await memo.get('k', 'v1', build(1), t);
    expect(first.body).toBe('body 1');
    expect(first.etag).toMatch(/^W\/"/);
    expect((await memo.get('k', 'v1', build(2), t + 10)).body).toBe('body 1');
    expect(builds).toBe(1);
    expect((await memo.get('k', 'v2', build(3), t + 20)).body).toBe('body 3');
    expect((await memo.get('k', 'v2', build(4), t + 20 + EXPORT_MEMO_TTL_MS)).body).toBe('body 4');
    expect((await memo.get('other', 'v2', build(5), t + 30)).body).toBe('body 5');
    expect(builds).toBe(4);
  });
});
