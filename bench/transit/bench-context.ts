import { randomBytes } from 'node:crypto';
import { type DynamicModule, type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Worker } from 'node:worker_threads';
import { type AppConfig, loadAppConfig } from '../../src/config/app-config.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { DatabaseModule } from '../../src/infra/database/database.module.js';
import { QueueModule } from '../../src/infra/queue/queue.module.js';
import { DomainAdaptersModule } from '../../src/infra/domain-adapters.module.js';
import { RedisModule } from '../../src/infra/redis/redis.module.js';
import { GtfsIngestModule } from '../../src/ingest/gtfs/gtfs-ingest.module.js';
import { GtfsRtIngestModule } from '../../src/ingest/gtfs-rt/gtfs-rt-ingest.module.js';
import { MetricsAndShutdownModule } from '../../src/ops/metrics-and-shutdown.module.js';
import { writeSources } from '../../test/support/hub-app.js';
import { deleteRedisPrefix, dropSchema, TEST_DATABASE_URL, TEST_REDIS_URL } from '../../test/support/test-env.js';

/** The transit pipelines as the worker role wires them, without scheduler or queue workers. */
@Module({})
class TransitBenchModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TransitBenchModule,
      imports: [
        ConfigModule.forRoot(config, {}),
        RedisModule,
        DomainAdaptersModule,
        QueueModule,
        DatabaseModule,
        MetricsAndShutdownModule,
        GtfsIngestModule,
        GtfsRtIngestModule,
      ],
    };
  }
}

export interface TransitBenchContext {
  app: INestApplicationContext;
  config: AppConfig;
  close(): Promise<void>;
}

/** A context under a bench-only Redis prefix and Postgres schema, both removed by close(). */
export async function startTransitContext(sourcesYaml: string): Promise<TransitBenchContext> {
  const name = `bench_${randomBytes(4).toString('hex')}`;
  const base = loadAppConfig({
    HUB_ROLE: 'worker',
    HUB_SOURCES: writeSources(sourcesYaml),
    HUB_PREFIX: name,
    HUB_DB_SCHEMA: name,
    PORT: '0',
  });
  const config: AppConfig = {
    ...base,
    redisUrl: process.env.REDIS_URL ?? TEST_REDIS_URL,
    databaseUrl: process.env.DATABASE_URL ?? TEST_DATABASE_URL,
  };
  const app = await NestFactory.createApplicationContext(TransitBenchModule.forRoot(config), { logger: ['error'] });
  await app.init();
  return {
    app,
    config,
    async close() {
      await app.close();
      await deleteRedisPrefix(name);
      await dropSchema(name, config.databaseUrl);
    },
  };
}

const SAMPLER = `
const { workerData } = require('node:worker_threads');
const peak = new Int32Array(workerData);
setInterval(() => {
  const kb = Math.round(process.memoryUsage.rss() / 1024);
  if (kb > Atomics.load(peak, 0)) Atomics.store(peak, 0, kb);
}, 5);
`;

/** Peak RSS of the process, sampled from a worker thread (a main-thread timer would miss synchronous peaks). */
export class PeakRss {
  private readonly peakKb = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker = new Worker(SAMPLER, { eval: true, workerData: this.peakKb.buffer });

  bytes(): number {
    return Math.max(Atomics.load(this.peakKb, 0) * 1024, process.memoryUsage.rss());
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
