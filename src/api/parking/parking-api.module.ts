import { Module } from '@nestjs/common';
import { ParkingModule } from '../../parking/parking.module.js';
import { COMPUTED_READS } from '../http/fast-read/computed-read.js';
import { ParkingListAnswers } from './parking-list.answers.js';
import { ParkingsController } from './parkings.controller.js';

@Module({
  imports: [ParkingModule],
  controllers: [ParkingsController],
  providers: [ParkingListAnswers, { provide: COMPUTED_READS, useExisting: ParkingListAnswers }],
})
export class ParkingApiModule {}
