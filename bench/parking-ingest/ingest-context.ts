import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type AppConfig, loadAppConfig } from '../../src/config/app-config.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { DatabaseModule } from '../../src/infra/database/database.module.js';
import { QueueModule } from '../../src/infra/queue/queue.module.js';
import { DomainAdaptersModule } from '../../src/infra/domain-adapters.module.js';
import { RedisModule } from '../../src/infra/redis/redis.module.js';
import { ParkingIngestModule } from '../../src/ingest/parking/parking-ingest.module.js';
import { MetricsAndShutdownModule } from '../../src/ops/metrics-and-shutdown.module.js';
import { writeSources } from '../../test/support/hub-app.js';
import { deleteRedisPrefix, dropSchema, TEST_DATABASE_URL, TEST_REDIS_URL } from '../../test/support/test-env.js';

/**
 * The parking pipeline exactly as the worker role wires it (the global modules of AppModule that
 * the pipeline uses, and ParkingIngestModule), minus the scheduler and the pollers: the bench calls
 * ingest() itself. Everything lives under a bench-only Redis prefix and Postgres schema, removed by close().
 */
@Module({})
class ParkingIngestBenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ParkingIngestBenchModule,
      imports: [
        ConfigModule.forRoot(config, {}),
        RedisModule,
        DomainAdaptersModule,
        QueueModule,
        DatabaseModule,
        MetricsAndShutdownModule,
        ParkingIngestModule,
      ],
    };
  }
}

export interface IngestContext {
  app: INestApplicationContext;
  config: AppConfig;
  close(): Promise<void>;
}

export async function startIngestContext(): Promise<IngestContext> {
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const sourcesFile = writeSources('sources: []\n');
  const base = loadAppConfig({
    HUB_ROLE: 'worker',
    HUB_SOURCES: sourcesFile,
    HUB_PREFIX: name,
    HUB_DB_SCHEMA: name,
    PORT: '0',
  });
  const config: AppConfig = { ...base, redisUrl: TEST_REDIS_URL, databaseUrl: TEST_DATABASE_URL };
  const app = await NestFactory.createApplicationContext(ParkingIngestBenchModule.forRoot(config), {
    logger: ['error'],
  });
  await app.init();
  return {
    app,
    config,
    async close() {
      await app.close();
      await deleteRedisPrefix(name);
      await dropSchema(name);
      rmSync(path.dirname(sourcesFile), { recursive: true, force: true });
    },
  };
}
