import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import type { SourceConfig } from '../config/source-config.js';
import { SourceRegistry } from '../config/source-registry.service.js';
import { APP_CONFIG } from '../config/tokens.js';
import { JobName, QueueName } from '../infra/queue/jobs.js';
import { QueueRepository } from '../infra/queue/queue.repository.js';
import { isPollStalled } from '../ops/poll-stall.js';
import { SourceHealthRecorder } from '../ops/source-health.recorder.js';
import { SOURCE_OUTAGE_STORE, type SourceOutageStorePort } from '../ops/outages/source-outage.port.js';
import { PARKING_HISTORY_WRITER, type ParkingHistoryWriterPort } from '../parking/ports/parking-history.port.js';
import { GtfsImportService } from './gtfs/gtfs-import.service.js';
import { ParkingHistoryJobService } from './parking/parking-history-job.service.js';
import { PollSchedulerService } from './poll-scheduler.service.js';
import { PollSourceService } from './poll-source.service.js';

/** The worker role: keeps schedulers in line with sources.yaml and runs the jobs. */
@Injectable()
export class IngestWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private scheduleCheck?: NodeJS.Timeout;
  private stopReconnectWatch?: () => void;
  private reconciling?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly registry: SourceRegistry,
    private readonly scheduler: PollSchedulerService,
    private readonly queues: QueueRepository,
    private readonly poller: PollSourceService,
    @Inject(PARKING_HISTORY_WRITER) private readonly history: ParkingHistoryWriterPort,
    @Inject(SOURCE_OUTAGE_STORE) private readonly outages: SourceOutageStorePort,
    private readonly gtfsImport: GtfsImportService,
    private readonly historyJob: ParkingHistoryJobService,
    private readonly recorder: SourceHealthRecorder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    let settings = settingsById(this.registry.all());
    this.registry.onChange(async (sources) => {
      const before = settings;
      settings = settingsById(sources);
      await this.scheduler.sync(sources);
      for (const [id, json] of settings) {
        if (before.get(id) === undefined || before.get(id) === json) continue;
        if (await this.recorder.clearBackoff(id)) {
          this.logger.log(`source ${id}: settings changed: failure backoff cleared, polled at its next tick`);
        }
      }
    });
    await this.scheduler.sync(this.registry.all());
    await this.queues.upsertDailyScheduler('prune-history', JobName.PruneHistory);
    this.scheduleCheck = setInterval(() => void this.reconcileSchedules(), this.config.scheduleCheckMs);
    this.scheduleCheck.unref();
    this.stopReconnectWatch = this.queues.onReconnect(() => {
      this.logger.warn('Redis connection is back: checking the poll schedules');
      void this.reconcileSchedules();
    });
    this.queues.startWorkers(
      {
        [JobName.PollSource]: async ({ sourceId }, { attemptsMade }) => {
          await this.poller.poll(sourceId, attemptsMade === 0 ? 'tick' : 'retry');
        },
        [JobName.WriteParkingHistory]: async (batch, { attemptsMade }) => {
          await this.historyJob.run(batch, attemptsMade);
        },
        [JobName.WriteSourceOutage]: async (outage) => {
          await this.outages.write(outage);
        },
        [JobName.PruneHistory]: async () => {
          const dropped = await this.history.prune(new Date(Date.now() - this.config.historyRetentionMs));
          if (dropped.length > 0) this.logger.log(`history retention: dropped ${dropped.join(', ')}`);
          await this.gtfsImport.pruneHistory(new Date(Date.now() - this.config.historyRetentionMs));
          const outages = await this.outages.prune(new Date(Date.now() - this.config.historyRetentionMs));
          if (outages > 0) this.logger.log(`history retention: ${outages} ended outages deleted`);
        },
        [JobName.ImportGtfs]: async (job) => {
          await this.gtfsImport.runJob(job);
        },
      },
      { [QueueName.Poll]: this.config.pollConcurrency, [QueueName.History]: 1, [QueueName.GtfsImport]: 1 },
    );
    this.logger.log(`worker started (poll concurrency ${this.config.pollConcurrency})`);
  }

  /**
   * Puts back the job schedulers Redis lost (emptied, restarted without persistence): one check
   * at a time; a failure (Redis still away) is logged and the next check tries again.
   */
  reconcileSchedules(): Promise<void> {
    this.reconciling ??= (async () => {
      try {
        await this.scheduler.reconcile(this.registry.all(), async (source) =>
          isPollStalled(await this.recorder.current(source), source, Date.now()),
        );
        if (await this.queues.ensureDailyScheduler('prune-history', JobName.PruneHistory)) {
          this.logger.warn('history retention scheduler missing from Redis: re-created');
        }
      } catch (error) {
        this.logger.warn(`schedule check failed (next in ${this.config.scheduleCheckMs}ms): ${String(error)}`);
      } finally {
        this.reconciling = undefined;
      }
    })();
    return this.reconciling;
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.scheduleCheck);
    this.stopReconnectWatch?.();
    await this.queues.stopWorkers();
  }
}

/** Each source's settings as one string, to tell which ones a reload changed. */
function settingsById(sources: SourceConfig[]): Map<string, string> {
  return new Map(sources.map((s) => [s.id, JSON.stringify(s)]));
}
