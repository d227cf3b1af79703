import { Global, Module } from '@nestjs/common';
import { PARKING_HISTORY_READER } from '../parking/parking-history-read.port.js';
import { PARKING_LIVE_STATE } from '../parking/ports/parking-live-state.port.js';
import { PUNCTUALITY_READER } from '../transit/ports/punctuality-read.port.js';
import { TIMETABLE } from '../transit/ports/timetable.port.js';
import { TRANSIT_HISTORY } from '../transit/ports/transit-history.port.js';
import { TRANSIT_LIVE_STATE } from '../transit/ports/transit-live-state.port.js';
import { ParkingHistoryReader } from './database/parking-history.reader.js';
import { TransitHistoryWriter } from './database/transit-history.writer.js';
import { TransitPunctualityReader } from './database/transit-punctuality.reader.js';
import { TransitTimetableRepository } from './database/transit-timetable.repository.js';
import { ParkingLiveStateRedis } from './redis/parking-live-state.redis.js';
import { TransitLiveStateRedis } from './redis/transit-live-state.redis.js';

/**
 * The domain's ports bound to their Redis and Postgres adapters, once for the whole app: the
 * parking and transit modules declare what they need (the ports, in their own folders) and never
 * name an adapter, so the domain does not import infra.
 */
@Global()
@Module({
  providers: [
    { provide: PARKING_LIVE_STATE, useClass: ParkingLiveStateRedis },
    { provide: PARKING_HISTORY_READER, useClass: ParkingHistoryReader },
    { provide: TIMETABLE, useClass: TransitTimetableRepository },
    { provide: TRANSIT_LIVE_STATE, useClass: TransitLiveStateRedis },
    { provide: TRANSIT_HISTORY, useClass: TransitHistoryWriter },
    { provide: PUNCTUALITY_READER, useClass: TransitPunctualityReader },
  ],
  exports: [
    PARKING_LIVE_STATE,
    PARKING_HISTORY_READER,
    TIMETABLE,
    TRANSIT_LIVE_STATE,
    TRANSIT_HISTORY,
    PUNCTUALITY_READER,
  ],
})
export class DomainAdaptersModule {}
