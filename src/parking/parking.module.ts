import { Module } from '@nestjs/common';
import { OpsModule } from '../ops/ops.module.js';
import { ParkingQueryService } from './parking-query.service.js';

/** The read service over live parking state (the port is bound by infra's DomainAdaptersModule). */
@Module({
  imports: [OpsModule],
  providers: [ParkingQueryService],
  exports: [ParkingQueryService],
})
export class ParkingModule {}
