import { ApiKeyService } from '../../src/access/api-key.service.js';
import type { SourceOutage } from '../../src/ops/outages/source-outage.model.js';
import { SOURCE_OUTAGE_STORE, type SourceOutageStorePort } from '../../src/ops/outages/source-outage.port.js';
import { SOURCE_HEALTH_STORE, type SourceHealthStorePort } from '../../src/ops/source-health.port.js';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';

interface Row {
  sourceId: string;
  startedAt: string;
  endedAt: string | null;
  ongoing: boolean;
  durationMs: number | null;
  pollsFailed: number;
  endReason: string | null;
}
interface Page {
  data: Row[];
  meta: { count: number; next: string | null; ignored?: string[] };
}
interface Failure {
  error: { code: string; message: string; details?: Array<{ parameter: string; message: string }> };
}

const T = Date.parse('2026-11-01T12:00:00.000Z');
const MIN = 60_000;
const at = (minutesBefore: number) => new Date(T - minutesBefore * MIN).toISOString();
/** A closed outage of ten minutes that started `minutesBefore` T. */
const closed = (sourceId: string, minutesBefore: number, endReason = 'recovered'): SourceOutage => ({
  sourceId,
  startedAt: at(minutesBefore),
  endedAt: at(minutesBefore - 10),
  cause: { code: 'FETCH_TIMEOUT', message: `${sourceId} ${minutesBefore}` },
  pollsFailed: 5,
  endReason: endReason as SourceOutage['endReason'],
});
/** "c@30" for an outage of c that started 30 min before T. */
const key = (o: Row) => `${o.sourceId}@${(T - Date.parse(o.startedAt)) / MIN}`;

/**
 * GET /v1/outages (issue #14): every configured source's outages in one list, newest first, ties
 * (several sources down at one instant) by source id; paging by (startedAt, sourceId) crosses
 * such a tie without losing or repeating a row. Behind an API key, as every /v1 read.
 */
