import { Module } from '@nestjs/common';
import { SourceHealthModule } from '../ops/source-health.module.js';
import { ParkingQueryService } from './parking-query.service.js';

/** The read service over live parking state (the port is bound by infra's DomainAdaptersModule). */
@Module({
  imports: [SourceHealthModule],
  providers: [ParkingQueryService],
  exports: [ParkingQueryService],
})
export class ParkingModule {}
