import { Module } from '@nestjs/common';
import { RemovedSourceOutages } from '../ops/outages/removed-source-outages.service.js';
import { SourceHealthModule } from '../ops/source-health.module.js';
import { GtfsIngestModule } from './gtfs/gtfs-ingest.module.js';
import { GtfsRtIngestModule } from './gtfs-rt/gtfs-rt-ingest.module.js';
import { IngestWorkerService } from './ingest-worker.service.js';
import { ParkingIngestModule } from './parking/parking-ingest.module.js';
import { ParkingHistoryJobService } from './parking/parking-history-job.service.js';
import { PollSchedulerService } from './poll-scheduler.service.js';
import { PollSourceService } from './poll-source.service.js';

/** The worker role: schedulers and poll jobs over the pipelines, and the history writer jobs. */
@Module({
  imports: [ParkingIngestModule, GtfsIngestModule, GtfsRtIngestModule, SourceHealthModule],
  providers: [
    PollSourceService,
    PollSchedulerService,
    IngestWorkerService,
    ParkingHistoryJobService,
    RemovedSourceOutages,
  ],
  exports: [PollSourceService],
})
export class IngestModule {}
