import { Module } from '@nestjs/common';
import { AlertsController, RoutesController, StopsController, VehiclesController } from './transit.controller.js';
import { TransitModule } from '../../transit/transit.module.js';

@Module({
  imports: [TransitModule],
  controllers: [StopsController, RoutesController, VehiclesController, AlertsController],
})
export class TransitApiModule {}
