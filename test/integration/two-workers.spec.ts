import { MetricsService } from '../../src/ops/metrics/metrics.service.js';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, testConfig } from '../support/test-env.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('two hubs with HUB_ROLE=worker', () => {
  const iso = isolation('workers');
  let operator: LocalOperator;
  const hubs: RunningHub[] = [];

  beforeAll(async () => {
    operator = await startLocalOperator();
    let n = 0;
    // Every request gets a different count, so each poll is real work for whichever worker takes it.
    operator.handle((_req, res) => {
      n += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(jsonFeed({ a: n % 100 }));
    });
    const file = writeSources(`sources:${jsonFeedSource('shared', operator.url, '500ms')}`);
    for (let i = 0; i < 2; i += 1) hubs.push(await startHub(testConfig(iso, { sourcesPath: file, role: 'worker' })));
  });

  afterAll(async () => {
    await Promise.all(hubs.map((h) => h.close()));
    await operator.close();
    await iso.cleanup();
  });

  /** Polls of the source that failed, on both hubs: the queue retries each of them (a request more than the ticks). */
  const failedPolls = async (): Promise<number> => {
    let failed = 0;
    for (const hub of hubs) {
      const { values } = await hub.app.get(MetricsService).polls.get();
      for (const v of values) if (v.labels.source === 'shared' && v.labels.outcome === 'failed') failed += v.value;
    }
    return failed;
  };

  it('never poll the same source twice for one tick', async () => {
    await waitFor(async () => (operator.requests > 0 ? true : undefined));
    const start = operator.requests;
    const failedBefore = await failedPolls();
    const started = Date.now();
    await sleep(5_000);
    const ticks = (Date.now() - started) / 500;
    const polls = operator.requests - start;
    // A busy machine can fail a poll (a timeout), and the queue retries it: one request more.
    const retried = (await failedPolls()) - failedBefore;
    // One poll per 500 ms tick: about 10. Both workers polling every tick would make about 20.
    expect(polls).toBeGreaterThanOrEqual(3); // it polls at all (a loaded CI machine may skip some ticks)
    expect({ polls, retried }).toEqual({ polls: Math.min(polls, Math.ceil(ticks) + 1 + retried), retried });
  });
});
