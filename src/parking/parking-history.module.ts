import { Module } from '@nestjs/common';
import { ParkingHistoryReader } from '../infra/database/parking-history.reader.js';
import { ParkingHistoryController } from './parking-history.controller.js';
import { PARKING_HISTORY_READER } from './parking-history-read.port.js';
import { ParkingHistoryService } from './parking-history.service.js';
import { ParkingModule } from './parking.module.js';

/** The history endpoint: reads Postgres, checks the id against live state and facilities. */
@Module({
  imports: [ParkingModule],
  controllers: [ParkingHistoryController],
  providers: [{ provide: PARKING_HISTORY_READER, useClass: ParkingHistoryReader }, ParkingHistoryService],
})
export class ParkingHistoryModule {}
