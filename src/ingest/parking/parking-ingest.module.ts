import { Module } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/tokens.js';
import { ParkingHistoryWriter } from '../../infra/database/parking-history.writer.js';
import { SourceFetcher } from '../../infra/http/source-fetcher.js';
import { ParkingHistoryQueue } from '../../infra/queue/parking-history.queue.js';
import { FetchStateRedis } from '../../infra/redis/fetch-state.redis.js';
import { RedisHostSlots } from '../../infra/redis/host-slots.redis.js';
import { ParkingModule } from '../../parking/parking.module.js';
import { PARKING_HISTORY_QUEUE, PARKING_HISTORY_WRITER } from '../../parking/ports/parking-history.port.js';
import { ConditionalFetchService, SOURCE_FETCHER } from '../conditional-fetch.service.js';
import { FETCH_STATE_STORE } from '../fetch-state.port.js';
import { ParkingParserService } from './parking-parser.service.js';
import { ParkingIngestService } from './parking-ingest.service.js';
import { StaticReferenceService } from './static-reference.service.js';

/** The fetch + parking pipeline with its ports bound (Redis, BullMQ, Postgres); no scheduling. */
@Module({
  imports: [ParkingModule],
  providers: [
    {
      provide: SOURCE_FETCHER,
      inject: [APP_CONFIG, RedisHostSlots],
      useFactory: (config: AppConfig, hostSlots: RedisHostSlots) =>
        new SourceFetcher({ userAgent: config.userAgent, maxPerHost: config.pollPerHost, hostSlots }),
    },
    { provide: FETCH_STATE_STORE, useClass: FetchStateRedis },
    { provide: PARKING_HISTORY_QUEUE, useClass: ParkingHistoryQueue },
    { provide: PARKING_HISTORY_WRITER, useClass: ParkingHistoryWriter },
    ConditionalFetchService,
    ParkingParserService,
    StaticReferenceService,
    ParkingIngestService,
  ],
  exports: [SOURCE_FETCHER, FETCH_STATE_STORE, PARKING_HISTORY_WRITER, ConditionalFetchService, ParkingIngestService],
})
export class ParkingIngestModule {}
