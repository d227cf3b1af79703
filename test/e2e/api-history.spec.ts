import pg from 'pg';
import { waitFor, type RunningHub } from '../support/hub-app.js';
import { isolation, TEST_DATABASE_URL } from '../support/test-env.js';
import { startHerrenbergHub } from './api-support.js';

/** Altstadtgarage in the Herrenberg file: 62 free of 97, observed 2022-12-08T16:08:21.870. */
const ID = 'herrenberg:ac230e00-2cea-11eb-93e4-7f8bf428cc7a';
const FIRST = '2022-12-08T16:08:21.870Z';
/** Later changes added by the test, as the history writer would store them. */
const LATER: Array<[string, number]> = [
  ['2022-12-08T16:20:00.000Z', 50],
  ['2022-12-08T16:40:00.000Z', 40],
  ['2022-12-08T17:10:00.000Z', 70],
];
const CAPACITY = 97;

interface Bucket {
  t: string;
  free: { min: number; avg: number; max: number };
  occupancy: number;
}
interface Page<T> {
  data: T[];
  meta: { count: number; next: string | null; parking: string; from: string; to: string; bucket: string | null };
}

/** Time-weighted mean of [value, seconds] pieces, rounded like the API. */
function weighted(pieces: Array<[number, number]>, digits: number): number {
  const total = pieces.reduce((s, [, w]) => s + w, 0);
  const mean = pieces.reduce((s, [v, w]) => s + v * w, 0) / total;
  return Math.round(mean * 10 ** digits) / 10 ** digits;
}

