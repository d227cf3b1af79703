import pg from 'pg';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { startOwnPostgres, type OwnPostgres } from '../support/own-postgres.js';
import { isolation, testConfig } from '../support/test-env.js';

/**
 * Postgres stopped for 8 s during polls, then started again (issue #11). A Postgres of the test's
 * own (the shared one stays up), polled every second with new values: while it is gone live values
 * keep updating and /v1/parkings serves them; history-backed routes answer a coded 503 at once;
 * afterwards every observation the operator served is in parking_observation exactly once
 * (the history queue is durable and its writes idempotent) and /health/ready is 200 again.
 */
const SOURCE = 'pgout';
const IDS = ['a', 'b', 'c'];
const OUTAGE_MS = 8_000;
const FAST_MS = 1_000;

interface Served {
  ts: string;
  free: Record<string, number>;
}

interface Answer {
  path: string;
  status: number;
  code?: string;
  ms: number;
}

describe('Postgres stopped during polls (nothing lost, nothing twice)', () => {
  const iso = isolation('pg_outage');
  let postgres: OwnPostgres;
  let client: pg.Pool;
  let operator: LocalOperator;
  let hub: RunningHub;
  const served: Served[] = [];

  const historyRows = async (): Promise<Array<{ facility_id: string; ms: string; free: number; n: string }>> => {
    const { rows } = await client.query<{ facility_id: string; ms: string; free: number; n: string }>(
      `SELECT facility_id, (extract(epoch FROM observed_at) * 1000)::bigint::text AS ms, min(free) AS free, count(*) AS n
       FROM "${iso.schema}".parking_observation GROUP BY facility_id, observed_at`,
    );
    return rows;
  };
  const liveFree = async (): Promise<string> => {
    const res = await fetch(`${hub.url}/v1/parkings?source=${SOURCE}`);
    if (res.status !== 200) throw new Error(`/v1/parkings answered ${res.status}`);
    const body = (await res.json()) as { data: Array<{ id: string; free: number | null }> };
    return body.data
      .map((p) => `${p.id}=${p.free}`)
      .sort()
      .join(',');
  };
  const timed = async (path: string): Promise<Answer> => {
    const started = performance.now();
    const res = await fetch(`${hub.url}${path}`, { signal: AbortSignal.timeout(10_000) });
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
    return { path, status: res.status, code: body.error?.code, ms: Math.round(performance.now() - started) };
  };

  beforeAll(async () => {
    postgres = await startOwnPostgres();
    client = new pg.Pool({ connectionString: postgres.url, max: 2 });
    client.on('error', () => undefined);
    operator = await startLocalOperator();
    // A new value for each facility on every request, stamped with the time it was served.
    operator.handle((_req, res) => {
      const k = operator.requests;
      const ts = new Date().toISOString();
      const free = Object.fromEntries(IDS.map((id, i) => [id, (k * 7 + i) % 90]));
      served.push({ ts, free });
      const items = IDS.map((id, i) => ({
        id,
        name: `Parking ${id}`,
        lat: 46.58 + i * 0.001,
        lon: 0.34 + i * 0.001,
        free: free[id],
        total: 100,
        ts,
      }));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ items }));
    });
    const sourcesPath = writeSources(`sources:
  - id: ${SOURCE}
    kind: parking
    format: json-mapping
    url: ${operator.url}
    interval: 1s
    timeout: 1s
    allowPrivateNetwork: true
    mapping: { items: items, id: id, name: name, lat: lat, lon: lon, free: free, capacity: total, observedAt: ts }
`);
    const base = testConfig(iso, { sourcesPath, databaseUrl: postgres.url });
    // The test asks every 250 ms through the outage and after it: more than the default anonymous budget.
    hub = await startHub({ ...base, access: { ...base.access, anonymousPerMinute: 100_000 } });
    await waitFor(async () => ((await historyRows().catch(() => [])).length >= 6 ? true : undefined), 20_000);
  }, 40_000);

  afterAll(async () => {
    await hub?.close();
    await operator?.close();
    await client?.end();
    await postgres?.close();
    await iso.cleanup();
  });

  it('keeps polling and serving through an 8 s outage; afterwards every observation is in history once', async () => {
    await postgres.stop();
    const stoppedAt = Date.now();
    const servedBefore = served.length;
    const live = new Set<string>();
    const answers: Answer[] = [];
    while (Date.now() - stoppedAt < OUTAGE_MS) {
      live.add(await liveFree());
      answers.push(await timed(`/v1/parkings/${SOURCE}:a/history`));
      answers.push(await timed(`/v1/parkings/${SOURCE}:b/history?bucket=1h`));
      answers.push(await timed(`/v1/sources/${SOURCE}/outages`));
      answers.push(await timed('/health/ready'));
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const servedDuring = served.length - servedBefore;
    // Polls went on (one a second), and the live values followed them.
    expect(servedDuring).toBeGreaterThanOrEqual(6);
    expect(live.size).toBeGreaterThanOrEqual(5);
    // History-backed routes: a coded 503 at once, never a 500 or a hang; readiness says not ready.
    expect(answers.filter((a) => a.ms >= FAST_MS)).toEqual([]);
    expect(answers.filter((a) => a.status !== 503)).toEqual([]);
    expect(answers.filter((a) => a.path.startsWith('/v1/') && a.code !== 'STORAGE_UNAVAILABLE')).toEqual([]);

    await postgres.start();
    const restartedAt = Date.now();
    const expected = served.filter((s) => Date.parse(s.ts) < restartedAt);
    const want = new Map(expected.flatMap((s) => IDS.map((id) => [`${SOURCE}:${id}@${Date.parse(s.ts)}`, s.free[id]])));
    // Every observation served until the restart reaches history (the queued jobs retry with a capped backoff).
    const rows = await waitFor(
      async () => {
        const r = await historyRows();
        const have = new Set(r.map((row) => `${row.facility_id}@${row.ms}`));
        return [...want.keys()].every((key) => have.has(key)) ? r : undefined;
      },
      40_000,
      250,
    );
    // ... exactly once, with the value the operator served at that time.
    expect(rows.filter((row) => row.n !== '1')).toEqual([]);
    const wrong = rows.filter((row) => {
      const value = want.get(`${row.facility_id}@${row.ms}`);
      return value !== undefined && value !== row.free;
    });
    expect(wrong).toEqual([]);
    expect(rows.length).toBeLessThanOrEqual(served.length * IDS.length);
    await waitFor(async () => ((await fetch(`${hub.url}/health/ready`)).status === 200 ? true : undefined), 15_000);
    expect((await timed(`/v1/parkings/${SOURCE}:a/history`)).status).toBe(200);
  }, 60_000);
});
