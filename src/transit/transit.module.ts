import { Module } from '@nestjs/common';
import { TransitHistoryWriter } from '../infra/database/transit-history.writer.js';
import { TransitTimetableRepository } from '../infra/database/transit-timetable.repository.js';
import { TransitLiveStateRedis } from '../infra/redis/transit-live-state.redis.js';
import { DeparturesService } from './departures.service.js';
import { TIMETABLE } from './ports/timetable.port.js';
import { TRANSIT_HISTORY } from './ports/transit-history.port.js';
import { TRANSIT_LIVE_STATE } from './ports/transit-live-state.port.js';
import { TransitQueryService } from './transit-query.service.js';

/** Transit ports bound to Postgres (timetable, history) and Redis (live state), and the read services. */
@Module({
  providers: [
    { provide: TIMETABLE, useClass: TransitTimetableRepository },
    { provide: TRANSIT_LIVE_STATE, useClass: TransitLiveStateRedis },
    { provide: TRANSIT_HISTORY, useClass: TransitHistoryWriter },
    DeparturesService,
    TransitQueryService,
  ],
  exports: [TIMETABLE, TRANSIT_LIVE_STATE, TRANSIT_HISTORY, DeparturesService, TransitQueryService],
})
export class TransitModule {}
