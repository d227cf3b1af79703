import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../config/tokens.js';
import type { StorePing } from '../../ops/health/store-ping.port.js';

/** PING on the shared command connection. */
@Injectable()
export class RedisPing implements StorePing {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async ping(): Promise<void> {
    await this.redis.ping();
  }
}
