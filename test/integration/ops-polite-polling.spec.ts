import type { IncomingMessage } from 'node:http';
import { loadAppConfig } from '../../src/config/app-config.js';
import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { OpsProbes, Scrape } from '../support/ops-probes.js';
import { isolation, testConfig } from '../support/test-env.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('polite polling against loopback operators', () => {
  const iso = isolation('ops_polite');
  const userAgent = loadAppConfig({ HUB_SOURCES: 'x.yaml', HUB_CONTACT: 'mailto:ops@example.org' }).userAgent;
  let cached: LocalOperator;
  let paced: LocalOperator;
  let slow: LocalOperator;
  let hub: RunningHub;
  let probes: OpsProbes;
  let poller: PollSourceService;
  const cachedRequests: IncomingMessage[] = [];
  const pacedAt: number[] = [];
  let slowRunning = 0;
  let slowPeak = 0;

  beforeAll(async () => {
    // An operator with ETags: 304 when the client already has the current version.
    cached = await startLocalOperator();
    cached.handle((req, res) => {
      cachedRequests.push(req);
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', etag: '"v1"' });
      res.end(jsonFeed({ a: 10, b: 20 }, '2026-11-28T08:00:00Z'));
    });
    // An operator that asks for 2 s of quiet once, then answers normally.
    paced = await startLocalOperator();
    paced.handle((_req, res) => {
      pacedAt.push(Date.now());
      if (pacedAt.length === 1) {
        res.writeHead(503, { 'retry-after': '2' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(jsonFeed({ p: pacedAt.length }, '2026-11-28T08:00:00Z'));
    });
    // One slow host serving two sources.
    slow = await startLocalOperator();
    slow.handle((_req, res) => {
      slowRunning += 1;
      slowPeak = Math.max(slowPeak, slowRunning);
      setTimeout(() => {
        slowRunning -= 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(jsonFeed({ s: 1 }, '2026-11-28T08:00:00Z'));
      }, 300);
    });
    const yaml =
      jsonFeedSource('cached', cached.url, '24h') +
      jsonFeedSource('paced', paced.url, '1s') +
      jsonFeedSource('slow-a', `${slow.url}?d=a`, '24h') +
      jsonFeedSource('slow-b', `${slow.url}?d=b`, '24h');
    hub = await startHub(testConfig(iso, { sourcesPath: writeSources(`sources:${yaml}`), userAgent, pollPerHost: 1 }));
    probes = new OpsProbes(iso.prefix, iso.schema);
    poller = hub.app.get(PollSourceService);
    // The scheduler's first poll of `cached` is done once its health is recorded (a `source` event).
    await waitFor(async () => ((await probes.events('source')).some((e) => e.id === 'cached') ? true : undefined));
  });

  afterAll(async () => {
    await hub.close();
    await probes.close();
    for (const operator of [cached, paced, slow]) await operator.close();
    await iso.cleanup();
  });

  it('a 304 produces no change event, and so does a 200 with identical bytes', async () => {
    const before = await probes.events();
    const beforeCached = before.filter((e) => e.id.startsWith('cached'));
    // The first poll: two car parks, then the source's first health (a `source` event).
    expect(beforeCached.map((e) => `${e.type}:${e.id}`)).toEqual([
      'parking:cached:a',
      'parking:cached:b',
      'source:cached',
    ]);
    expect(await poller.poll('cached')).toMatchObject({ outcome: 'not-modified', bytes: null });
    expect(cachedRequests[cachedRequests.length - 1].headers['if-none-match']).toBe('"v1"');

    // Same bytes again, now without validators: the body hash says nothing changed.
    cached.handle((req, res) => {
      cachedRequests.push(req);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(jsonFeed({ a: 10, b: 20 }, '2026-11-28T08:00:00Z'));
    });
    expect(await poller.poll('cached')).toMatchObject({ outcome: 'unchanged', changes: 0 });
    await sleep(300);
    const after = (await probes.events()).filter((e) => e.id.startsWith('cached'));
    expect(after).toHaveLength(3);
    const scrape = await Scrape.of(hub.url as string);
    expect(scrape.value('hub_polls_total', { source: 'cached', outcome: 'not-modified' })).toBe(1);
    expect(scrape.value('hub_polls_total', { source: 'cached', outcome: 'unchanged' })).toBe(1);
    expect(scrape.value('hub_changes_total', { source: 'cached' })).toBe(2);
  });

  it('names the hub, its contact and the source in the User-Agent', () => {
    expect(cachedRequests[0].headers['user-agent']).toBe('MobilityHub/0.1.0 (+mailto:ops@example.org; source=cached)');
  });

  it('Retry-After: 2 holds the next poll back at least 2 s although the interval is 1 s; ticks in between are skipped', async () => {
    await waitFor(async () => (pacedAt.length >= 4 ? true : undefined), 15_000);
    expect(pacedAt[1] - pacedAt[0]).toBeGreaterThanOrEqual(2_000);
    // Then back to the interval: about 1 s apart (bounds loose for a loaded machine).
    expect(pacedAt[3] - pacedAt[2]).toBeLessThan(1_900);
    const scrape = await Scrape.of(hub.url as string);
    expect(scrape.value('hub_polls_total', { source: 'paced', outcome: 'failed' })).toBe(1);
    expect(scrape.value('hub_polls_total', { source: 'paced', outcome: 'skipped' })).toBeGreaterThanOrEqual(1);
    const polls = (await (await fetch(`${hub.url}/v1/sources/paced`)).json()) as {
      recentPolls: Array<{ outcome: string; retryAfterMs?: number; errorCode?: string }>;
    };
    const failed = polls.recentPolls.filter((p) => p.outcome === 'failed');
    expect(failed).toEqual([expect.objectContaining({ retryAfterMs: 2_000, errorCode: 'FETCH_HTTP_ERROR' })]);
  });

  it('sends at most HUB_POLL_PER_HOST requests at once to one host', async () => {
    slowPeak = 0;
    await Promise.all([poller.poll('slow-a'), poller.poll('slow-b'), poller.poll('slow-a')]);
    expect(slowPeak).toBe(1);
  });
});
