import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { waitFor, writeSources } from '../support/hub-app.js';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, TEST_DATABASE_URL } from '../support/test-env.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const PER_HOST = 2;
const SOURCES = 6;

/** HUB_POLL_PER_HOST is the operator's view: the whole fleet, not each worker process. */
describe('per-host limit across two worker processes', () => {
  const iso = isolation('host_fleet');
  let operator: LocalOperator;
  const workers: HubProcess[] = [];
  let running = 0;
  let maxRunning = 0;

  beforeAll(async () => {
    operator = await startLocalOperator();
    // Each answer takes 400 ms, so polls of six sources every second overlap.
    operator.handle((_req, res) => {
      running += 1;
      maxRunning = Math.max(maxRunning, running);
      setTimeout(() => {
        running -= 1;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(jsonFeed({ a: operator.requests % 100 }));
      }, 400);
    });
    const ids = Array.from({ length: SOURCES }, (_, i) => `op-${i}`);
    const file = writeSources(`sources:${ids.map((id) => jsonFeedSource(id, operator.url, '1s')).join('')}`);
    for (let i = 0; i < 2; i += 1) {
      workers.push(
        spawnHub({
          HUB_ROLE: 'worker',
          HUB_SOURCES: file,
          HUB_PREFIX: iso.prefix,
          HUB_DB_SCHEMA: iso.schema,
          DATABASE_URL: TEST_DATABASE_URL,
          HUB_POLL_PER_HOST: String(PER_HOST),
          HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-data-')),
        }),
      );
    }
    await Promise.all(workers.map((w) => w.waitForLine(/worker running/)));
  });

  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await operator.close();
    await iso.cleanup();
  });

  it(`the operator never sees more than ${PER_HOST} requests at once`, async () => {
    await waitFor(async () => (operator.requests >= SOURCES ? true : undefined), 20_000);
    await sleep(6_000);
    expect(operator.requests).toBeGreaterThanOrEqual(SOURCES * 2); // polling went on all along
    expect(maxRunning).toBe(PER_HOST); // reached (the polls do overlap), never exceeded
  });
});
