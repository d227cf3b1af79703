import {
  Inject,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type OnModuleInit,
  RequestMethod,
} from '@nestjs/common';
import { APP_GUARD, HttpAdapterHost } from '@nestjs/core';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { AccessGuard } from '../access/access.guard.js';
import { AccessModule } from '../access/access.module.js';
import { AdminController } from './admin/admin.controller.js';
import { loadDashboard } from './dashboard/dashboard-assets.js';
import { dashboardMiddleware } from './dashboard/dashboard.middleware.js';
import { imageSourcesOf } from './dashboard/tile-source.js';
import { compressionMiddleware } from './http/compression.middleware.js';
import { corsMiddleware } from './http/cors.middleware.js';
import { FastReadInstaller } from './http/fast-read/fast-read.installer.js';
import { ResponseCacheModule } from './http/response-cache.module.js';
import { securityHeaders } from './http/security-headers.js';
import { varyMiddleware } from './http/vary.middleware.js';
import { DocsController } from './openapi/docs.controller.js';

/**
 * The developer-facing HTTP layer around every controller: access (keys, limits, admin token),
 * CORS, compression, security headers, the documentation and the dashboard page at /.
 */
@Module({
  imports: [AccessModule, ResponseCacheModule],
  controllers: [DocsController, AdminController],
  providers: [{ provide: APP_GUARD, useClass: AccessGuard }, FastReadInstaller],
})
export class ApiModule implements NestModule, OnModuleInit {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(
        securityHeaders(imageSourcesOf(this.config)),
        corsMiddleware(this.config.access.corsOrigins),
        varyMiddleware(this.config.requireApiKey),
        compressionMiddleware(),
        dashboardMiddleware(loadDashboard(), this.config.dashboard),
      )
      .forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }

  /** Which proxy hops may name the client IP (anonymous limits are per IP): HUB_TRUST_PROXY. */
  onModuleInit(): void {
    const instance: unknown = this.adapterHost.httpAdapter?.getInstance();
    if (typeof instance === 'function' && 'set' in instance && typeof instance.set === 'function') {
      instance.set('trust proxy', this.config.access.trustProxy);
    }
  }
}
