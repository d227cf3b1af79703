import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';

/**
 * Issue #15: an OpenDataSoft Explore v2.1 dataset comes in pages of `limit` records; one poll reads
 * every page, so every car park is served (not the first 10), and a source capped by
 * `options.maxPages` serves what it read with a PAGES_TRUNCATED warning in /v1/sources/:id.
 * The records are Strasbourg's 30 real ones (test/fixtures/opendatasoft), served by limit/offset.
 */

interface Note {
  code: string;
  message: string;
}
const FILE = path.join(
  process.cwd(),
  'test/fixtures/opendatasoft/strasbourg-occupation-parkings-temps-reel-missing-fields.json',
);
const RECORDS = (JSON.parse(readFileSync(FILE, 'utf8')) as { records: { fields: { ident: number } }[] }).records;
const RESULTS = RECORDS.map((r) => r.fields);

describe('paging: one poll reads every page of an OpenDataSoft v2.1 dataset (issue #15)', () => {
  const iso = isolation('paging');
  let operator: LocalOperator;
  let hub: RunningHub;

  beforeAll(async () => {
    operator = await startLocalOperator('/api/explore/v2.1/catalog/datasets/occupation/records');
    operator.handle((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      const limit = Number(url.searchParams.get('limit') ?? 10);
      const offset = Number(url.searchParams.get('offset') ?? 0);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ total_count: RESULTS.length, results: RESULTS.slice(offset, offset + limit) }));
    });
    const sourcesPath = writeSources(`sources:
  - id: ods
    kind: parking
    format: opendatasoft
    url: ${operator.url}?limit=10
    interval: 2s
    allowPrivateNetwork: true
  - id: ods-capped
    kind: parking
    format: opendatasoft
    url: ${operator.url}?limit=10
    interval: 2s
    allowPrivateNetwork: true
    options: { maxPages: 2 }
`);
    const base = testConfig(iso, { sourcesPath });
    hub = await startHub({ ...base, access: { ...base.access, anonymousPerMinute: 10_000 } });
  });
  afterAll(async () => {
    await hub?.close();
    await operator?.close();
    await iso.cleanup();
  });

  const get = async <T>(p: string): Promise<T> => {
    const res = await fetch(`${hub.url}${p}`);
    if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  const ids = async (source: string): Promise<string[]> =>
    (await get<{ data: { id: string }[] }>(`/v1/parkings?source=${source}&limit=100`)).data.map((p) => p.id).sort();

  it('serves the 30 car parks of the 3 pages', async () => {
    const served = await waitFor(async () => {
      const list = await ids('ods');
      return list.length === 30 ? list : undefined;
    });
    expect(served).toEqual(RECORDS.map((r) => `ods:${r.fields.ident}`).sort());
    const source = await get<{ status: string; recentWarnings?: Note[] }>('/v1/sources/ods');
    expect(source.recentWarnings?.some((n) => n.code === 'PAGES_TRUNCATED') ?? false).toBe(false);
  }, 30_000);

  it('with maxPages 2 serves the first 20 and says why the others are missing', async () => {
    const source = await waitFor(async () => {
      const body = await get<{ status: string; recentWarnings?: Note[] }>('/v1/sources/ods-capped');
      return body.recentWarnings?.some((n) => n.code === 'PAGES_TRUNCATED') ? body : undefined;
    });
    expect(source.recentWarnings?.find((n) => n.code === 'PAGES_TRUNCATED')?.message).toBe(
      'not every page was read: stopped after 2 pages (options.maxPages 2): 20 of 30 records read',
    );
    // Records are missing from what is served: the source is not ok.
    expect(source.status).toBe('degraded');
    expect(await ids('ods-capped')).toEqual(
      RECORDS.slice(0, 20)
        .map((r) => `ods-capped:${r.fields.ident}`)
        .sort(),
    );
  }, 30_000);
});
