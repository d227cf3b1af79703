import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { ChangeCursorPort } from '../../live/change-cursor.port.js';
import { REDIS } from '../../config/tokens.js';
import { RedisKeys } from './redis-keys.js';

/** Reads the id of the newest change-stream entry ("0-0" for an empty stream). */
@Injectable()
export class ChangeCursorRedis implements ChangeCursorPort {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async latest(): Promise<string> {
    const newest = await this.redis.xrevrange(this.keys.changes(), '+', '-', 'COUNT', 1);
    return newest[0]?.[0] ?? '0-0';
  }
}
