import { Inject, Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import type { AppConfig } from '../../config/app-config.js';
import { SourceRegistry } from '../../config/source-registry.service.js';
import { APP_CONFIG } from '../../config/tokens.js';
import { DatabaseService } from '../../infra/database/database.service.js';
import { QueueRepository } from '../../infra/queue/queue.repository.js';
import { isPollStalled, withPollStall } from '../poll-stall.js';
import { ShutdownCoordinator } from '../shutdown/shutdown-coordinator.service.js';
import { SOURCE_HEALTH_STORE, type SourceHealthStorePort } from '../source-health.port.js';
import { STORE_PING, type StorePing } from './store-ping.port.js';

/** Each dependency gets this long to answer; a hung one is `down`, not a hung probe. */
const CHECK_TIMEOUT_MS = 2_000;

/** What /health/ready checks: the hub can serve and poll only when these answer. */
@Injectable()
export class ReadinessIndicators {
  constructor(
    private readonly indicators: HealthIndicatorService,
    @Inject(STORE_PING) private readonly store: StorePing,
    private readonly db: DatabaseService,
    private readonly queues: QueueRepository,
    private readonly shutdown: ShutdownCoordinator,
    private readonly registry: SourceRegistry,
    @Inject(SOURCE_HEALTH_STORE) private readonly health: SourceHealthStorePort,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Whether this process runs the poll workers, and so answers for their schedules. */
  runsWorkers(): boolean {
    return this.config.role !== 'api';
  }

  /**
   * Polling (worker roles): down while any enabled source's scheduled polls have stopped coming
   * (POLL_STALLED), naming each; the workers re-create lost schedules, so this clears itself.
   */
  pollingCheck(): PromiseLike<HealthIndicatorResult<'polling'>> {
    return this.indicators
      .check('polling')
      .attempt(async () => {
        const stored = new Map((await this.health.all()).map((h) => [h.id, h]));
        const now = Date.now();
        const stalled = this.registry.all().flatMap((source) => {
          const health = stored.get(source.id);
          if (health === undefined || !isPollStalled(health, source, now)) return [];
          const error = withPollStall(health, source, now).lastError;
          return [`${source.id}: ${error?.code}: ${error?.message}`];
        });
        if (stalled.length > 0) throw new Error(stalled.join('; '));
        return { sources: stored.size };
      })
      .withTimeout(CHECK_TIMEOUT_MS);
  }

  redisCheck(): PromiseLike<HealthIndicatorResult<'redis'>> {
    return this.indicators
      .check('redis')
      .attempt(async () => {
        await this.store.ping();
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
