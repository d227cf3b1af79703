import { Redis } from 'ioredis';
import { RedisHostSlots } from '../../src/infra/redis/host-slots.redis.js';
import { RedisKeys } from '../../src/infra/redis/redis-keys.js';
import { isolation, TEST_REDIS_URL } from '../support/test-env.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisHostSlots (fleet-wide per-host limit) on real Redis', () => {
  const iso = isolation('host_slots');
  const keys = new RedisKeys(iso.prefix);
  const connections: Redis[] = [];
  const slots = (leaseMs: number): { slots: RedisHostSlots; redis: Redis } => {
    const redis = new Redis(TEST_REDIS_URL);
    connections.push(redis);
    return { slots: new RedisHostSlots(redis, keys, { leaseMs, waitStepMs: 10, maxWaitStepMs: 20 }), redis };
  };

  afterAll(async () => {
    for (const c of connections) c.disconnect();
    await iso.cleanup();
  });

  it('two processes share the limit; a released slot goes to the one waiting', async () => {
    const a = slots(5_000).slots;
    const b = slots(5_000).slots;
    const releaseA1 = await a.acquire('op.example:443', 2);
    await b.acquire('op.example:443', 2);
    let third = false;
    const waiting = a.acquire('op.example:443', 2).then((release) => {
      third = true;
      return release;
    });
    await a.acquire('other.example:443', 2); // another host is not held up
    await sleep(150);
    expect(third).toBe(false);
    await releaseA1();
    await (
      await waiting
    )();
    expect(third).toBe(true);
  });

  it('a slot held by a process that died (no renewal) is free after its lease', async () => {
    const dead = slots(400);
    await dead.slots.acquire('gone.example:443', 1);
    dead.redis.disconnect(); // like a SIGKILL: the lease is never renewed nor released
    const alive = slots(400).slots;
    const started = Date.now();
    await alive.acquire('gone.example:443', 1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a slot renewed while its request runs is kept past one lease', async () => {
    const long = slots(300).slots;
    const release = await long.acquire('slow.example:443', 1);
    const other = slots(300).slots;
    let got = false;
    const waiting = other.acquire('slow.example:443', 1).then((r) => {
      got = true;
      return r;
    });
    await sleep(900); // three leases
    expect(got).toBe(false);
    await release();
    await (
      await waiting
    )();
    expect(got).toBe(true);
  });
});
