import { Module } from '@nestjs/common';
import { PushAccess } from '../../access/push-access.js';
import { ParkingIngestModule } from '../../ingest/parking/parking-ingest.module.js';
import { PushIngestService } from '../../ingest/push/push-ingest.service.js';
import { SourceHealthModule } from '../../ops/source-health.module.js';
import { PushIngestController } from './push-ingest.controller.js';

/** Push in: the API process runs a pushed payload through the parking pipeline itself (no queue, no poll). */
@Module({
  imports: [ParkingIngestModule, SourceHealthModule],
  controllers: [PushIngestController],
  providers: [PushIngestService, PushAccess],
})
export class PushIngestApiModule {}
