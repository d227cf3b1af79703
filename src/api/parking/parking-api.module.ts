import { Module } from '@nestjs/common';
import { ParkingModule } from '../../parking/parking.module.js';
import { ParkingsController } from './parkings.controller.js';

@Module({ imports: [ParkingModule], controllers: [ParkingsController] })
export class ParkingApiModule {}
