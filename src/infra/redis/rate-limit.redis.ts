import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RateLimitDecision, RateLimiterPort } from '../../api/access/rate-limit.port.js';
import { REDIS } from '../../config/tokens.js';
import { RedisKeys } from './redis-keys.js';

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows, counted by one Lua script so the increment and the expiry are atomic
 * and every API process shares the count. The window comes from the Redis clock (TIME), so
 * processes whose clocks disagree still count into the same window.
 */
const HIT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window = math.floor(now / ${WINDOW_MS})
local key = KEYS[1] .. ':' .. window
local count = redis.call('INCR', key)
if count == 1 then redis.call('PEXPIRE', key, ${WINDOW_MS + 5_000}) end
return { count, ${WINDOW_MS} - (now % ${WINDOW_MS}) }
`;

type HitReply = [number, number];

@Injectable()
export class RateLimitRedis implements RateLimiterPort {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {
    if (typeof (redis as Partial<RateLimitCommands>).rateLimitHit !== 'function') {
      redis.defineCommand('rateLimitHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
    }
  }

  async hit(subject: string, perMinute: number): Promise<RateLimitDecision> {
    const key = `${this.keys.prefix}:ratelimit:${subject}`;
    const [count, msLeft] = await (this.redis as unknown as RateLimitCommands).rateLimitHit(key);
    return {
      allowed: count <= perMinute,
      limit: perMinute,
      remaining: Math.max(0, perMinute - count),
      resetS: Math.max(1, Math.ceil(msLeft / 1_000)),
    };
  }
}

interface RateLimitCommands {
  rateLimitHit(key: string): Promise<HitReply>;
}
