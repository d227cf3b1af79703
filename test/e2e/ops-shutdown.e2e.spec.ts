import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { waitFor, writeSources } from '../support/hub-app.js';
import { HubProbes } from '../support/hub-probes.js';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, TEST_DATABASE_URL } from '../support/test-env.js';

describe('SIGTERM while a poll is in flight', () => {
  const iso = isolation('ops_sigterm');
  let operator: LocalOperator;
  let hub: HubProcess;
  let probes: HubProbes;
  let answeredAt = 0;

  beforeAll(async () => {
    operator = await startLocalOperator();
    // A slow operator: the poll is still waiting for it when the hub is told to stop.
    operator.handle((_req, res) => {
      setTimeout(() => {
        answeredAt = Date.now();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(jsonFeed({ a: 42, b: 7 }, '2026-11-28T08:00:00Z'));
      }, 2_500);
    });
    probes = new HubProbes(iso.prefix, iso.schema);
    hub = spawnHub({
      HUB_ROLE: 'worker',
      HUB_SOURCES: writeSources(`sources:${jsonFeedSource('slow', operator.url, '24h')}`),
      HUB_PREFIX: iso.prefix,
      HUB_DB_SCHEMA: iso.schema,
      DATABASE_URL: TEST_DATABASE_URL,
      HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-data-')),
      HUB_SHUTDOWN_TIMEOUT: '15s',
    });
    await hub.waitForLine(/worker running/);
  });

  afterAll(async () => {
    await hub.stop('SIGKILL');
    await probes.close();
    await operator.close();
    await iso.cleanup();
  });

  it('finishes the poll, writes its history rows to Postgres before exiting 0', async () => {
    await waitFor(async () => (operator.requests >= 1 ? true : undefined), 15_000, 20);
    const sigtermAt = Date.now();
    hub.child.kill('SIGTERM');
    const code = await hub.exited;
    expect(code).toBe(0);
    expect(answeredAt).toBeGreaterThan(sigtermAt); // the poll was in flight when SIGTERM came
    // No second hub needed: the history worker drained the queue before the process exited.
    const rows = await probes.historyRows();
    expect(rows.map((r) => [r.facility_id, r.free])).toEqual([
      ['slow:a', 42],
      ['slow:b', 7],
    ]);
    expect(hub.output()).toMatch(/SIGTERM: shutting down/);
    expect(hub.output()).toMatch(/shutdown complete in \d+ ms/);
    expect(operator.requests).toBe(1);
  }, 40_000);
});
