import { Module } from '@nestjs/common';
import { SourceHealthModule } from '../../ops/source-health.module.js';
import { ParkingModule } from '../../parking/parking.module.js';
import { ExportReadsService } from './export-reads.service.js';
import { GtfsRtExportController } from './gtfs-rt-export.controller.js';
import { ParkingExportController } from './parking-export.controller.js';

/** GET /v1/export/*: the hub's live data re-published as GTFS-RT, ParkAPI v3 and DATEX II v3. */
@Module({
  imports: [ParkingModule, SourceHealthModule],
  providers: [ExportReadsService],
  controllers: [GtfsRtExportController, ParkingExportController],
})
export class ExportApiModule {}
