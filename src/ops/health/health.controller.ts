import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import type { Response } from 'express';
import { ReadinessIndicators } from './readiness.indicators.js';

/**
 * Probes (docs/interface.md § Probes, metrics and docs): `live` says the process and its event
 * loop answer (restart it when not); `ready` says it can do its job: Redis, Postgres and the queue answer and it is not
 * shutting down (send it no traffic when not); in a process that runs workers, also that no
 * source's scheduled polls have stopped coming (`polling`, POLL_STALLED). Terminus' body either way; 503 when not ready.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly readiness: ReadinessIndicators,
  ) {}

  @Get('live')
  async live(@Res() res: Response): Promise<void> {
    await this.respond(res, () => this.health.check([]));
  }

  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    await this.respond(res, () =>
      this.health.check([
        () => this.readiness.redisCheck(),
        () => this.readiness.postgresCheck(),
        () => this.readiness.queueCheck(),
        ...(this.readiness.runsWorkers() ? [() => this.readiness.pollingCheck()] : []),
        () => this.readiness.shutdownCheck(),
      ]),
    );
  }

  /** Terminus throws its 503; the body is sent as is rather than through the API error shape, for probes and people alike. */
  private async respond(res: Response, run: () => Promise<HealthCheckResult>): Promise<void> {
    res.setHeader('Cache-Control', 'no-store');
    try {
      res.status(200).json(await run());
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503).json(error.getResponse());
    }
  }
}
