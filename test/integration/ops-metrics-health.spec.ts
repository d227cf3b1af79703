import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { ShutdownCoordinator } from '../../src/ops/shutdown/shutdown-coordinator.service.js';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { OpsProbes, Scrape } from '../support/ops-probes.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { isolation, TEST_DATABASE_URL, testConfig } from '../support/test-env.js';

interface HealthBody {
  status: string;
  info?: Record<string, { status: string }>;
  error?: Record<string, { status: string; message?: string }>;
  details: Record<string, { status: string }>;
}

const EXPECTED_FAMILIES: Array<[string, string]> = [
  ['hub_polls_total', 'COUNTER'],
  ['hub_poll_duration_seconds', 'HISTOGRAM'],
  ['hub_poll_bytes_total', 'COUNTER'],
  ['hub_changes_total', 'COUNTER'],
  ['hub_source_outages_total', 'COUNTER'],
  ['hub_source_entities', 'GAUGE'],
  ['hub_source_status', 'GAUGE'],
  ['hub_source_consecutive_failures', 'GAUGE'],
  ['hub_source_last_success_timestamp_seconds', 'GAUGE'],
  ['hub_stale_sources', 'GAUGE'],
  ['hub_live_pushes_total', 'COUNTER'],
  ['hub_live_clients', 'GAUGE'],
  ['hub_live_subscriptions', 'GAUGE'],
  ['hub_queue_jobs', 'GAUGE'],
  ['hub_queue_lag_seconds', 'GAUGE'],
  ['hub_history_write_backlog', 'GAUGE'],
  ['hub_http_requests_total', 'COUNTER'],
  ['hub_http_request_duration_seconds', 'HISTOGRAM'],
  ['hub_nodejs_eventloop_lag_seconds', 'GAUGE'],
];

describe('/metrics and /health on the real AppModule', () => {
  const iso = isolation('ops_metrics');
  let operator: LocalOperator;
  let proxy: TcpProxy;
  let hub: RunningHub;
  let probes: OpsProbes;
  let url: string;

  beforeAll(async () => {
    const target = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(TEST_DATABASE_URL);
    viaProxy.port = String(proxy.port);
    operator = await startLocalOperator();
    operator.setBody(jsonFeed({ a: 1, b: 2, c: 3 }, '2026-11-28T08:00:00Z'));
    const sources = writeSources(`sources:${jsonFeedSource('ops', operator.url, '24h')}`);
    hub = await startHub(testConfig(iso, { sourcesPath: sources, databaseUrl: viaProxy.toString() }));
    url = hub.url as string;
    probes = new OpsProbes(iso.prefix, iso.schema);
    await waitFor(async () => ((await probes.events('source')).length === 1 ? true : undefined));
  });

  afterAll(async () => {
    await hub.close();
    await proxy.close();
    await probes.close();
    await operator.close();
    await iso.cleanup();
  });

  it('a scrape parses with a Prometheus text parser and lists every hub metric', async () => {
    const res = await fetch(`${url}/metrics`);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const scrape = await Scrape.of(url);
    for (const [name, type] of EXPECTED_FAMILIES) expect([name, scrape.family(name)?.type]).toEqual([name, type]);
    // Live-feed metrics exist from the start, at 0, until the live feed reports into them.
    expect(scrape.value('hub_live_clients', { transport: 'socketio' })).toBe(0);
    expect(scrape.family('hub_live_pushes_total')?.metrics).toHaveLength(4);
    // Labels stay bounded: no entity id ever appears in a label.
    const labels = scrape.families.flatMap((f) => f.metrics.flatMap((m) => Object.values(m.labels ?? {})));
    expect(labels.filter((l) => l.startsWith('ops:'))).toEqual([]);
    expect(scrape.value('hub_source_entities', { source: 'ops' })).toBe(3);
    expect(scrape.value('hub_source_status', { source: 'ops', status: 'ok' })).toBe(1);
  });

  it('counters move with a poll and with HTTP requests', async () => {
    const before = await Scrape.of(url);
    const body = jsonFeed({ a: 1, b: 20, c: 30 }, '2026-11-28T08:01:00Z');
    operator.setBody(body);
    await hub.app.get(PollSourceService).poll('ops');
    await fetch(`${url}/v1/parkings?limit=2`);
    const after = await Scrape.of(url);
    const delta = (name: string, labels: Record<string, string>) =>
      after.value(name, labels) - before.value(name, labels);
    expect(delta('hub_polls_total', { source: 'ops', outcome: 'changed' })).toBe(1);
    expect(delta('hub_changes_total', { source: 'ops' })).toBe(2);
    expect(delta('hub_poll_bytes_total', { source: 'ops' })).toBe(Buffer.byteLength(body));
    expect(
      after.sample('hub_poll_duration_seconds_count', 'source="ops"') -
        before.sample('hub_poll_duration_seconds_count', 'source="ops"'),
    ).toBe(1);
    expect(delta('hub_http_requests_total', { method: 'GET', route: '/v1/parkings', status: '200' })).toBe(1);
  });

  it('echoes a caller request id, or makes one', async () => {
    const given = await fetch(`${url}/v1/sources`, { headers: { 'x-request-id': 'trace-42' } });
    expect(given.headers.get('x-request-id')).toBe('trace-42');
    const made = await fetch(`${url}/v1/sources`, { headers: { 'x-request-id': 'not ok; <script>' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('live is up; ready checks Redis, Postgres and the queue, and says which one is down', async () => {
    const live = await fetch(`${url}/health/live`);
    expect(live.status).toBe(200);
    expect(((await live.json()) as HealthBody).status).toBe('ok');
    const ready = await fetch(`${url}/health/ready`);
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as HealthBody).details).toMatchObject({
      redis: { status: 'up' },
      postgres: { status: 'up' },
      queue: { status: 'up' },
      shutdown: { status: 'up' },
    });

    await proxy.cut();
    operator.setBody(jsonFeed({ a: 2, b: 20, c: 30 }, '2026-11-28T08:02:00Z'));
    await hub.app.get(PollSourceService).poll('ops'); // a history write that cannot land now
    const notReady = await fetch(`${url}/health/ready`);
    expect(notReady.status).toBe(503);
    const body = (await notReady.json()) as HealthBody;
    expect(body.status).toBe('error');
    expect(body.details).toMatchObject({
      redis: { status: 'up' },
      postgres: { status: 'down' },
      queue: { status: 'up' },
    });
    expect((await fetch(`${url}/health/live`)).status).toBe(200);
    await waitFor(async () => ((await Scrape.of(url)).value('hub_history_write_backlog') >= 1 ? true : undefined));

    await proxy.restore();
    await waitFor(async () => ((await fetch(`${url}/health/ready`)).status === 200 ? true : undefined), 20_000);
    await waitFor(
      async () => ((await Scrape.of(url)).value('hub_history_write_backlog') === 0 ? true : undefined),
      45_000,
    );
  }, 80_000);

  it('readiness turns 503 as soon as a graceful shutdown begins', async () => {
    await hub.app.get(ShutdownCoordinator).begin(100);
    const res = await fetch(`${url}/health/ready`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as HealthBody).details.shutdown).toEqual({ status: 'down', message: 'shutting down' });
  });
});
