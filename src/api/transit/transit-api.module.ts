import { Module } from '@nestjs/common';
import { COMPUTED_READS } from '../http/fast-read/computed-read.js';
import { DeparturesAnswers } from './departures.answers.js';
import { AlertsController, RoutesController, StopsController, VehiclesController } from './transit.controller.js';
import { TransitModule } from '../../transit/transit.module.js';

@Module({
  imports: [TransitModule],
  controllers: [StopsController, RoutesController, VehiclesController, AlertsController],
  providers: [DeparturesAnswers, { provide: COMPUTED_READS, useExisting: DeparturesAnswers }],
})
export class TransitApiModule {}
