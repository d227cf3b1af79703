import { Module } from '@nestjs/common';
import { SourceHealthRedis } from '../infra/redis/source-health.redis.js';
import { SOURCE_HEALTH_STORE } from './source-health.port.js';

/** Source health store, shared by the poller (writes) and the API (reads). */
@Module({
  providers: [{ provide: SOURCE_HEALTH_STORE, useClass: SourceHealthRedis }],
  exports: [SOURCE_HEALTH_STORE],
})
export class OpsModule {}