describe('GET /v1/outages: outages of every source', () => {
  const iso = isolation('ops_outall');
  let operator: LocalOperator;
  let hub: RunningHub;
  let headers: Record<string, string>;
  const get = async (query = ''): Promise<Response> => fetch(`${hub.url}/v1/outages${query}`, { headers });
  const page = async (query = ''): Promise<Page> => {
    const res = await get(query);
    expect([query, res.status]).toEqual([query, 200]);
    return (await res.json()) as Page;
  };
  const refused = async (query: string): Promise<Failure['error']> => {
    const res = await get(query);
    expect([query, res.status]).toEqual([query, 400]);
    return ((await res.json()) as Failure).error;
  };

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(jsonFeed({ x: 5 }));
    });
    const yaml = ['a', 'b', 'c'].map((id) => jsonFeedSource(id, operator.url, '24h')).join('');
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(`sources:${yaml}`), requireApiKey: true }));
    headers = { 'x-api-key': (await hub.app.get(ApiKeyService).create('outages', 100_000)).key };
    const health = hub.app.get<symbol, SourceHealthStorePort>(SOURCE_HEALTH_STORE);
    // Each source's first poll written, so the live count set below is not overwritten.
    await waitFor(async () =>
      (await health.all()).filter((h) => h.lastPollAt !== null).length === 3 ? true : undefined,
    );
    const store = hub.app.get<symbol, SourceOutageStorePort>(SOURCE_OUTAGE_STORE);
    // a, b and c all went down at T-60; c is down again since T-30; "gone" left sources.yaml.
    for (const o of [
      closed('a', 60),
      closed('a', 180),
      closed('a', 300),
      closed('b', 60),
      closed('b', 120),
      closed('c', 60),
      closed('gone', 10, 'source-removed'),
    ])
      await store.write(o);
    await store.write({ ...closed('c', 30), endedAt: null, endReason: null });
    const c = await health.get('c');
    if (c === undefined) throw new Error('no health for c');
    await health.put({ ...c, status: 'down', failingSince: at(30), consecutiveFailures: 9 });
  });

  afterAll(async () => {
    await hub?.close();
    await operator?.close();
    await iso.cleanup();
  });

  const ALL = ['c@30', 'c@60', 'b@60', 'a@60', 'b@120', 'a@180', 'a@300'];

  it('lists every configured source, newest first, in the rows of the per-source route', async () => {
    const all = await page();
    expect(all.data.map(key)).toEqual(ALL);
    expect(all.meta).toMatchObject({ count: 7, next: null });
    expect(all.data[0]).toMatchObject({ ongoing: true, endedAt: null, durationMs: null, pollsFailed: 9 });
    expect(all.data[1]).toMatchObject({ ongoing: false, durationMs: 10 * MIN, pollsFailed: 5, endReason: 'recovered' });
    const one = (await (await fetch(`${hub.url}/v1/sources/a/outages`, { headers })).json()) as Page;
    expect(all.data.filter((o) => o.sourceId === 'a')).toEqual(one.data);
    const c = (await (await fetch(`${hub.url}/v1/sources/c/outages`, { headers })).json()) as Page;
    expect(all.data.filter((o) => o.sourceId === 'c')).toEqual(c.data);
  });

  it('pages by start then source id: a page boundary inside three outages that started together', async () => {
    const seen: string[] = [];
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const p: Page = await page(`?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      pages.push(p.data.map(key));
      seen.push(...p.data.map(key));
      cursor = p.meta.next;
    } while (cursor !== null && pages.length < 10);
    expect(pages).toEqual([['c@30', 'c@60'], ['b@60', 'a@60'], ['b@120', 'a@180'], ['a@300']]);
    expect(seen).toEqual(ALL);
    // limit=1 cuts between the tied outages of c, b and a.
    const first = await page('?limit=1&cursor=' + (await page('?limit=1')).meta.next);
    expect(first.data.map(key)).toEqual(['c@60']);
    const second = await page(`?limit=1&cursor=${first.meta.next}`);
    expect(second.data.map(key)).toEqual(['b@60']);
  });

  it('filters by from / to, source and ongoing', async () => {
    expect((await page(`?from=${at(90)}`)).data.map(key)).toEqual(['c@30', 'c@60', 'b@60', 'a@60']);
    expect((await page(`?to=${at(60)}`)).data.map(key)).toEqual(['b@120', 'a@180', 'a@300']);
    expect((await page(`?from=${at(240)}&to=${at(60)}`)).data.map(key)).toEqual(['b@120', 'a@180']);
    expect((await page('?source=a,b')).data.map(key)).toEqual(['b@60', 'a@60', 'b@120', 'a@180', 'a@300']);
    expect((await page('?source=c&limit=1')).data.map(key)).toEqual(['c@30']);
    expect((await page('?ongoing=true')).data.map(key)).toEqual(['c@30']);
    expect((await page('?ongoing=false&source=c')).data.map(key)).toEqual(['c@60']);
    const paged = await page('?source=a&limit=2');
    expect((await page(`?source=a&limit=2&cursor=${paged.meta.next}`)).data.map(key)).toEqual(['a@300']);
  });

  it('with perSource, lists only the latest of each source, paged over that same set', async () => {
    expect((await page('?perSource=1')).data.map(key)).toEqual(['c@30', 'b@60', 'a@60']);
    expect((await page('?perSource=1&ongoing=false')).data.map(key)).toEqual(['c@60', 'b@60', 'a@60']);
    expect((await page(`?perSource=1&to=${at(60)}`)).data.map(key)).toEqual(['b@120', 'a@180']);
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const p: Page = await page(`?perSource=2&limit=2${cursor === null ? '' : `&cursor=${cursor}`}`);
      pages.push(p.data.map(key));
      cursor = p.meta.next;
    } while (cursor !== null && pages.length < 10);
    expect(pages).toEqual([
      ['c@30', 'c@60'],
      ['b@60', 'a@60'],
      ['b@120', 'a@180'],
    ]);
    expect((await refused('?perSource=0')).details?.[0].parameter).toBe('perSource');
  });

  it('does not list a source removed from sources.yaml, and refuses it in `source`', async () => {
    expect((await page()).data.some((o) => o.sourceId === 'gone')).toBe(false);
    const error = await refused('?source=a,gone');
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.details).toEqual([{ parameter: 'source', message: 'no configured source "gone"' }]);
    expect((await refused('?source=A')).details?.[0].parameter).toBe('source');
  });

  it('refuses a cursor it did not give, a bad limit, bad times and repeated parameters (400 BAD_REQUEST)', async () => {
    for (const cursor of [
      'x',
      Buffer.from(at(60)).toString('base64url'),
      Buffer.from('["2026-11-01","a"]').toString('base64url'),
    ]) {
      const error = await refused(`?cursor=${cursor}`);
      expect([cursor, error.code, error.details]).toEqual([
        cursor,
        'BAD_REQUEST',
        [{ parameter: 'cursor', message: 'invalid cursor' }],
      ]);
    }
    // The per-source cursor is not one of this list (it has no source id).
    const perSource = (await (await fetch(`${hub.url}/v1/sources/a/outages?limit=1`, { headers })).json()) as Page;
    expect((await refused(`?cursor=${perSource.meta.next}`)).details?.[0].parameter).toBe('cursor');
    expect((await refused('?limit=0')).details?.[0].parameter).toBe('limit');
    expect((await refused('?limit=501')).details?.[0].parameter).toBe('limit');
    expect((await refused('?from=yesterday')).details?.[0].parameter).toBe('from');
    expect((await refused(`?from=${at(60)}&to=${at(90)}`)).details?.[0]).toEqual({
      parameter: 'from',
      message: 'from must be before to',
    });
    expect((await refused('?ongoing=yes')).details?.[0].parameter).toBe('ongoing');
    expect((await refused('?limit=1&limit=2')).details?.[0]).toEqual({
      parameter: 'limit',
      message: 'given 2 times; give it once',
    });
  });

  it('ignores an unknown parameter (meta.ignored) unless it looks like a typo of one it takes', async () => {
    const busted = await page('?_=123');
    expect(busted.meta.ignored).toEqual(['_']);
    expect(busted.data.map(key)).toEqual(ALL);
    expect((await refused('?limt=2')).message).toBe('unknown parameter limt; did you mean limit?');
    expect((await refused('?sorce=a')).message).toBe('unknown parameter sorce; did you mean source?');
  });

  it('is a read like /v1/sources: refused without the key, counted against it with one', async () => {
    const without = await fetch(`${hub.url}/v1/outages`);
    expect(without.status).toBe(401);
    const res = await get();
    expect(res.headers.get('ratelimit-limit')).toBe('100000');
    const sources = await fetch(`${hub.url}/v1/sources`);
    expect(sources.status).toBe(401);
  });
});
