import type { RunningHub } from '../support/hub-app.js';
import { isolation } from '../support/test-env.js';
import { startHerrenbergHub } from '../e2e/api-support.js';

/** Altstadtgarage in the Herrenberg file (a parking the hub knows, so history reaches its query). */
const ID = 'herrenberg:ac230e00-2cea-11eb-93e4-7f8bf428cc7a';
const HISTORY = `/v1/parkings/${ID}/history`;

interface ErrorBody {
  error: { code: string; message: string; details?: Array<{ parameter: string; message: string }> };
}

/** Junk a hostile client sends: not numbers, out of range, past JavaScript's dates, arrays, objects, huge. */
const NUMBER_JUNK = [
  'x',
  '',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1e400',
  '1e-400',
  '0x10',
  '9'.repeat(400),
  '-0',
  '1.5',
  ' ',
  '%00',
];
const TIME_JUNK = [
  'x',
  '',
  '-271821-04-20T00:00:00Z',
  '-271821-04-19T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '+275760-09-13T00:00:00Z',
  '275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '0000-01-01T00:00:00Z',
  '2020-02-30T00:00:00Z',
  '2020-13-01T00:00:00Z',
  '2020-01-01T25:00:00Z',
  '2020-01-01T00:00:00+99:99',
  '2020-01-01T00:00:00',
  '1e400',
  '%00',
];
const GEO_JUNK = [
  'x',
  '',
  ',',
  '1,2,3',
  'NaN,NaN',
  'Infinity,0',
  '1e400,1e400',
  '91,0',
  '0,181',
  '-90.0000001,0',
  '1,2,3,4',
  '4,3,2,1',
  '-181,-91,181,91',
  '0,0,0,0',
  '1e-400,1e-400,1,1',
  `${'1,'.repeat(5_000)}1`,
];

/** [path, parameter, junk values]; other parameters of the same request are valid. */
const CASES: Array<[string, string, string[]]> = [
  [HISTORY, 'from', TIME_JUNK],
  [HISTORY, 'to', TIME_JUNK],
  [HISTORY, 'limit', NUMBER_JUNK],
  [HISTORY, 'bucket', ['x', '', '0m', '1h,1d']],
  [HISTORY, 'cursor', ['x', '', '!!!', Buffer.from('-271821-04-20T00:00:00Z').toString('base64url')]],
  ['/v1/parkings', 'near', GEO_JUNK],
  ['/v1/parkings', 'bbox', GEO_JUNK],
  ['/v1/parkings', 'limit', NUMBER_JUNK],
  ['/v1/parkings', 'minFree', NUMBER_JUNK],
  ['/v1/parkings', 'cursor', ['x', '', '!!!', 'A'.repeat(600), Buffer.from('{"x":1}').toString('base64url')]],
  ['/v1/stops', 'near', GEO_JUNK],
  ['/v1/stops', 'bbox', GEO_JUNK],
  ['/v1/stops', 'limit', NUMBER_JUNK],
  ['/v1/stops', 'cursor', NUMBER_JUNK],
  ['/v1/stops', 'q', ['', ' ', 'x'.repeat(200), '%00', "'; DROP TABLE stop; --", '%', '_', '\\']],
  ['/v1/stops/herrenberg:x/departures', 'at', TIME_JUNK],
  ['/v1/stops/herrenberg:x/departures', 'window', ['x', '', '0m', '1e400m', '-1h', '99999h', '1h1h']],
  ['/v1/stops/herrenberg:x/departures', 'limit', NUMBER_JUNK],
  ['/v1/routes', 'source', ['x!', '', ',', 'A'.repeat(2_000), '%00']],
  ['/v1/vehicles', 'route', ['x', '', ':', 'a:'.repeat(500), '%00']],
  ['/v1/vehicles', 'bbox', GEO_JUNK],
  ['/v1/alerts', 'stop', ['x', '', ':', 'a:'.repeat(500)]],
  ['/v1/sources/herrenberg/outages', 'from', TIME_JUNK],
  ['/v1/sources/herrenberg/outages', 'to', TIME_JUNK],
  ['/v1/sources/herrenberg/outages', 'limit', NUMBER_JUNK],
  ['/v1/sources/herrenberg/outages', 'cursor', ['x', '', Buffer.from('+275760-09-13T00:00:00Z').toString('base64url')]],
  ['/v1/outages', 'from', TIME_JUNK],
  ['/v1/outages', 'to', TIME_JUNK],
  ['/v1/outages', 'limit', NUMBER_JUNK],
  ['/v1/outages', 'perSource', NUMBER_JUNK],
  ['/v1/outages', 'ongoing', ['', 'yes', '1', 'TRUE']],
  ['/v1/outages', 'source', ['x!', '', ',', 'A'.repeat(2_000), '%00', 'not-configured']],
  [
    '/v1/outages',
    'cursor',
    [
      'x',
      '',
      '!!!',
      'A'.repeat(600),
      ...['{"x":1}', '[1,2]', '["+275760-09-13T00:00:00Z","herrenberg"]', '["2026-01-01T00:00:00Z","A B"]', '[]'].map(
        (v) => Buffer.from(v).toString('base64url'),
      ),
    ],
  ],
];

