import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { REDIS } from '../../config/tokens.js';
import { DatabaseService } from '../../infra/database/database.service.js';
import { QueueRepository } from '../../infra/queue/queue.repository.js';
import { ShutdownCoordinator } from '../shutdown/shutdown-coordinator.service.js';

/** Each dependency gets this long to answer; a hung one is `down`, not a hung probe. */
const CHECK_TIMEOUT_MS = 2_000;

/** What /health/ready checks: the hub can serve and poll only when these answer. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly db: DatabaseService,
    private readonly queues: QueueRepository,
    private readonly shutdown: ShutdownCoordinator,
  ) {}

  redisCheck(): PromiseLike<HealthIndicatorResult<'redis'>> {
    return this.indicators
      .check('redis')
      .attempt(async () => {
        await this.redis.ping();
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }

  postgresCheck(): PromiseLike<HealthIndicatorResult<'postgres'>> {
    return this.indicators
      .check('postgres')
      .attempt(async () => {
        if (!(await this.db.ping())) throw new Error('postgres does not answer');
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }

  queueCheck(): PromiseLike<HealthIndicatorResult<'queue'>> {
    return this.indicators
      .check('queue')
      .attempt(async () => {
        await this.queues.ping();
        return { workers: this.queues.workerCount() };
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }

  /** Down from the first moment of a graceful shutdown, so traffic moves away before the port closes. */
  shutdownCheck(): HealthIndicatorResult<'shutdown'> {
    const session = this.indicators.check('shutdown');
    return this.shutdown.isShuttingDown() ? session.down({ message: 'shutting down' }) : session.up();
  }
}
