import { Global, Module } from '@nestjs/common';
import { ChangeCursorRedis } from '../../infra/redis/change-cursor.redis.js';
import { CHANGE_CURSOR } from '../../live/change-cursor.port.js';
import { ResponseCache } from './response-cache.js';

/** Global so read controllers can reuse answers without importing the API layer's module. */
@Global()
@Module({
  providers: [ResponseCache, { provide: CHANGE_CURSOR, useClass: ChangeCursorRedis }],
  exports: [ResponseCache],
})
export class ResponseCacheModule {}
