import { Global, Module } from '@nestjs/common';
import { MetricsService } from './metrics/metrics.service.js';
import { ShutdownCoordinator } from './shutdown/shutdown-coordinator.service.js';

/**
 * Available to every module without importing: the metrics registry (the live feed reports its
 * clients, subscriptions and pushes there) and the shutdown coordinator (it tells its clients to
 * reconnect elsewhere from `onShutdown`).
 */
@Global()
@Module({ providers: [MetricsService, ShutdownCoordinator], exports: [MetricsService, ShutdownCoordinator] })
export class MetricsAndShutdownModule {}
