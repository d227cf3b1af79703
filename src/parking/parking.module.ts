import { Module } from '@nestjs/common';
import { ParkingLiveStateRedis } from '../infra/redis/parking-live-state.redis.js';
import { OpsModule } from '../ops/ops.module.js';
import { ParkingQueryService } from './parking-query.service.js';
import { PARKING_LIVE_STATE } from './ports/parking-live-state.port.js';

/** Live parking state (port bound to Redis) and the read service over it. */
@Module({
  imports: [OpsModule],
  providers: [{ provide: PARKING_LIVE_STATE, useClass: ParkingLiveStateRedis }, ParkingQueryService],
  exports: [PARKING_LIVE_STATE, ParkingQueryService],
})
export class ParkingModule {}
