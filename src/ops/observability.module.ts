import {
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnModuleDestroy,
  type OnModuleInit,
  RequestMethod,
} from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { SourceRegistry } from '../config/source-registry.service.js';
import { HealthController } from './health/health.controller.js';
import { ReadinessIndicators } from './health/readiness.indicators.js';
import { addSecretSource } from './logging/log-redactor.js';
import { RequestContextMiddleware } from './logging/request-context.middleware.js';
import { MetricsController } from './metrics/metrics.controller.js';
import { OpsGaugesCollector } from './metrics/ops-gauges.collector.js';
import { SourceHealthModule } from './source-health.module.js';

/**
 * What operators of the hub look at, in every role: /health/live, /health/ready, /metrics,
 * request ids + access log, and redaction of the values sources.yaml took from ${ENV}.
 */
@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), SourceHealthModule],
  controllers: [HealthController, MetricsController],
  providers: [ReadinessIndicators, OpsGaugesCollector],
})
export class ObservabilityModule implements NestModule, OnModuleInit, OnModuleDestroy {
  private removeSecrets?: () => void;

  constructor(private readonly registry: SourceRegistry) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestContextMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }

  onModuleInit(): void {
    this.removeSecrets = addSecretSource(() => this.registry.substitutedValues());
  }

  onModuleDestroy(): void {
    this.removeSecrets?.();
  }
}
