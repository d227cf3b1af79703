import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { OpsProbes, Scrape } from '../support/ops-probes.js';
import { isolation, testConfig } from '../support/test-env.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface OutageList {
  data: Array<{
    sourceId: string;
    startedAt: string;
    endedAt: string | null;
    ongoing: boolean;
    durationMs: number | null;
    cause: { code: string; message: string };
    pollsFailed: number;
  }>;
  meta: { count: number; next: string | null };
}

describe('source health: down after 5 failures, outage history, frozen feeds', () => {
  const iso = isolation('ops_outage');
  let flaky: LocalOperator;
  let frozen: LocalOperator;
  let hub: RunningHub;
  let probes: OpsProbes;
  let poll: (id: string) => Promise<unknown>;
  let healthy = true;
  let frozenTs = 0;
  /** Its one value: the test changes it once, so its clock of unchanged values starts then, not at the boot poll. */
  let frozenFree = 7;

  beforeAll(async () => {
    flaky = await startLocalOperator();
    flaky.handle((_req, res) => {
      if (!healthy) {
        res.writeHead(500).end('upstream broke');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(jsonFeed({ a: 5 }, '2026-11-28T08:00:00Z'));
    });
    // New bytes on every request (the timestamp moves), values never: a stuck exporter.
    frozen = await startLocalOperator();
    frozen.handle((_req, res) => {
      frozenTs += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(jsonFeed({ f: frozenFree }, new Date().toISOString()));
    });
    const yaml = `${jsonFeedSource('flaky', flaky.url, '24h')}${jsonFeedSource('frozen', frozen.url, '24h')}    staleAfter: 1s\n`;
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(`sources:${yaml}`), frozenAfterMs: 1_500 }));
    probes = new OpsProbes(iso.prefix, iso.schema);
    const poller = hub.app.get(PollSourceService);
    poll = (id) => poller.poll(id).catch(() => undefined);
    await waitFor(async () => ((await probes.events('source')).length === 2 ? true : undefined));
  });

  afterAll(async () => {
    await hub.close();
    await probes.close();
    await flaky.close();
    await frozen.close();
    await iso.cleanup();
  });

  it('five failures in a row make the source down and open an outage row; the next success closes it', async () => {
    healthy = false;
    for (let i = 0; i < 4; i += 1) await poll('flaky');
    const degraded = (await (await fetch(`${hub.url}/v1/sources/flaky`)).json()) as Record<string, unknown>;
    expect(degraded).toMatchObject({
      status: 'degraded',
      consecutiveFailures: 4,
      lastError: { code: 'FETCH_HTTP_ERROR' },
    });
    const firstFailureAt = degraded.failingSince as string;
    await sleep(300);
    expect(await probes.outageRows('flaky')).toEqual([]);

    await poll('flaky');
    const down = (await (await fetch(`${hub.url}/v1/sources/flaky`)).json()) as Record<string, unknown>;
    expect(down).toMatchObject({ status: 'down', consecutiveFailures: 5, failingSince: firstFailureAt });
    const [open] = await waitFor(async () => {
      const rows = await probes.outageRows('flaky');
      return rows.length === 1 ? rows : undefined;
    });
    expect(open).toMatchObject({ cause_code: 'FETCH_HTTP_ERROR', polls_failed: 5, ended_at: null });
    expect(open.cause_message).toMatch(/answered HTTP 500/);
    expect(open.started_at.toISOString()).toBe(firstFailureAt);

    await poll('flaky'); // a sixth failure: still one outage, counted live by the API
    const ongoing = (await (await fetch(`${hub.url}/v1/sources/flaky/outages`)).json()) as OutageList;
    expect(ongoing.data).toEqual([
      expect.objectContaining({ startedAt: firstFailureAt, endedAt: null, ongoing: true, pollsFailed: 6 }),
    ]);

    healthy = true;
    await poll('flaky');
    const recovered = (await (await fetch(`${hub.url}/v1/sources/flaky`)).json()) as Record<string, unknown>;
    expect(recovered).toMatchObject({ status: 'ok', consecutiveFailures: 0 });
    expect(recovered.failingSince).toBeUndefined();
    const [closed] = await waitFor(async () => {
      const rows = await probes.outageRows('flaky');
      return rows[0]?.ended_at !== null ? rows : undefined;
    });
    expect(closed).toMatchObject({ polls_failed: 6, cause_code: 'FETCH_HTTP_ERROR' });
    expect(closed.ended_at?.toISOString()).toBe(recovered.lastPollAt);

    const statuses = (await probes.events('source')).filter((e) => e.id === 'flaky').map((e) => e.data.status);
    expect(statuses).toEqual(['ok', 'degraded', 'down', 'ok']);
    const scrape = await Scrape.of(hub.url as string);
    expect(scrape.value('hub_source_outages_total', { source: 'flaky' })).toBe(1);
    expect(scrape.value('hub_polls_total', { source: 'flaky', outcome: 'failed' })).toBe(6);
  });

  it('serves the outage history newest first, with from / to / limit and a cursor', async () => {
    const list = (await (await fetch(`${hub.url}/v1/sources/flaky/outages`)).json()) as OutageList;
    expect(list.meta).toMatchObject({ count: 1, next: null });
    const [outage] = list.data;
    expect(outage).toMatchObject({
      sourceId: 'flaky',
      ongoing: false,
      pollsFailed: 6,
      cause: { code: 'FETCH_HTTP_ERROR' },
    });
    expect(outage.durationMs).toBe(Date.parse(outage.endedAt as string) - Date.parse(outage.startedAt));
    const after = new Date(Date.parse(outage.endedAt as string) + 1).toISOString();
    const none = (await (await fetch(`${hub.url}/v1/sources/flaky/outages?from=${after}`)).json()) as OutageList;
    expect(none.data).toEqual([]);

    // A second outage, then pages of one, newest first.
    healthy = false;
    for (let i = 0; i < 5; i += 1) await poll('flaky');
    healthy = true;
    await poll('flaky');
    await waitFor(async () => ((await probes.outageRows('flaky'))[1]?.ended_at ? true : undefined));
    const page1 = (await (await fetch(`${hub.url}/v1/sources/flaky/outages?limit=1`)).json()) as OutageList;
    expect(page1.data).toHaveLength(1);
    expect(page1.data[0]).toMatchObject({ pollsFailed: 5, ongoing: false });
    expect(Date.parse(page1.data[0].startedAt)).toBeGreaterThan(Date.parse(outage.startedAt));
    expect(page1.meta.next).not.toBeNull();
    const page2 = (await (
      await fetch(`${hub.url}/v1/sources/flaky/outages?limit=1&cursor=${page1.meta.next}`)
    ).json()) as OutageList;
    expect(page2.data.map((o) => o.startedAt)).toEqual([outage.startedAt]);
    expect(page2.meta.next).toBeNull();
    const before = (await (
      await fetch(`${hub.url}/v1/sources/flaky/outages?to=${page1.data[0].startedAt}`)
    ).json()) as OutageList;
    expect(before.data.map((o) => o.startedAt)).toEqual([outage.startedAt]);

    const bad = await fetch(`${hub.url}/v1/sources/flaky/outages?limit=0`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('BAD_REQUEST');
    expect((await fetch(`${hub.url}/v1/sources/nope/outages`)).status).toBe(404);
  });

  it('flags a feed that answers 200 with new bytes but the same values for too long (STALE_DATA)', async () => {
    // The hub polled it at boot; the tests before may have taken longer than staleAfter since.
    frozenFree = 8;
    await poll('frozen');
    expect(((await (await fetch(`${hub.url}/v1/sources/frozen`)).json()) as { status: string }).status).toBe('ok');
    // HUB_FROZEN_AFTER (1.5 s) also flags the car park itself `frozen`: that new flag is a change.
    await sleep(1_700);
    expect(await poll('frozen')).toMatchObject({ outcome: 'changed', changes: 1 });
    const flagged = (await (await fetch(`${hub.url}/v1/parkings/frozen:f`)).json()) as { quality: string[] };
    expect(flagged.quality).toContain('frozen');
    expect(((await (await fetch(`${hub.url}/v1/sources/frozen`)).json()) as { status: string }).status).toBe('ok');
    // Past max(staleAfter 1 s, HUB_FROZEN_AFTER 1.5 s) since that last change, polls still answering.
    await sleep(1_700);
    expect(await poll('frozen')).toMatchObject({ outcome: 'unchanged' });
    const health = (await (await fetch(`${hub.url}/v1/sources/frozen`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({
      status: 'degraded',
      consecutiveFailures: 0,
      stale: true,
      lastError: { code: 'STALE_DATA' },
    });
    expect(frozenTs).toBeGreaterThanOrEqual(4); // it did answer, with new bytes each time
    const scrape = await Scrape.of(hub.url as string);
    expect(scrape.value('hub_stale_sources')).toBe(1);
    expect(scrape.value('hub_source_status', { source: 'frozen', status: 'degraded' })).toBe(1);
    const events = (await probes.events('source')).filter((e) => e.id === 'frozen').map((e) => e.data.status);
    expect(events).toEqual(['ok', 'degraded']);
  });
});
