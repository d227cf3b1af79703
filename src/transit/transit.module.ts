import { Module } from '@nestjs/common';
import { DeparturesService } from './departures.service.js';
import { PunctualityService } from './punctuality.service.js';
import { TransitQueryService } from './transit-query.service.js';

/** The transit read services (their ports, timetable, live state and history, are bound by infra's DomainAdaptersModule). */
@Module({
  providers: [DeparturesService, TransitQueryService, PunctualityService],
  exports: [DeparturesService, TransitQueryService, PunctualityService],
})
export class TransitModule {}
