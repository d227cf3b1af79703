import { Module } from '@nestjs/common';
import { SourceOutageRepository } from '../infra/database/source-outage.repository.js';
import { SourceOutageQueue } from '../infra/queue/source-outage.queue.js';
import { SourceHealthRedis } from '../infra/redis/source-health.redis.js';
import { SOURCE_OUTAGE_QUEUE, SOURCE_OUTAGE_STORE } from './outages/source-outage.port.js';
import { SOURCE_HEALTH_STORE } from './source-health.port.js';
import { SourceHealthRecorder } from './source-health.recorder.js';

/** Source health and outage history, shared by the poller (writes) and the API (reads). */
@Module({
  providers: [
    { provide: SOURCE_HEALTH_STORE, useClass: SourceHealthRedis },
    { provide: SOURCE_OUTAGE_QUEUE, useClass: SourceOutageQueue },
    { provide: SOURCE_OUTAGE_STORE, useClass: SourceOutageRepository },
    SourceHealthRecorder,
  ],
  exports: [SOURCE_HEALTH_STORE, SOURCE_OUTAGE_QUEUE, SOURCE_OUTAGE_STORE, SourceHealthRecorder],
})
export class SourceHealthModule {}
