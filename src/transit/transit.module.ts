import { Module } from '@nestjs/common';
import { DeparturesService } from './departures.service.js';
import { TransitQueryService } from './transit-query.service.js';

/** The transit read services (their ports, timetable, live state and history, are bound by infra's DomainAdaptersModule). */
@Module({
  providers: [DeparturesService, TransitQueryService],
  exports: [DeparturesService, TransitQueryService],
})
export class TransitModule {}
