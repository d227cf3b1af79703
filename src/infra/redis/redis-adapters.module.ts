import { Global, Module } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { REDIS } from '../../config/tokens.js';
import { CHANGE_STREAM } from '../../live/change-stream.port.js';
import { STORE_PING } from '../../ops/health/store-ping.port.js';
import { ChangeStreamRedis } from './change-stream.redis.js';
import { RedisHostSlots } from './host-slots.redis.js';
import { RedisKeys } from './redis-keys.js';
import { RedisPing } from './store-ping.redis.js';

/**
 * The Redis adapters of ports that the live feed, the health checks and the poll's fetcher use,
 * bound here so those modules name only their ports. Global, registered by RedisModule.
 */
@Global()
@Module({
  providers: [
    { provide: CHANGE_STREAM, useClass: ChangeStreamRedis },
    { provide: STORE_PING, useClass: RedisPing },
    {
      provide: RedisHostSlots,
      inject: [REDIS, RedisKeys],
      useFactory: (redis: Redis, keys: RedisKeys) => new RedisHostSlots(redis, keys),
    },
  ],
  exports: [CHANGE_STREAM, STORE_PING, RedisHostSlots],
})
export class RedisAdaptersModule {}
