import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RateLimitDecision, RateLimiterPort } from '../../api/access/rate-limit.port.js';
import { REDIS } from '../../config/tokens.js';
import { RedisKeys } from './redis-keys.js';

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows, counted by one Lua script so the increment and the expiry are atomic
 * and every API process shares the count. The window comes from the Redis clock (TIME), so
 * processes whose clocks disagree still count into the same window. The same round trip reads
 * the change-stream cursor, which lets a read reuse a cached answer without a second trip.
 */
const HIT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = math.floor(now / ${WINDOW_MS})
local key = KEYS[1] .. ':' .. window
local count = redis.call('INCR', key)
if count == 1 then redis.call('PEXPIRE', key, ${WINDOW_MS + 5_000}) end
local newest = redis.call('XREVRANGE', KEYS[2], '+', '-', 'COUNT', 1)
local cursor = '0-0'
if newest[1] then cursor = newest[1][1] end
return { count, ${WINDOW_MS} - (now % ${WINDOW_MS}), cursor }
`;

type HitReply = [number, number, string];

@Injectable()
export class RateLimitRedis implements RateLimiterPort {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    if (typeof (redis as Partial<RateLimitCommands>).rateLimitHit !== 'function') {
      redis.defineCommand('rateLimitHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
    }
  }

  async hit(subject: string, perMinute: number): Promise<RateLimitDecision> {
    const key = `${this.keys.prefix}:ratelimit:${subject}`;
    const [count, msLeft, changeCursor] = await (this.redis as unknown as RateLimitCommands).rateLimitHit(
      key,
      this.keys.changes(),
    );
    return {
      allowed: count <= perMinute,
      limit: perMinute,
      remaining: Math.max(0, perMinute - count),
      resetS: Math.max(1, Math.ceil(msLeft / 1_000)),
      changeCursor,
    };
  }
}

interface RateLimitCommands {
  rateLimitHit(key: string, changes: string): Promise<HitReply>;
}
