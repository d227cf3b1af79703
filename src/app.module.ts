import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApiModule } from './api/api.module.js';
import { AppExceptionFilter } from './common/http/app-exception.filter.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './infra/database/database.module.js';
import { DomainAdaptersModule } from './infra/domain-adapters.module.js';
import { QueueModule } from './infra/queue/queue.module.js';
import { RedisModule } from './infra/redis/redis.module.js';
import { IngestModule } from './ingest/ingest.module.js';
import { LiveModule } from './live/live.module.js';
import { ObservabilityModule } from './ops/observability.module.js';
import { SourcesApiModule } from './ops/sources-api.module.js';
import { MetricsAndShutdownModule } from './ops/metrics-and-shutdown.module.js';
import { ParkingApiModule } from './api/parking/parking-api.module.js';
import { ParkingHistoryModule } from './api/parking/parking-history.module.js';
import { TransitApiModule } from './api/transit/transit-api.module.js';
import { ExportApiModule } from './api/export/export-api.module.js';
import { PushIngestApiModule } from './api/ingest/push-ingest-api.module.js';

@Module({})
export class AppModule {
  /** HUB_ROLE picks the modules: `api` serves, `worker` polls and writes history, `all` does both. */
  static forRoot(config: AppConfig, sourceVars: Record<string, string | undefined>): DynamicModule {
    const api =
      config.role !== 'worker'
        ? [
            ApiModule,
            ParkingApiModule,
            ParkingHistoryModule,
            SourcesApiModule,
            LiveModule,
            TransitApiModule,
            ExportApiModule,
            PushIngestApiModule,
          ]
        : [];
    const worker = config.role !== 'api' ? [IngestModule] : [];
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config, sourceVars),
        RedisModule,
        QueueModule,
        DatabaseModule,
        DomainAdaptersModule,
        MetricsAndShutdownModule,
        ObservabilityModule,
        ...api,
        ...worker,
      ],
      providers: config.role !== 'worker' ? [{ provide: APP_FILTER, useClass: AppExceptionFilter }] : [],
    };
  }
}
