import { Redis } from 'ioredis';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import { RATE_LIMIT_SYNC_MS, RateLimitRedis } from '../../src/infra/redis/rate-limit.redis.js';
import { deleteRedisPrefix, isolation, TEST_REDIS_URL } from '../support/test-env.js';

/** Counts are per one-minute window: start a burst early enough in a window to finish in it. */
async function freshWindow(): Promise<void> {
  const intoWindow = Date.now() % 60_000;
  if (intoWindow > 50_000) await new Promise((resolve) => setTimeout(resolve, 60_000 - intoWindow + 200));
}

describe('RateLimitRedis: windows shared through Redis, counted locally between syncs', () => {
  const iso = isolation('rate_limit');
  const clients: Redis[] = [];
  const limiters: RateLimitRedis[] = [];

  /** One API process's limiter: its own connection, the shared prefix. */
  function processLimiter(): RateLimitRedis {
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
    clients.push(redis);
    const limiter = new RateLimitRedis(redis, new RedisKeys(iso.prefix));
    limiters.push(limiter);
    return limiter;
  }

  afterAll(async () => {
    for (const limiter of limiters) await limiter.onModuleDestroy().catch(() => undefined);
    for (const c of clients) c.disconnect();
    await deleteRedisPrefix(iso.prefix);
  });

  it('within one process the count is exact: the quota admits exactly perMinute', async () => {
    await freshWindow();
    const limiter = processLimiter();
    const t0 = Date.now();
    const decisions = [];
    // Passing the time of the first request keeps the later ones within the sync interval (counted here).
    for (let i = 0; i < 5; i += 1) decisions.push(await limiter.hit('key:exact', 3, t0));
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
      [false, 0],
    ]);
    expect(decisions[0].changeCursor).toBe('0-0'); // a request counted at Redis reads the cursor too
    expect(decisions[1].changeCursor).toBeUndefined(); // counted here
    for (const d of decisions) expect(d.resetS).toBeGreaterThanOrEqual(1);
  });

  it('counts made in one process reach Redis at the next sync; a process whose shared count is older than one interval asks Redis', async () => {
    await freshWindow();
    const a = processLimiter();
    const b = processLimiter();
    const t0 = Date.now();
    for (let i = 0; i < 4; i += 1) await a.hit('key:shared', 10, t0);
    const redis = clients[clients.length - 1];
    const [key] = await redis.keys(`${iso.prefix}:ratelimit:key:shared:*`);
    expect(await redis.get(key)).toBe('1'); // only the first went to Redis so far
    await a.sync();
    expect(await redis.get(key)).toBe('4');
    expect((await b.hit('key:shared', 10)).remaining).toBe(10 - 5);
    await new Promise((resolve) => setTimeout(resolve, RATE_LIMIT_SYNC_MS + 50));
    // A's shared count is now too old: A counts at Redis and sees B's request.
    const next = await a.hit('key:shared', 10);
    expect(next.remaining).toBe(10 - 6);
    expect(next.changeCursor).toBeDefined();
    expect(await redis.get(key)).toBe('6');
  });

  it('syncs on its own within a fraction of a second', async () => {
    await freshWindow();
    const a = processLimiter();
    const t0 = Date.now();
    for (let i = 0; i < 3; i += 1) await a.hit('ip:203.0.113.9', 100, t0);
    const redis = clients[clients.length - 1];
    const deadline = Date.now() + 2_000;
    let value: string | null = null;
    while (Date.now() < deadline) {
      const [key] = await redis.keys(`${iso.prefix}:ratelimit:ip:203.0.113.9:*`);
      value = key === undefined ? null : await redis.get(key);
      if (value === '3') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(value).toBe('3');
  });

  it('Redis unreachable: a request that needs Redis fails (the caller serves it unlimited); counts made here survive a failed sync and keep counting', async () => {
    await freshWindow();
    const unreachable = new Redis('redis://127.0.0.1:1', {
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      lazyConnect: true,
      retryStrategy: () => null,
    });
    clients.push(unreachable);
    await expect(new RateLimitRedis(unreachable, new RedisKeys(iso.prefix)).hit('key:down', 5)).rejects.toThrow();

    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    clients.push(redis);
    await redis.connect();
    const limiter = new RateLimitRedis(redis, new RedisKeys(iso.prefix));
    limiters.push(limiter);
    const t0 = Date.now();
    await limiter.hit('key:later', 5, t0);
    await limiter.hit('key:later', 5, t0);
    redis.disconnect();
    await limiter.sync(); // fails: the count stays here, and keeps counting
    expect((await limiter.hit('key:later', 5, t0)).remaining).toBe(5 - 3);
    const observer = clients[0];
    const [key] = await observer.keys(`${iso.prefix}:ratelimit:key:later:*`);
    expect(await observer.get(key)).toBe('1'); // only the request counted at Redis reached it
  });
});
