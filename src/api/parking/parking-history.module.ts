import { Module } from '@nestjs/common';
import { ParkingHistoryController } from './parking-history.controller.js';
import { ParkingHistoryService } from '../../parking/parking-history.service.js';
import { ParkingModule } from '../../parking/parking.module.js';

/** The history endpoint: reads Postgres, checks the id against live state and facilities. */
@Module({
  imports: [ParkingModule],
  controllers: [ParkingHistoryController],
  providers: [ParkingHistoryService],
})
export class ParkingHistoryModule {}
