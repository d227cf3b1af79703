import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { HostSlots } from '../http/fetch.types.js';
import type { RedisKeys } from './redis-keys.js';

/** Drops expired leases, then takes a slot if fewer than the limit are held. Redis's clock, so hosts' clocks do not matter. */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** Extends a lease still held (XX: a lease that expired meanwhile is not taken back). */
const RENEW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local n = redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return n`;

export interface RedisHostSlotsOptions {
  /** How long a slot outlives a process that stopped renewing it (killed): default 15 s. */
  leaseMs?: number;
  /** First wait between tries when the host is full (doubles up to maxWaitStepMs, with jitter). */
  waitStepMs?: number;
  maxWaitStepMs?: number;
}

/**
 * The per-host limit for the whole fleet: one sorted set per host of lease tokens scored by
 * expiry. A process takes a slot (Lua, atomic), renews it every third of the lease while its
 * request runs, and removes it when done; a process killed mid-request holds its slot one lease
 * at most. Redis unreachable: the process goes on with its own per-process limit (logged), as
 * polling without Redis fails anyway.
 */
export class RedisHostSlots implements HostSlots {
  private readonly logger = new Logger('HostSlots');
  private readonly leaseMs: number;
  private readonly waitStepMs: number;
  private readonly maxWaitStepMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    options: RedisHostSlotsOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 15_000;
    this.waitStepMs = options.waitStepMs ?? 25;
    this.maxWaitStepMs = options.maxWaitStepMs ?? 250;
  }

  async acquire(host: string, limit: number): Promise<() => Promise<void>> {
    const key = this.keys.hostSlots(host);
    const token = randomUUID();
    let step = this.waitStepMs;
    try {
      while ((await this.redis.eval(ACQUIRE, 1, key, limit, this.leaseMs, token)) !== 1) {
        await sleep(step / 2 + Math.random() * step);
        step = Math.min(step * 2, this.maxWaitStepMs);
      }
    } catch (error) {
      this.logger.warn(`${host}: fleet-wide slot not taken (${(error as Error).message}); per-process limit only`);
      return async () => undefined;
    }
    const renew = setInterval(() => {
      this.redis.eval(RENEW, 1, key, this.leaseMs, token).catch(() => undefined);
    }, this.leaseMs / 3);
    renew.unref();
    return async () => {
      clearInterval(renew);
      await this.redis.zrem(key, token).catch(() => undefined);
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
