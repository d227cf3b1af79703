import { Redis } from 'ioredis';
import { PollSourceService } from '../../src/ingest/poll-source.service.js';
import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { isolation, TEST_REDIS_URL, testConfig } from '../support/test-env.js';

/**
 * Issue #11: a json-mapping payload whose every record is invalid is `degraded` with
 * NO_VALID_RECORDS, and stays so on polls answered with the same bytes (200, same body hash) or a
 * 304, also after a restart that lost the source's health record: what the bytes read as is kept
 * with their fetch state.
 */
const INVALID = JSON.stringify({ items: [{ free: 1 }, { free: 2 }, { free: 3 }] });

interface Health {
  status: string;
  warnings: number;
  entities: number;
  lastError?: { code: string; message: string; at: string };
  recentPolls: Array<{ outcome: string; warnings?: number; verdict?: { code: string } }>;
}

describe('an all-invalid payload polled again unchanged', () => {
  const iso = isolation('all_invalid');
  const redis = new Redis(TEST_REDIS_URL);
  let invalid: LocalOperator;
  let good: LocalOperator;
  let hub: RunningHub | undefined;
  let mode: 'etag' | 'plain' = 'etag';

  const yamlWith = (ids: string[]): string =>
    writeSources(
      `sources:${(ids.includes('invalid') ? jsonFeedSource('invalid', invalid.url) : '') + jsonFeedSource('good', good.url)}`,
    );
  const boot = async (ids: string[]): Promise<RunningHub> => {
    hub = await startHub(testConfig(iso, { sourcesPath: yamlWith(ids) }));
    return hub;
  };
  const health = async (id: string): Promise<Health> =>
    (await (await fetch(`${hub?.url}/v1/sources/${id}`)).json()) as Health;

  beforeAll(async () => {
    invalid = await startLocalOperator();
    invalid.handle((req, res) => {
      if (mode === 'etag' && req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { etag: '"v1"' }).end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', ...(mode === 'etag' ? { etag: '"v1"' } : {}) });
      res.end(INVALID);
    });
    good = await startLocalOperator();
    good.setBody(jsonFeed({ a: 10 }, new Date().toISOString()));
  });

  afterEach(async () => {
    await hub?.close();
    hub = undefined;
  });

  afterAll(async () => {
    await invalid.close();
    await good.close();
    redis.disconnect();
    await iso.cleanup();
  });

  it('first poll degraded NO_VALID_RECORDS; 304 and same-body polls keep it; stored with the fetch state', async () => {
    await boot(['invalid']);
    const first = await waitFor(async () => {
      const h = await health('invalid');
      return h.recentPolls.length > 0 ? h : undefined;
    });
    expect(first).toMatchObject({
      status: 'degraded',
      warnings: 3,
      entities: 0,
      lastError: { code: 'NO_VALID_RECORDS' },
    });
    const poller = (hub as RunningHub).app.get(PollSourceService);

    expect(await poller.poll('invalid')).toMatchObject({ outcome: 'not-modified', warnings: 3 });
    let h = await health('invalid');
    expect(h).toMatchObject({ status: 'degraded', warnings: 3, lastError: { code: 'NO_VALID_RECORDS' } });
    expect(h.lastError?.at).toBe(first.lastError?.at);

    mode = 'plain';
    expect(await poller.poll('invalid')).toMatchObject({ outcome: 'unchanged', warnings: 3 });
    h = await health('invalid');
    expect(h).toMatchObject({ status: 'degraded', warnings: 3, lastError: { code: 'NO_VALID_RECORDS' } });
    expect(h.recentPolls[0]).toMatchObject({
      outcome: 'unchanged',
      warnings: 3,
      verdict: { code: 'NO_VALID_RECORDS' },
    });

    const stored = await redis.hgetall(`${iso.prefix}:source:fetch:invalid:main`);
    expect(JSON.parse(stored.parsed)).toMatchObject({
      entities: 0,
      warnings: 3,
      verdict: { code: 'NO_VALID_RECORDS' },
    });
  });

  it('after restarts that forgot its health (source removed, then added back), the same bytes still read degraded', async () => {
    mode = 'plain';
    // Removed from sources.yaml: the worker forgets its health at start; its fetch state stays.
    await boot([]);
    await waitFor(async () =>
      (await redis.hget(`${iso.prefix}:source:health`, 'invalid')) === null ? true : undefined,
    );
    await hub?.close();
    hub = undefined;

    // Added back: its first poll is answered with the bytes already processed (same body hash).
    await boot(['invalid']);
    const h = await waitFor(async () => {
      const current = await health('invalid');
      return current.recentPolls.length > 0 ? current : undefined;
    });
    expect(h.recentPolls).toHaveLength(1);
    expect(h.recentPolls[0]).toMatchObject({ outcome: 'unchanged' });
    expect(h).toMatchObject({ status: 'degraded', warnings: 3, lastError: { code: 'NO_VALID_RECORDS' } });
    // The other source of the hub is fine throughout.
    await waitFor(async () => ((await health('good')).status === 'ok' ? true : undefined));
  });
});
