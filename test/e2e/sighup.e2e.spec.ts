import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { waitFor, writeSources } from '../support/hub-app.js';
import { spawnHub, type HubProcess } from '../support/hub-process.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, TEST_DATABASE_URL } from '../support/test-env.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SIGHUP', () => {
  const iso = isolation('sighup');
  let kept: LocalOperator;
  let dropped: LocalOperator;
  let hub: HubProcess;
  let file: string;

  beforeAll(async () => {
    kept = await startLocalOperator();
    dropped = await startLocalOperator();
    kept.setBody(jsonFeed({ a: 1 }));
    dropped.setBody(jsonFeed({ b: 2 }));
    file = writeSources(
      `sources:${jsonFeedSource('kept', kept.url, '500ms')}${jsonFeedSource('dropped', dropped.url, '500ms')}`,
    );
    hub = spawnHub({
      HUB_ROLE: 'worker',
      HUB_SOURCES: file,
      HUB_PREFIX: iso.prefix,
      HUB_DB_SCHEMA: iso.schema,
      DATABASE_URL: TEST_DATABASE_URL,
      HUB_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'hub-data-')),
    });
    await hub.waitForLine(/worker running/);
  });

  afterAll(async () => {
    await hub.stop();
    await kept.close();
    await dropped.close();
    await iso.cleanup();
  });

  it('stops polling a source removed from the file, and keeps polling the others', async () => {
    await waitFor(async () => (dropped.requests >= 2 && kept.requests >= 2 ? true : undefined));
    writeFileSync(file, `sources:${jsonFeedSource('kept', kept.url, '500ms')}`);
    hub.child.kill('SIGHUP');
    await hub.waitForLine(/stopped dropped/);
    await sleep(600); // a poll that was already running may still finish
    const droppedAfter = dropped.requests;
    const keptAfter = kept.requests;
    await sleep(2_500);
    expect(dropped.requests).toBe(droppedAfter);
    expect(kept.requests).toBeGreaterThanOrEqual(keptAfter + 3);
  });
});
