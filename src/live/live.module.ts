import { Module } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { SourceHealthModule } from '../ops/source-health.module.js';
import { ParkingModule } from '../parking/parking.module.js';
import { TransitModule } from '../transit/transit.module.js';
import { ChangeStreamReader } from './change-stream.reader.js';
import { SEEN_CHANGE_CURSOR } from './change-cursor.port.js';
import { LiveAccessService } from './live-access.service.js';
import { LiveDispatcher } from './live-dispatcher.service.js';
import { LiveSnapshotService } from './live-snapshot.service.js';
import { LiveStreamController } from './live-stream.controller.js';
import { LiveSubscribeService } from './live-subscribe.service.js';
import { LiveGateway } from './live.gateway.js';
import { ReplayLog } from './replay-log.js';
import { ReplayService } from './replay.service.js';
import { SubscriptionRegistry } from './subscription-registry.js';

/** Events kept in memory for resumes; older ones within the window are read from Redis. */
const REPLAY_LOG_MAX_EVENTS = 50_000;

/**
 * The live feed: socket.io /live and SSE /v1/stream, fed by the Redis change stream (api role).
 * Access (keys, quotas) comes from the global AccessModule, as for REST.
 */
@Module({
  imports: [ParkingModule, SourceHealthModule, TransitModule],
  controllers: [LiveStreamController],
  providers: [
    LiveGateway,
    LiveAccessService,
    SubscriptionRegistry,
    LiveDispatcher,
    ChangeStreamReader,
    // What the REST fast read path compares a held answer with (api/http/change-cursor.port.ts).
    { provide: SEEN_CHANGE_CURSOR, useExisting: ChangeStreamReader },
    ReplayService,
    LiveSnapshotService,
    LiveSubscribeService,
    {
      provide: ReplayLog,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new ReplayLog(config.replayWindowMs, REPLAY_LOG_MAX_EVENTS),
    },
  ],
})
export class LiveModule {}
