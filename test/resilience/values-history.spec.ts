import { jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import pg from 'pg';
import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { PARKING_HISTORY_QUEUE, type ParkingHistoryQueuePort } from '../../src/parking/ports/parking-history.port.js';
import { jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { Scrape } from '../support/ops-probes.js';
import { isolation, TEST_DATABASE_URL, testConfig } from '../support/test-env.js';

/**
 * One absurd value from one operator costs nobody else their history (issue #11): real Redis and
 * Postgres, the real pipeline, operators on loopback serving json-mapping payloads.
 */
const DAY = 86_400_000;
const RETENTION_MS = 400 * DAY;
const START = Date.now();
const recent = new Date(START - 60_000).toISOString();

type Item = Record<string, unknown>;
const items = (list: Item[]): string =>
  JSON.stringify({
    items: list.map((r, i) => ({ name: `P ${i}`, lat: 46.58, lon: 0.34 + i / 1000, ts: recent, ...r })),
  });

/** Each source's payload, served from its own loopback operator. */
const FEEDS: Record<string, string> = {
  huge: items([
    { id: 'a', free: 10, total: 100 },
    { id: 'b', free: 12, total: 1e300 },
    { id: 'c', free: 30, total: 100 },
  ]),
  future: items([
    { id: 'a', free: 10, total: 100 },
    { id: 'b', free: 11, total: 100 },
    { id: 'c', free: 12, total: 100 },
    { id: 'd', free: 13, total: 100, ts: '2999-01-01T00:00:00Z' },
  ]),
  // 31-day steps: 300 records in 300 different months, back to 1999.
  months: items(
    Array.from({ length: 300 }, (_, i) => ({
      id: `p${i}`,
      free: i % 50,
      total: 100,
      ts: new Date(START - i * 31 * DAY).toISOString(),
    })),
  ),
  invalid: items([{ free: 1 }, { free: 2 }, { free: 3 }]),
  dupes: items([
    { id: 'a', free: 5, total: 100 },
    { id: 'a', free: 7, total: 100 },
  ]),
};

interface Health {
  status: string;
  warnings: number;
  lastPollAt: string | null;
  lastError?: { code: string; message: string };
  historyLost?: { rows: number; lastRows: number; code: string };
}
interface Served {
  free: number | null;
  capacity: number | null;
  observedAt: string;
  quality: string[];
}

describe('values: one absurd record cannot cost the others their history', () => {
  const iso = isolation('values');
  const operators: LocalOperator[] = [];
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  let hub: RunningHub;
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${hub.url}${path}`)).json()) as T;
  const historyOf = async (source: string): Promise<Array<{ facility_id: string; capacity: number | null }>> => {
    const { rows } = await client
      .query(
        `SELECT facility_id, capacity FROM "${iso.schema}".parking_observation WHERE facility_id LIKE $1 ORDER BY facility_id`,
        [`${source}:%`],
      )
      .catch(() => ({ rows: [] }));
    return rows as Array<{ facility_id: string; capacity: number | null }>;
  };

  beforeAll(async () => {
    let yaml = 'sources:';
    for (const [id, body] of Object.entries(FEEDS)) {
      const operator = await startLocalOperator(`/${id}`);
      operator.setBody(body);
      operators.push(operator);
      yaml += jsonFeedSource(id, operator.url, '24h');
    }
    await client.connect();
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(yaml), historyRetentionMs: RETENTION_MS }));
    // Every source polled once (the first tick of each scheduler), its history job done.
    await waitFor(async () => {
      const { data } = await get<{ data: Health[] }>('/v1/sources');
      return data.every((h) => h.lastPollAt !== null) ? true : undefined;
    });
    await waitFor(async () => ((await historyOf('dupes')).length === 1 ? true : undefined));
  }, 60_000);

  afterAll(async () => {
    await hub.close();
    await client.end();
    for (const operator of operators) await operator.close();
    await iso.cleanup();
  });

  it('capacity 1e300: refused and flagged on that record; the others, and the record, reach history', async () => {
    const bad = await get<Served>('/v1/parkings/huge:b');
    expect(bad).toMatchObject({ capacity: null, free: 12 });
    expect(bad.quality).toContain('value-out-of-range');
    expect(await get<Served>('/v1/parkings/huge:a')).toMatchObject({ capacity: 100, free: 10, quality: [] });
    const rows = await waitFor(async () => {
      const r = await historyOf('huge');
      return r.length === 3 ? r : undefined;
    });
    expect(rows).toEqual([
      { facility_id: 'huge:a', capacity: 100 },
      { facility_id: 'huge:b', capacity: null },
      { facility_id: 'huge:c', capacity: 100 },
    ]);
    const health = await get<Health>('/v1/sources/huge');
    expect(health.status).toBe('degraded');
    expect(health.warnings).toBeGreaterThan(0);
  });

  it('one record dated 2999: the others keep their time; it is served at its receive time, not in history', async () => {
    for (const id of ['a', 'b', 'c']) {
      const p = await get<Served>(`/v1/parkings/future:${id}`);
      expect([id, p.observedAt, p.quality]).toEqual([id, recent, []]);
    }
    const d = await get<Served>('/v1/parkings/future:d');
    expect(d.quality).toContain('observed-at-out-of-range');
    expect(Math.abs(Date.parse(d.observedAt) - Date.now())).toBeLessThan(5 * 60_000);
    const rows = await waitFor(async () => {
      const r = await historyOf('future');
      return r.length === 3 ? r : undefined;
    });
    expect(rows.map((r) => r.facility_id)).toEqual(['future:a', 'future:b', 'future:c']);
  });

  it('300 records in 300 months: history only within the retention, so a handful of partitions', async () => {
    const { rows } = await client.query(
      `SELECT count(*)::int AS n FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace ns ON ns.oid = p.relnamespace
       WHERE p.relname = 'parking_observation' AND ns.nspname = $1`,
      [iso.schema],
    );
    expect((rows[0] as { n: number }).n).toBeLessThanOrEqual(15);
    const written = await historyOf('months');
    expect(written.length).toBeGreaterThanOrEqual(12);
    expect(written.length).toBeLessThanOrEqual(14);
    const old = await get<Served>('/v1/parkings/months:p200');
    expect(old.quality).toContain('observed-at-out-of-range');
  });

  it('a payload whose records are all invalid stays degraded when polled again unchanged', async () => {
    expect(await get<Health>('/v1/sources/invalid')).toMatchObject({ status: 'degraded', warnings: 3 });
    const poller = hub.app.get(PollSourceService);
    for (let i = 0; i < 2; i++) {
      expect(await poller.poll('invalid')).toMatchObject({ outcome: 'unchanged' });
      expect(await get<Health>('/v1/sources/invalid')).toMatchObject({ status: 'degraded', warnings: 3 });
    }
  });

  it('json-mapping: of two records with one id the latest wins, flagged duplicate-id', async () => {
    const p = await get<Served>('/v1/parkings/dupes:a');
    expect(p.free).toBe(7);
    expect(p.quality).toContain('duplicate-id');
  });

  it('rows Postgres refuses are isolated; the loss is in /v1/sources, /metrics and the log', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error');
    const now = new Date().toISOString();
    const row = (facilityId: string, capacity: number) => ({
      facilityId,
      observedAt: now,
      receivedAt: now,
      free: 1,
      occupied: capacity - 1,
      capacity,
      status: 'open',
      quality: [],
    });
    const facility = (localId: string, name: string) => ({
      id: `huge:${localId}`,
      source: 'huge',
      localId,
      name,
      kind: 'car-park',
      lat: 46.5,
      lon: 0.3,
      address: null,
      capacity: 10,
      disabledCapacity: null,
      updatedAt: now,
    });
    // A batch as a job queued before the values were bounded would carry it: 22003 and 22021 in it.
    await hub.app.get<ParkingHistoryQueuePort>(PARKING_HISTORY_QUEUE).enqueue({
      sourceId: 'huge',
      facilities: [facility('x', 'X'), facility('y', 'Y\u0000')],
      observations: [row('huge:x', 10), row('huge:y', 1e300), row('huge:z', 20)],
    });
    const health = await waitFor(async () => {
      const h = await get<Health>('/v1/sources/huge');
      return h.historyLost?.rows === 2 ? h : undefined;
    });
    expect(health).toMatchObject({ status: 'degraded', lastError: { code: 'STORAGE_DATA_ERROR' } });
    expect(health.lastError?.message).toMatch(/history rows not written: postgres 22/);
    expect((await historyOf('huge')).map((r) => r.facility_id)).toEqual([
      'huge:a',
      'huge:b',
      'huge:c',
      'huge:x',
      'huge:z',
    ]);
    const { rows } = await client.query(`SELECT id FROM "${iso.schema}".facility WHERE id IN ('huge:x', 'huge:y')`);
    expect(rows).toEqual([{ id: 'huge:x' }]);
    const scrape = await Scrape.of(hub.url as string);
    expect(scrape.value('hub_history_rows_lost_total', { source: 'huge', code: 'STORAGE_DATA_ERROR' })).toBe(2);
    const lines = logged.mock.calls.map((c) => String(c[0]));
    expect(lines.filter((l) => l.includes('source huge') && l.includes('history rows not written')).length).toBe(1);
    logged.mockRestore();
  });
});