describe('GET /v1/parkings/:id/history', () => {
  const iso = isolation('api_history');
  let hub: RunningHub;
  let base: string;
  const url = (query: string): string => `${base}/v1/parkings/${ID}/history?${query}`;

  beforeAll(async () => {
    hub = await startHerrenbergHub(iso);
    base = hub.url as string;
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      // The pipeline writes the file's 25 observations (and the month partition) first.
      await waitFor(async () => {
        const { rows } = await client
          .query(`SELECT count(*)::int AS n FROM "${iso.schema}".parking_observation`)
          .catch(() => ({ rows: [{ n: 0 }] }));
        return (rows[0] as { n: number }).n === 25 ? true : undefined;
      });
      for (const [t, free] of LATER) {
        await client.query(
          `INSERT INTO "${iso.schema}".parking_observation (facility_id, observed_at, received_at, free, occupied, capacity, status)
           VALUES ($1, $2, $2, $3, $4, $5, 'open')`,
          [ID, t, free, CAPACITY - free, CAPACITY],
        );
      }
    } finally {
      await client.end();
    }
  });
  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  it('raw observations in range, oldest first, with occupancy', async () => {
    const res = await fetch(url('from=2022-12-08T16:00:00Z&to=2022-12-08T18:00:00Z'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Page<{
      t: string;
      free: number;
      occupied: number;
      occupancy: number;
      quality: string[];
    }>;
    expect(body.data.map((o) => [o.t, o.free, o.occupied])).toEqual([
      [FIRST, 62, 35],
      ['2022-12-08T16:20:00.000Z', 50, 47],
      ['2022-12-08T16:40:00.000Z', 40, 57],
      ['2022-12-08T17:10:00.000Z', 70, 27],
    ]);
    expect(body.data[0].occupancy).toBe(Math.round((35 / 97) * 1000) / 1000);
    expect(body.meta).toMatchObject({
      count: 4,
      next: null,
      parking: ID,
      bucket: null,
      from: '2022-12-08T16:00:00.000Z',
    });
    // A range that ended long ago no longer changes.
    expect(res.headers.get('cache-control')).toBe('public, max-age=3600');
  });

  it('raw pages: limit, cursor and a Link header to the next page', async () => {
    const first = await fetch(url('from=2022-12-08T16:00:00Z&to=2022-12-08T18:00:00Z&limit=3'));
    const page1 = (await first.json()) as Page<{ t: string }>;
    expect(page1.data.map((o) => o.t)).toEqual([FIRST, '2022-12-08T16:20:00.000Z', '2022-12-08T16:40:00.000Z']);
    expect(page1.meta.next).not.toBeNull();
    const link = first.headers.get('link') as string;
    expect(link).toMatch(/^<\/v1\/parkings\/.+\/history\?.*cursor=.+>; rel="next"$/);
    const next = link.slice(1, link.indexOf('>'));
    const page2 = (await (await fetch(`${base}${next}`)).json()) as Page<{ t: string }>;
    expect(page2.data.map((o) => o.t)).toEqual(['2022-12-08T17:10:00.000Z']);
    expect(page2.meta.next).toBeNull();
  });

  it('1h buckets: each value weighted by how long it held, carried across the bucket edge', async () => {
    const body = (await (
      await fetch(url('from=2022-12-08T16:00:00Z&to=2022-12-08T18:00:00Z&bucket=1h'))
    ).json()) as Page<Bucket>;
    const firstS = (Date.parse('2022-12-08T16:20:00Z') - Date.parse(FIRST)) / 1000; // 698.13 s at 62
    expect(body.data).toEqual([
      {
        t: '2022-12-08T16:00:00.000Z',
        free: {
          min: 40,
          avg: weighted(
            [
              [62, firstS],
              [50, 1200],
              [40, 1200],
            ],
            1,
          ),
          max: 62,
        },
        occupancy: weighted(
          [
            [35 / 97, firstS],
            [47 / 97, 1200],
            [57 / 97, 1200],
          ],
          3,
        ),
      },
      {
        t: '2022-12-08T17:00:00.000Z',
        free: { min: 40, avg: 65, max: 70 },
        occupancy: weighted(
          [
            [57 / 97, 600],
            [27 / 97, 3000],
          ],
          3,
        ),
      },
    ]);
    expect(body.data[0].free.avg).toBe(48.8);
    expect(body.meta).toMatchObject({ count: 2, next: null, bucket: '1h' });
  });

  it('5m buckets start at the first observation and page by bucket; 1d covers the day until `to`', async () => {
    const fiveMin = (await (
      await fetch(url('from=2022-12-08T16:00:00Z&to=2022-12-08T17:00:00Z&bucket=5m'))
    ).json()) as Page<Bucket>;
    expect(fiveMin.data).toHaveLength(11);
    expect(fiveMin.data[0]).toEqual({
      t: '2022-12-08T16:05:00.000Z',
      free: { min: 62, avg: 62, max: 62 },
      occupancy: 0.361,
    });
    expect(fiveMin.data[3]).toEqual({
      t: '2022-12-08T16:20:00.000Z',
      free: { min: 50, avg: 50, max: 50 },
      occupancy: 0.485,
    });
    const paged = (await (
      await fetch(url('from=2022-12-08T16:00:00Z&to=2022-12-08T17:00:00Z&bucket=5m&limit=5'))
    ).json()) as Page<Bucket>;
    expect(paged.data.map((b) => b.t)).toEqual(fiveMin.data.slice(0, 5).map((b) => b.t));
    const rest = (await (
      await fetch(url(`from=2022-12-08T16:00:00Z&to=2022-12-08T17:00:00Z&bucket=5m&limit=10&cursor=${paged.meta.next}`))
    ).json()) as Page<Bucket>;
    expect(rest.data.map((b) => b.t)).toEqual(fiveMin.data.slice(5).map((b) => b.t));

    const day = (await (
      await fetch(url('from=2022-12-08T10:00:00Z&to=2022-12-09T00:00:00Z&bucket=1d'))
    ).json()) as Page<Bucket>;
    const firstS = (Date.parse('2022-12-08T16:20:00Z') - Date.parse(FIRST)) / 1000;
    expect(day.data).toEqual([
      {
        t: '2022-12-08T00:00:00.000Z',
        free: {
          min: 40,
          avg: weighted(
            [
              [62, firstS],
              [50, 1200],
              [40, 1800],
              [70, 6 * 3600 + 50 * 60],
            ],
            1,
          ),
          max: 70,
        },
        occupancy: weighted(
          [
            [35 / 97, firstS],
            [47 / 97, 1200],
            [57 / 97, 1800],
            [27 / 97, 6 * 3600 + 50 * 60],
          ],
          3,
        ),
      },
    ]);
    expect(day.meta.from).toBe('2022-12-08T00:00:00.000Z');
  });

  it('CSV: a header and one line per bucket or observation', async () => {
    const res = await fetch(url('from=2022-12-08T16:00:00Z&to=2022-12-08T18:00:00Z&bucket=1h&format=csv'));
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="herrenberg_ac230e00-2cea-11eb-93e4-7f8bf428cc7a-history.csv"',
    );
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe('t,free_min,free_avg,free_max,occupancy');
    expect(lines[2]).toBe(
      `2022-12-08T17:00:00.000Z,40,65,70,${weighted(
        [
          [57 / 97, 600],
          [27 / 97, 3000],
        ],
        3,
      )}`,
    );
    expect(lines).toHaveLength(4);
    const raw = (await (await fetch(url('from=2022-12-08T16:00:00Z&to=2022-12-08T18:00:00Z&format=csv'))).text()).split(
      '\r\n',
    );
    expect(raw[0]).toBe('t,free,occupied,capacity,status,occupancy,quality');
    expect(raw[1]).toBe(`${FIRST},62,35,97,open,0.361,`);
    expect(raw[4]).toBe('2022-12-08T17:10:00.000Z,70,27,97,open,0.278,');
  });

  it('ETag: a repeat with If-None-Match is a 304', async () => {
    const q = url('from=2022-12-08T16:00:00Z&to=2022-12-08T18:00:00Z&bucket=15m');
    const etag = (await fetch(q)).headers.get('etag') as string;
    const again = await fetch(q, { headers: { 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it.each([
    ['from=yesterday', 'from'],
    ['to=2022-12-08', 'to'],
    ['from=2022-12-08T18:00:00Z&to=2022-12-08T16:00:00Z', 'from'],
    ['from=2021-01-01T00:00:00Z&to=2022-12-08T16:00:00Z', 'from'],
    ['bucket=2h', 'bucket'],
    ['format=xlsx', 'format'],
    ['limit=0', 'limit'],
    ['limit=10001', 'limit'],
    ['cursor=bm90LWEtdGltZQ', 'cursor'],
    ['bukcet=1h', 'bukcet'],
  ])('400 for %s naming %s', async (query, parameter) => {
    const res = await fetch(url(query));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: Array<{ parameter: string }> } };
    expect(body.error.code).toBe('BAD_REQUEST');
    expect(body.error.details.map((d) => d.parameter)).toContain(parameter);
  });

  it('a late observation into an hour already rolled up changes that hour (the rollup is invalidated)', async () => {
    const query = url('from=2022-12-08T16:00:00Z&to=2022-12-08T18:00:00Z&bucket=1h');
    const before = (await (await fetch(query)).json()) as Page<Bucket>;
    expect(before.data[0].free.min).toBe(40);
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT hour FROM "${iso.schema}".parking_history_hour WHERE facility_id = $1`,
        [ID],
      );
      expect(rows.map((r: { hour: Date }) => r.hour.toISOString())).toEqual(['2022-12-08T16:00:00.000Z']);
      await client.query(
        `INSERT INTO "${iso.schema}".parking_observation (facility_id, observed_at, received_at, free, occupied, capacity, status)
         VALUES ($1, '2022-12-08T16:30:00Z', '2022-12-08T18:00:00Z', 30, 67, 97, 'open')`,
        [ID],
      );
    } finally {
      await client.end();
    }
    const after = (await (await fetch(query)).json()) as Page<Bucket>;
    const firstS = (Date.parse('2022-12-08T16:20:00Z') - Date.parse(FIRST)) / 1000;
    expect(after.data[0].free).toEqual({
      min: 30,
      avg: weighted(
        [
          [62, firstS],
          [50, 600],
          [30, 600],
          [40, 1200],
        ],
        1,
      ),
      max: 62,
    });
  });

  it('404 for a parking the hub never saw', async () => {
    const res = await fetch(`${base}/v1/parkings/herrenberg:nope/history`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
