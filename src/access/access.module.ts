import { Global, Module } from '@nestjs/common';
import { ApiKeyRepository } from '../infra/database/api-key.repository.js';
import { RateLimitRedis } from '../infra/redis/rate-limit.redis.js';
import { API_KEY_STORE } from './api-key.port.js';
import { ApiKeyService } from './api-key.service.js';
import { RATE_LIMITER } from './rate-limit.port.js';
import { RoutingSettingsCheck } from '../api/access/routing-settings.js';

/**
 * API keys and rate limits. Global so the live feed can check socket.io handshakes
 * (`ApiKeyService.verify`) and count them (`RATE_LIMITER`) the way REST does. An API whose
 * HTTP app routes case-insensitively or loosely does not start (RoutingSettingsCheck).
 */
@Global()
@Module({
  providers: [
    ApiKeyService,
    { provide: API_KEY_STORE, useClass: ApiKeyRepository },
    { provide: RATE_LIMITER, useClass: RateLimitRedis },
    RoutingSettingsCheck,
  ],
  exports: [ApiKeyService, RATE_LIMITER],
})
export class AccessModule {}
