import { jsonFeed, jsonFeedSource } from '../support/json-feed.js';
import { startHub, waitFor, writeSources, type RunningHub } from '../support/hub-app.js';
import { startLocalOperator, type LocalOperator } from '../support/local-operator.js';
import { startOwnRedis, type OwnRedis } from '../support/own-redis.js';
import { isolation, testConfig } from '../support/test-env.js';

/**
 * A hub told to stop while its Redis is gone (a SIGTERM during an outage, a deploy while Redis
 * restarts) still stops: its workers and queues give up on the lost connection instead of
 * waiting for it forever. Own redis-server, stopped like a crash.
 */
const STOP_WITHIN_MS = 10_000; // HUB_SHUTDOWN_TIMEOUT's default: past it main.ts exits 1

describe('shutdown while Redis is down', () => {
  const iso = isolation('shutdown_redis_down');
  let redis: OwnRedis;
  let operator: LocalOperator;
  let hub: RunningHub | undefined;

  beforeAll(async () => {
    redis = await startOwnRedis();
    operator = await startLocalOperator();
    operator.setBody(jsonFeed({ a: 1 }, new Date().toISOString()));
    const sourcesPath = writeSources(`sources:${jsonFeedSource('down', operator.url, '1s')}`);
    hub = await startHub(testConfig(iso, { sourcesPath, redisUrl: redis.url }));
    await waitFor(async () => (operator.requests >= 2 ? true : undefined));
  });

  afterAll(async () => {
    await operator.close();
    await redis.close();
    await iso.cleanup();
  });

  it(
    `closes within ${STOP_WITHIN_MS / 1_000} s`,
    async () => {
      await redis.stop();
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // the clients have seen it go
      const started = Date.now();
      const closing = hub?.close().then(() => 'closed');
      const timeUp = new Promise((resolve) => setTimeout(() => resolve('still closing'), STOP_WITHIN_MS));
      expect(await Promise.race([closing, timeUp])).toBe('closed');
      hub = undefined;
      expect(Date.now() - started).toBeLessThan(STOP_WITHIN_MS);
    },
    STOP_WITHIN_MS + 10_000,
  );
});
