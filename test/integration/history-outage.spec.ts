import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { HubProbes } from '../support/hub-probes.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';
import { isolation, TEST_DATABASE_URL, testConfig } from '../support/test-env.js';

describe('Postgres down during polls', () => {
  const iso = isolation('outage');
  let operator: LocalOperator;
  let proxy: TcpProxy;
  let hub: RunningHub;
  let probes: HubProbes;

  beforeAll(async () => {
    const target = new URL(TEST_DATABASE_URL);
    proxy = await startTcpProxy(target.hostname, Number(target.port || 5432));
    const viaProxy = new URL(TEST_DATABASE_URL);
    viaProxy.port = String(proxy.port);
    operator = await startLocalOperator();
    operator.setBody(jsonFeed({ a: 50 }, '2025-06-01T10:00:00Z'));
    const sources = writeSources(`sources:${jsonFeedSource('ops', operator.url, '24h')}`);
    hub = await startHub(testConfig(iso, { sourcesPath: sources, databaseUrl: viaProxy.toString() }));
    probes = new HubProbes(iso.prefix, iso.schema);
    await waitFor(async () => ((await probes.historyRows()).length === 1 ? true : undefined));
  });

  afterAll(async () => {
    await hub.close();
    await proxy.close();
    await probes.close();
    await operator.close();
    await iso.cleanup();
  });

  it('keeps serving live values, queues history, and writes all of it when Postgres is back', async () => {
    const poller = hub.app.get(PollSourceService);
    await proxy.cut();
    for (const [i, free] of [49, 48, 47].entries()) {
      operator.setBody(jsonFeed({ a: free }, `2025-06-01T10:0${i + 1}:00Z`));
      await poller.poll('ops');
      const served = (await (await fetch(`${hub.url}/v1/parkings/ops:a`)).json()) as { free: number };
      expect(served.free).toBe(free);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await probes.historyRows()).toHaveLength(1);

    await proxy.restore();
    const rows = await waitFor(async () => {
      const r = await probes.historyRows();
      return r.length === 4 ? r : undefined;
    }, 45_000);
    expect(rows.map((r) => r.free)).toEqual([50, 49, 48, 47]);
  }, 60_000);
});
