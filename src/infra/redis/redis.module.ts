import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG, REDIS } from '../../config/tokens.js';
import { withCommandTimeout } from './command-timeout.js';
import { RedisAdaptersModule } from './redis-adapters.module.js';
import { RedisKeys } from './redis-keys.js';

/**
 * One shared ioredis client for commands (BullMQ opens its own connections). While Redis is
 * away its commands fail at once (no offline queue) and a command without an answer fails after
 * HUB_REDIS_COMMAND_TIMEOUT (command-timeout.ts: a busy event loop does not trip it), so the API
 * answers 503 STORAGE_UNAVAILABLE fast instead of hanging;
 * the client keeps reconnecting by itself. Created once connected, so boot-time reads never race it.
 */
@Global()
@Module({
  imports: [RedisAdaptersModule],
  providers: [
    {
      provide: REDIS,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => {
        const redis = new Redis(config.redisUrl ?? 'redis://127.0.0.1:6379', {
          lazyConnect: true,
          enableOfflineQueue: false,
          maxRetriesPerRequest: 1,
        });
        await redis.connect();
        return withCommandTimeout(redis, config.redisCommandTimeoutMs);
      },
    },
    { provide: RedisKeys, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new RedisKeys(config.prefix) },
  ],
  exports: [REDIS, RedisKeys],
})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
