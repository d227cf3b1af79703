import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { HubProbes } from '../support/hub-probes.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('parking pipeline on real Redis + Postgres', () => {
  const iso = isolation('pipeline');
  let operator: LocalOperator;
  let hub: RunningHub;
  let probes: HubProbes;
  let poll: () => Promise<unknown>;

  beforeAll(async () => {
    operator = await startLocalOperator();
    operator.setBody(jsonFeed({ a: 10, b: 20, c: 30 }, '2025-06-01T10:00:00Z'));
    // 24h: the scheduler polls once at start; the test then polls by hand.
    hub = await startHub(
      testConfig(iso, { sourcesPath: writeSources(`sources:${jsonFeedSource('ops', operator.url, '24h')}`) }),
    );
    probes = new HubProbes(iso.prefix, iso.schema);
    const poller = hub.app.get(PollSourceService);
    poll = () => poller.poll('ops');
  });

  afterAll(async () => {
    await hub.close();
    await probes.close();
    await operator.close();
    await iso.cleanup();
  });

  it('a poll writes live state, one change event and one history row per facility', async () => {
    const rows = await waitFor(async () => {
      const r = await probes.historyRows();
      return r.length === 3 ? r : undefined;
    });
    expect(rows.map((r) => [r.facility_id, r.free])).toEqual([
      ['ops:a', 10],
      ['ops:b', 20],
      ['ops:c', 30],
    ]);
    expect((await probes.liveState('ops:b'))?.parking.free).toBe(20);
    expect((await probes.parkingEvents()).map((e) => e.id)).toEqual(['ops:a', 'ops:b', 'ops:c']);
  });

  it('an identical poll adds no history row and no change event', async () => {
    await poll();
    operator.setBody(jsonFeed({ a: 10, b: 20, c: 30 }, '2025-06-01T10:01:00Z')); // new bytes, same values
    await poll();
    await sleep(1_000);
    expect(await probes.historyRows()).toHaveLength(3);
    expect(await probes.parkingEvents()).toHaveLength(3);
  });

  it('one changed value adds exactly one history row and one event, with a larger cursor', async () => {
    operator.setBody(jsonFeed({ a: 10, b: 19, c: 30 }, '2025-06-01T10:02:00Z'));
    await poll();
    const rows = await waitFor(async () => {
      const r = await probes.historyRows();
      return r.length === 4 ? r : undefined;
    });
    expect(rows[3]).toMatchObject({ facility_id: 'ops:b', free: 19 });
    await sleep(500);
    expect(await probes.historyRows()).toHaveLength(4);
    const events = await probes.parkingEvents();
    expect(events).toHaveLength(4);
    expect(events[3]).toMatchObject({ id: 'ops:b', data: { free: 19 } });
    const [ms3, seq3] = events[3].cursor.split('-').map(Number);
    const [ms2, seq2] = events[2].cursor.split('-').map(Number);
    expect(ms3 > ms2 || (ms3 === ms2 && seq3 > seq2)).toBe(true);
  });

  it('a broken payload is reported on the source and the served values stay', async () => {
    operator.setBody('{"items": [ this is not json');
    await expect(poll()).rejects.toThrow(/JSON/i);
    const source = (await (await fetch(`${hub.url}/v1/sources/ops`)).json()) as {
      status: string;
      lastError: { code: string };
      consecutiveFailures: number;
    };
    expect(source).toMatchObject({ status: 'degraded', consecutiveFailures: 1, lastError: { code: 'PARSE_ERROR' } });
    const parking = (await (await fetch(`${hub.url}/v1/parkings/ops:b`)).json()) as { free: number };
    expect(parking.free).toBe(19);
    expect(await probes.historyRows()).toHaveLength(4);
  });
});
