import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import pg from 'pg';
import yauzl from 'yauzl';
import { GtfsImportService } from '../../src/ingest/gtfs/gtfs-import.service.js';
import { contentHash } from '../../src/ingest/gtfs/gtfs-static-poll.service.js';
import type { Punctuality } from '../../src/transit/punctuality.service.js';
import { startHub, writeSources, type RunningHub } from '../support/hub-app.js';
import { isolation, TEST_DATABASE_URL, testConfig } from '../support/test-env.js';
import { fixture, transitSources } from './transit-support.js';

/** One row of transit_delay_observation as the GTFS-RT ingest writes it (trip ids prefixed by the feed). */
interface Seed {
  tripId: string;
  serviceDate: string;
  stopId: string;
  seq: number;
  delay: number;
  observedAt: Date;
}

/**
 * percentile_cont: linear interpolation between the two values around position p·(n−1) of the
 * sorted list. The hub computes its percentiles in SQL (Postgres percentile_cont, in
 * transit-punctuality.reader.ts), not with this: this is the documented definition written
 * again here, so the expected values do not come from the hub's code.
 */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const pos = p * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The hour (0–23) of an instant on the wall clock of a time zone. */
function hourIn(timeZone: string, t: Date): number {
  const format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' });
  return Number(format.format(t));
}

/**
 * What the endpoint should answer, from the seeded rows alone: a call (trip, service day, stop,
 * sequence) counts once, with its last report, in the range that holds that report; on time is
 * −early ≤ delay < late.
 */
function expected(rows: Seed[], from: Date, to: Date, tz: string, earlyTol = 60, lateTol = 300) {
  const last = new Map<string, Seed>();
  for (const r of rows) {
    if (r.observedAt < from) continue;
    const key = `${r.tripId}|${r.serviceDate}|${r.seq}|${r.stopId}`;
    const held = last.get(key);
    if (held === undefined || held.observedAt < r.observedAt) last.set(key, r);
  }
  const calls = [...last.values()].filter((r) => r.observedAt < to);
  const summary = (list: Seed[]) => {
    const delays = list.map((r) => r.delay);
    const early = delays.filter((d) => d < -earlyTol).length;
    const late = delays.filter((d) => d >= lateTol).length;
    return { n: delays.length, early, late, onTime: delays.length - early - late, delays };
  };
  const all = summary(calls);
  const hours = calls.map((r) => hourIn(tz, r.observedAt));
  const byHour = Array.from({ length: 24 }, (_, hour) => {
    const s = summary(calls.filter((_r, i) => hours[i] === hour));
    return {
      hour,
      observations: s.n,
      onTimeShare: s.n === 0 ? null : s.onTime / s.n,
      p50: percentile(s.delays, 0.5),
      p90: percentile(s.delays, 0.9),
    };
  });
  return {
    observations: all.n,
    onTime: all.onTime,
    early: all.early,
    late: all.late,
    onTimeShare: all.n === 0 ? null : all.onTime / all.n,
    delay: { p50: percentile(all.delays, 0.5), p90: percentile(all.delays, 0.9), p95: percentile(all.delays, 0.95) },
    byHour,
  };
}

/** Compares numbers to 1e-9 (percentile_cont is double precision) and the rest exactly. */
function expectClose(actual: unknown, wanted: unknown, where = ''): void {
  if (typeof wanted === 'number' && typeof actual === 'number') {
    expect([where, Math.abs(actual - wanted) < 1e-9 ? wanted : actual]).toEqual([where, wanted]);
  } else if (wanted !== null && typeof wanted === 'object') {
    expect([where, typeof actual]).toEqual([where, 'object']);
    const a = actual as Record<string, unknown>;
    expect([where, Object.keys(a).sort()]).toEqual([where, Object.keys(wanted).sort()]);
    for (const [k, v] of Object.entries(wanted)) expectClose(a[k], v, `${where}.${k}`);
  } else {
    expect([where, actual]).toEqual([where, wanted]);
  }
}

/**
 * trip_id → route_id from the zip's trips.txt, read here without the hub's importer. Caltrain's
 * zip has bytes after its end-of-central-directory record: cut there first.
 */
async function tripRoutes(zip: string): Promise<Map<string, string>> {
  const bytes = readFileSync(zip);
  const eocd = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const whole = bytes.subarray(0, eocd + 22 + bytes.readUInt16LE(eocd + 20));
  const text = await new Promise<string>((resolve, reject) => {
    yauzl.fromBuffer(whole, { lazyEntries: true }, (error, file) => {
      if (error !== null) return reject(error);
      file.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== 'trips.txt') return file.readEntry();
        file.openReadStream(entry, (e, stream) => {
          if (e !== null) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            file.close();
            resolve(Buffer.concat(chunks).toString('utf8'));
          });
        });
      });
      file.on('end', () => reject(new Error('no trips.txt')));
      file.readEntry();
    });
  });
  const [header, ...lines] = text.trim().split(/\r?\n/);
  const cols = header.split(',');
  const route = cols.indexOf('route_id');
  const trip = cols.indexOf('trip_id');
  return new Map(lines.map((l) => l.split(',')).map((c) => [c[trip], c[route]]));
}

