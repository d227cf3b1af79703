import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { Controller, type DynamicModule, Get, Module, Query } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { loadAppConfig } from '../../src/config/app-config.js';
import { ConfigModule } from '../../src/config/config.module.js';
import { parseQuery } from '../../src/common/http/query-parsing.js';
import { DatabaseModule } from '../../src/infra/database/database.module.js';
import { QueueModule } from '../../src/infra/queue/queue.module.js';
import { MetricsAndShutdownModule } from '../../src/ops/metrics-and-shutdown.module.js';
import { DomainAdaptersModule } from '../../src/infra/domain-adapters.module.js';
import { RedisModule } from '../../src/infra/redis/redis.module.js';
import { parkingListQuery } from '../../src/parking/parking-list.query.js';
import { ParkingQueryService } from '../../src/parking/parking-query.service.js';
import { ParkingModule } from '../../src/parking/parking.module.js';

/**
 * The same work as GET /v1/parkings (zod parse, Redis geo search + reads, staleness, JSON) in a
 * controller that touches neither Express nor Fastify types, so one Nest app runs on both:
 * the difference is the HTTP platform alone. With a body file, it answers those bytes instead
 * (no work: the platform's own cost). Usage: platform-server.js express|fastify <port> [body-file]
 */
@Controller('v1/parkings')
class PlatformNeutralParkingsController {
  constructor(private readonly parkings: ParkingQueryService) {}

  @Get()
  async list(@Query() query: Record<string, unknown>): Promise<unknown> {
    if (constantBody !== undefined) return constantBody;
    const page = await this.parkings.list(parseQuery(parkingListQuery, query));
    return {
      data: page.data,
      meta: { count: page.data.length, next: page.next, generatedAt: new Date().toISOString() },
    };
  }
}

const constantFile = process.argv[4];
const constantBody =
  constantFile === undefined ? undefined : (JSON.parse(readFileSync(constantFile, 'utf8')) as unknown);

@Module({})
class PlatformBenchModule {
  static forRoot(): DynamicModule {
    const config = loadAppConfig();
    return {
      module: PlatformBenchModule,
      imports: [
        ConfigModule.forRoot(config, {}),
        RedisModule,
        DomainAdaptersModule,
        QueueModule,
        DatabaseModule,
        MetricsAndShutdownModule,
        ParkingModule,
      ],
      controllers: [PlatformNeutralParkingsController],
    };
  }
}

async function main(): Promise<void> {
  const [platform, port] = process.argv.slice(2);
  const app =
    platform === 'fastify'
      ? await NestFactory.create(PlatformBenchModule.forRoot(), new FastifyAdapter(), { logger: ['error'] })
      : await NestFactory.create(PlatformBenchModule.forRoot(), { logger: ['error'] });
  await app.listen(Number(port), '127.0.0.1');
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