/** Parameters that need a companion to reach their own validation. */
const COMPANIONS: Record<string, string> = {
  [`${HISTORY} to`]: 'from=2022-12-08T00:00:00Z',
};

describe('REST: junk in query parameters is a 400 naming the parameter, never a 500', () => {
  const iso = isolation('rest_junk');
  let hub: RunningHub;
  let base: string;

  beforeAll(async () => {
    hub = await startHerrenbergHub(iso);
    base = hub.url as string;
  });
  afterAll(async () => {
    await hub.close();
    await iso.cleanup();
  });

  async function get(pathAndQuery: string): Promise<{ status: number; body: unknown }> {
    const res = await fetch(`${base}${pathAndQuery}`, { signal: AbortSignal.timeout(10_000) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: kept as text for the failure message
    }
    return { status: res.status, body };
  }

  /** A 400 must carry BAD_REQUEST and name the parameter; anything else must be below 500. */
  function check(url: string, parameter: string, status: number, body: unknown): string | null {
    if (status >= 500) return `${url} -> ${status} ${JSON.stringify(body)}`;
    if (status !== 400) return null;
    const error = (body as ErrorBody).error;
    if (error?.code !== 'BAD_REQUEST') return `${url} -> 400 without BAD_REQUEST: ${JSON.stringify(body)}`;
    // An unknown key (`from[a]`, `limit[]`: the query parser keeps brackets) is named in the message.
    const named = (error.details ?? []).some(
      (d) => d.parameter === parameter || (d.parameter === '(query)' && d.message.includes(`"${parameter}`)),
    );
    return named ? null : `${url} -> 400 not naming ${parameter}: ${JSON.stringify(body)}`;
  }

  it.each(CASES)('%s ?%s=junk', async (path, parameter, values) => {
    const failures: string[] = [];
    const companion = COMPANIONS[`${path} ${parameter}`];
    for (const value of values) {
      const query = new URLSearchParams({ [parameter]: value }).toString();
      const url = `${path}?${companion === undefined ? '' : `${companion}&`}${query}`;
      const { status, body } = await get(url);
      const failure = check(url, parameter, status, body);
      if (failure !== null) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });

  it('history: from=x&to=y names both parameters', async () => {
    const { status, body } = await get(`${HISTORY}?from=x&to=y`);
    expect(status).toBe(400);
    const error = (body as ErrorBody).error;
    expect(error.code).toBe('BAD_REQUEST');
    expect((error.details ?? []).map((d) => d.parameter).sort()).toEqual(['from', 'to']);
  });

  it('history: dates at the edge of what JavaScript can hold, and huge ranges, are 400 naming from/to', async () => {
    const cases: Array<[string, string]> = [
      ['from=-271821-04-20T00:00:00Z', 'from'],
      ['from=-271821-04-20T00:00:00Z&to=2022-12-09T00:00:00Z', 'from'],
      ['to=+275760-09-13T00:00:00.001Z', 'to'],
      ['from=2022-12-08T00:00:00Z&to=+275760-09-13T00:00:00Z', 'to'],
      ['from=0000-01-01T00:00:00Z&to=9999-12-31T23:59:59Z', 'from'],
      ['from=2022-12-08T00:00:00Z&to=9999-12-31T23:59:59Z', 'to'],
      ['to=0001-01-01T00:00:00Z', 'to'],
      // Without `to`, the span is counted to now.
      ['from=1970-01-01T00:00:00Z', 'from'],
    ];
    const failures: string[] = [];
    for (const [query, parameter] of cases) {
      const { status, body } = await get(`${HISTORY}?${query}`);
      const failure = status === 400 ? check(query, parameter, status, body) : `${query} -> ${status}`;
      if (failure !== null) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });

  it('repeated and nested parameters are 400, not 500', async () => {
    const failures: string[] = [];
    const queries: Array<[string, string, string]> = [
      [HISTORY, 'from', 'from=2022-12-08T00:00:00Z&from=2022-12-09T00:00:00Z'],
      [HISTORY, 'from', 'from[a]=1'],
      [HISTORY, 'limit', 'limit[]=1&limit[]=2'],
      ['/v1/parkings', 'near', 'near=1,2&near=3,4'],
      ['/v1/parkings', 'radius', 'near=46.5,0.3&radius[x]=1'],
      ['/v1/parkings', 'bbox', 'bbox[0]=1&bbox[1]=2'],
      ['/v1/stops', 'radius', 'near=46.5,0.3&radius=1e400'],
      ['/v1/stops', 'q', 'q=a&q=b'],
      ['/v1/routes', 'source', 'source[__proto__]=x'],
      ['/v1/vehicles', 'route', 'route=a:b&route=c:d'],
    ];
    for (const [path, parameter, query] of queries) {
      const url = `${path}?${query}`;
      const { status, body } = await get(url);
      const failure = check(url, parameter, status, body);
      if (failure !== null) failures.push(failure);
    }
    expect(failures).toEqual([]);
  });

  it('the hub still answers after the junk', async () => {
    const { status } = await get(`${HISTORY}?from=2022-12-08T00:00:00Z&to=2022-12-09T00:00:00Z`);
    expect(status).toBe(200);
  });
});