type Schema = Record<string, unknown>;

/** A copy of a schema whose objects refuse properties they do not list; $refs point into 'doc'. */
function closed(schema: Schema): Schema {
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'example' || key === 'description') continue;
    if (key === '$ref') out.$ref = `doc${value as string}`;
    else if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value as Schema).map(([k, v]) => [k, closed(v as Schema)]));
    } else if (key === 'oneOf' || key === 'allOf') out[key] = (value as Schema[]).map((v) => closed(v));
    else if (key === 'items') out.items = closed(value as Schema);
    else out[key] = value;
  }
  if (out.properties !== undefined) out.additionalProperties = false;
  return out;
}

const TZ = 'America/Los_Angeles'; // Caltrain's agency_timezone
const FROM = new Date('2026-10-30T00:00:00Z');
const TO = new Date('2026-11-03T00:00:00Z'); // across the end of US summer time (2026-11-01)

describe('GET /v1/routes/:id/punctuality and /v1/stops/:id/punctuality (delay history in Postgres)', () => {
  const iso = isolation('punctuality');
  let hub: RunningHub;
  let db: pg.Client;
  const seeds: Seed[] = [];
  let routeOf: Map<string, string>;

  const get = async <T>(url: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(`${hub.url}${url}`);
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(transitSources()) }));
    const zip = fixture('gtfs/caltrain-gtfs.zip');
    await hub.app.get(GtfsImportService).importFile('caltrain', zip, { contentHash: contentHash(readFileSync(zip)) });
    routeOf = await tripRoutes(zip);
    const l1 = [...routeOf].filter(([, r]) => r === 'L1').map(([t]) => t);
    const l5 = [...routeOf].filter(([, r]) => r === 'L5').map(([t]) => t);
    expect(l1.length).toBeGreaterThan(10);
    // 400 reports over 5 days (one every 17 min from 2026-10-29T12:00Z), on L1 and L5 trips, at
    // Santa Clara's two platforms (70241, 70242) and at San Jose (70261); delays from −400 s to +900 s.
    const start = Date.parse('2026-10-29T12:00:00Z');
    for (let i = 0; i < 400; i++) {
      const trips = i % 3 === 0 ? l5 : l1;
      seeds.push({
        tripId: `caltrain:${trips[i % trips.length]}`,
        serviceDate: '2026103' + String(i % 4),
        stopId: ['70241', '70242', '70261'][i % 3],
        seq: 10 + (i % 7),
        delay: ((i * 137) % 1301) - 400,
        observedAt: new Date(start + i * 17 * 60_000),
      });
    }
    // Earlier reports of 40 of those calls: superseded by the last one, never counted.
    for (let i = 0; i < 400; i += 10) {
      const s = seeds[i];
      seeds.push({ ...s, delay: s.delay + 1000, observedAt: new Date(s.observedAt.getTime() - 5 * 60_000) });
    }
    // The same local stop and route-less trip ids of another feed: not Caltrain's.
    for (let i = 0; i < 5; i++) {
      seeds.push({
        tripId: `bart:${l1[i]}`,
        serviceDate: '20261031',
        stopId: '70242',
        seq: 3,
        delay: 5000,
        observedAt: new Date('2026-10-31T18:00:00Z'),
      });
    }
    db = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    await db.query(
      `INSERT INTO "${iso.schema}".transit_delay_observation
         (source, trip_id, service_date, stop_id, stop_sequence, delay, observed_at)
       SELECT 'caltrain-rt', t, d, s, q, dl, o
       FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::int[], $6::timestamptz[]) AS u(t, d, s, q, dl, o)`,
      [
        seeds.map((s) => s.tripId),
        seeds.map((s) => s.serviceDate),
        seeds.map((s) => s.stopId),
        seeds.map((s) => s.seq),
        seeds.map((s) => s.delay),
        seeds.map((s) => s.observedAt),
      ],
    );
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await hub?.close();
    await iso.cleanup();
  });

  const q = `from=${FROM.toISOString()}&to=${TO.toISOString()}`;

  it('a route: on-time share, early, late and percentiles of its calls, overall and by hour in agency_timezone', async () => {
    const { status, body } = await get<{ data: Punctuality; meta: { generatedAt: string } }>(
      `/v1/routes/caltrain:L1/punctuality?${q}`,
    );
    expect(status).toBe(200);
    const rows = seeds.filter((s) => s.tripId.startsWith('caltrain:') && routeOf.get(s.tripId.slice(9)) === 'L1');
    const want = expected(rows, FROM, TO, TZ);
    expect(want.observations).toBeGreaterThan(100);
    expect(want.early).toBeGreaterThan(0);
    expect(want.late).toBeGreaterThan(0);
    expectClose(body.data, {
      routeId: 'caltrain:L1',
      from: FROM.toISOString(),
      to: TO.toISOString(),
      timezone: TZ,
      earlyTolerance: 60,
      lateTolerance: 300,
      ...want,
    });
    expect(typeof body.meta.generatedAt).toBe('string');
  });

  it('a station: its platforms, only the calls of its own feed; tolerances and tz as asked', async () => {
    const { status, body } = await get<{ data: Punctuality }>(
      `/v1/stops/caltrain:santa_clara/punctuality?${q}&earlyTolerance=0&lateTolerance=120&tz=Europe/Paris`,
    );
    expect(status).toBe(200);
    const rows = seeds.filter((s) => s.tripId.startsWith('caltrain:') && ['70241', '70242'].includes(s.stopId));
    expectClose(body.data, {
      stopId: 'caltrain:santa_clara',
      from: FROM.toISOString(),
      to: TO.toISOString(),
      timezone: 'Europe/Paris',
      earlyTolerance: 0,
      lateTolerance: 120,
      ...expected(rows, FROM, TO, 'Europe/Paris', 0, 120),
    });
  });

  it('answers as the OpenAPI document describes them, with no undocumented field', async () => {
    const doc = (
      await get<{
        paths: Record<string, { get: { responses: Record<string, unknown> } }>;
        components: { schemas: Record<string, Schema> };
      }>('/docs/openapi.json')
    ).body;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const schemas = Object.fromEntries(Object.entries(doc.components.schemas).map(([n, sc]) => [n, closed(sc)]));
    ajv.addSchema({ $id: 'doc', components: { schemas } });
    for (const [route, url] of [
      ['/v1/routes/{id}/punctuality', `/v1/routes/caltrain:L1/punctuality?${q}`],
      ['/v1/stops/{id}/punctuality', `/v1/stops/caltrain:santa_clara/punctuality?${q}&_=1`],
      [
        '/v1/stops/{id}/punctuality',
        '/v1/stops/caltrain:70242/punctuality?from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z',
      ],
    ]) {
      const ok = doc.paths[route].get.responses['200'] as { content: { 'application/json': { schema: Schema } } };
      const validate = ajv.compile(closed(ok.content['application/json'].schema));
      const { body } = await get<unknown>(url);
      validate(body);
      expect([url, validate.errors ?? []]).toEqual([url, []]);
    }
  });

  it('a range without reports: observations 0, shares and percentiles null', async () => {
    const { status, body } = await get<{ data: Punctuality }>(
      '/v1/stops/caltrain:70242/punctuality?from=2026-01-01T00:00:00Z&to=2026-01-08T00:00:00Z',
    );
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      observations: 0,
      onTime: 0,
      early: 0,
      late: 0,
      onTimeShare: null,
      delay: { p50: null, p90: null, p95: null },
    });
    expect(body.data.byHour).toEqual(
      Array.from({ length: 24 }, (_, hour) => ({ hour, observations: 0, onTimeShare: null, p50: null, p90: null })),
    );
  });

  it('defaults to the last 7 days', async () => {
    const now = Date.now();
    const { body } = await get<{ data: Punctuality }>('/v1/stops/caltrain:70261/punctuality');
    expect(Date.parse(body.data.to)).toBeGreaterThanOrEqual(now - 1_000);
    expect(Date.parse(body.data.to) - Date.parse(body.data.from)).toBe(7 * 86_400_000);
  });

  it('404 for an unknown route or stop', async () => {
    for (const url of [
      '/v1/routes/caltrain:NOPE/punctuality',
      '/v1/stops/caltrain:nope/punctuality',
      '/v1/routes/nofeed:L1/punctuality',
    ]) {
      const { status, body } = await get<{ error: { code: string } }>(url);
      expect([url, status, body.error.code]).toEqual([url, 404, 'NOT_FOUND']);
    }
  });

  it('400 naming the parameter for a bad range, tolerance or time zone', async () => {
    const cases: Array<[string, string[]]> = [
      ['from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z', ['from', 'to']],
      ['from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z', ['from', 'to']],
      ['from=2020-01-01T00:00:00Z', ['from']],
      ['from=yesterday', ['from']],
      ['earlyTolerance=-5', ['earlyTolerance']],
      ['lateTolerance=0', ['lateTolerance']],
      ['tz=Mars/Olympus', ['tz']],
    ];
    for (const [query, parameters] of cases) {
      const { status, body } = await get<{ error: { code: string; details: Array<{ parameter: string }> } }>(
        `/v1/routes/caltrain:L1/punctuality?${query}`,
      );
      expect([query, status, body.error.code]).toEqual([query, 400, 'BAD_REQUEST']);
      expect([query, [...new Set(body.error.details.map((d) => d.parameter))].sort()]).toEqual([
        query,
        parameters.sort(),
      ]);
    }
  });
});
