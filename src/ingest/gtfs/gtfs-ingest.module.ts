import { Module } from '@nestjs/common';
import { TransitFeedWriter } from '../../infra/database/transit-feed.writer.js';
import { SourceHealthModule } from '../../ops/source-health.module.js';
import { TransitModule } from '../../transit/transit.module.js';
import { ParkingIngestModule } from '../parking/parking-ingest.module.js';
import { GTFS_FEED_STORE } from './gtfs-import.types.js';
import { GtfsImportService } from './gtfs-import.service.js';
import { GtfsStaticPollService } from './gtfs-static-poll.service.js';

/** Static GTFS: the poll (fetch, stage, enqueue) and the import job. The fetcher comes from the shared ingest wiring. */
@Module({
  imports: [ParkingIngestModule, SourceHealthModule, TransitModule],
  providers: [{ provide: GTFS_FEED_STORE, useClass: TransitFeedWriter }, GtfsStaticPollService, GtfsImportService],
  exports: [GtfsStaticPollService, GtfsImportService],
})
export class GtfsIngestModule {}
