import { hostname } from 'node:os';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { AppException } from '../../common/app-exception.js';
import { redisOutageException } from '../../common/storage-outage.js';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../../config/tokens.js';
import { JOB_QUEUE, JobName, QueueName, type JobHandlers, type JobPayloads } from './jobs.js';

const CAPPED_BACKOFF = 'capped';
const MAX_BACKOFF_MS = 30_000;
/** How long workers get to finish their running jobs and close while Redis answers; then they are dropped. */
const WORKER_CLOSE_GRACE_MS = 5_000;
/** host:pid of this process, the name of its BullMQ workers. */
export const WORKER_NAME = `${hostname()}:${process.pid}`;

/** 1 s, 2 s, 4 s ... capped at 30 s, with jitter so a recovering Postgres is not hit all at once. */
function cappedBackoff(attemptsMade: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export interface SchedulerInfo {
  id: string;
  everyMs?: number;
}

/** BullMQ behind one class: queues, job schedulers and workers, all under HUB_PREFIX. */
@Injectable()
export class QueueRepository implements OnApplicationShutdown {
  private readonly logger = new Logger('Queue');
  private readonly queues = new Map<QueueName, Queue>();
  private readonly workers: Worker[] = [];
  private connection?: Redis;
  private queueConnectionWasReady = false;
  /** BullMQ leaves connections it is given open: these are closed here on shutdown. */
  private readonly workerConnections: Redis[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Creates or updates the scheduler that enqueues one poll job per interval; a no-op when unchanged. */
  async upsertPollScheduler(sourceId: string, everyMs: number): Promise<void> {
    const queue = this.queue(QueueName.Poll);
    const existing = await queue.getJobScheduler(sourceId);
    if (existing?.every !== undefined && Number(existing.every) === everyMs) return;
    await queue.upsertJobScheduler(
      sourceId,
      { every: everyMs },
      {
        name: JobName.PollSource,
        data: { sourceId } satisfies JobPayloads[JobName.PollSource],
        opts: {
          attempts: 3,
          backoff: { type: 'exponential', delay: Math.min(2_000, everyMs) },
          removeOnComplete: { count: 50 },
          removeOnFail: { count: 200 },
        },
      },
    );
  }

  async removePollScheduler(sourceId: string): Promise<boolean> {
    return this.queue(QueueName.Poll).removeJobScheduler(sourceId);
  }

  async pollSchedulers(): Promise<SchedulerInfo[]> {
    const list = await this.queue(QueueName.Poll).getJobSchedulers(0, -1, true);
    return list.map((s) => ({
      id: s.key,
      everyMs: s.every === undefined || s.every === null ? undefined : Number(s.every),
    }));
  }

  /** Adds one job; `retryUntilDone` retries transient failures with capped backoff (history must not be lost). */
  async add<N extends JobName>(name: N, data: JobPayloads[N], opts: { retryUntilDone?: boolean } = {}): Promise<void> {
    await this.queue(JOB_QUEUE[name]).add(name, data, {
      attempts: opts.retryUntilDone === true ? Number.MAX_SAFE_INTEGER : 1,
      backoff: { type: CAPPED_BACKOFF },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 1_000 },
    });
  }

  async upsertDailyScheduler(id: string, name: JobName.PruneHistory): Promise<void> {
    await this.queue(JOB_QUEUE[name]).upsertJobScheduler(id, { every: 86_400_000 }, { name, data: {} });
  }

  /** Creates the daily scheduler only when Redis does not have it (so its next run is not moved); true when created. */
  async ensureDailyScheduler(id: string, name: JobName.PruneHistory): Promise<boolean> {
    if ((await this.queue(JOB_QUEUE[name]).getJobScheduler(id)) !== undefined) return false;
    await this.upsertDailyScheduler(id, name);
    return true;
  }

  /**
   * Calls `listener` each time the queues' Redis connection is ready again after it was lost
   * (not on the first connect): what Redis held may be gone, a restarted Redis may be empty.
   */
  onReconnect(listener: () => void): () => void {
    this.queue(QueueName.Poll);
    const connection = this.connection as Redis;
    let lost = false;
    const onLost = (): void => {
      lost = true;
    };
    const onReady = (): void => {
      if (!lost) return;
      lost = false;
      listener();
    };
    connection.on('close', onLost);
    connection.on('ready', onReady);
    return () => {
      connection.off('close', onLost);
      connection.off('ready', onReady);
    };
  }

  async counts(queue: QueueName): Promise<Record<string, number>> {
    return this.reading(queue).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
  }

  /**
   * Starts one worker per queue. Refuses to start when a job has no handler (the map type makes
   * that a compile error too). Permanent errors are not retried; transient ones follow the backoff.
   */
  startWorkers(handlers: JobHandlers, concurrency: Record<QueueName, number>): void {
    for (const name of Object.values(JobName)) {
      if (typeof handlers[name] !== 'function') throw new Error(`job ${name} has no handler`);
    }
    for (const queueName of Object.values(QueueName)) {
      const worker = new Worker(
        queueName,
        async (job: Job) => {
          const handler = handlers[job.name as JobName] as (d: unknown, m: { attemptsMade: number }) => Promise<void>;
          if (handler === undefined) throw new UnrecoverableError(`no handler for job ${job.name}`);
          try {
            await handler(job.data, { attemptsMade: job.attemptsMade });
          } catch (error) {
            if (error instanceof AppException && !error.transient)
              throw new UnrecoverableError(`${error.code}: ${error.message}`);
            throw error;
          }
        },
        {
          connection: this.workerConnection(),
          prefix: this.bullPrefix(),
          concurrency: concurrency[queueName],
          // Named so a job tells which process ran it (BullMQ `processedBy`, shown by CLIENT LIST too).
          name: WORKER_NAME,
          // A killed worker's job is seen stalled once its lock expires and runs again on another worker.
          lockDuration: this.config.jobLockMs,
          stalledInterval: this.config.jobLockMs,
          autorun: true,
          settings: { backoffStrategy: cappedBackoff },
        },
      );
      worker.on('error', (error) => this.logger.error(`worker ${queueName}: ${error.message}`));
      this.workers.push(worker);
    }
  }

  /**
   * Stops taking jobs and waits for the ones in flight. Poll workers close first, so the history
   * jobs their last polls enqueue are still written while the history worker drains the queue
   * for at most `drainMs`; whatever is left (Postgres down, time up) stays queued in Redis for
   * the next worker: that queue is the history buffer, durable by construction.
   * With Redis away (a stop during an outage) nothing can be handed back to it: the workers are
   * dropped at once, or WORKER_CLOSE_GRACE_MS after it goes away while they close, and the
   * jobs they were running run again on another worker once their locks expire.
   */
  async stopWorkers(opts: { drainMs?: number } = {}): Promise<void> {
    const isPoll = (w: Worker): boolean => w.name === QueueName.Poll;
    await this.closeWorkers(this.workers.filter(isPoll));
    if (opts.drainMs !== undefined && this.redisAnswers() && this.workers.some((w) => w.name === QueueName.History)) {
      await this.drain(QueueName.History, opts.drainMs);
    }
    await this.closeWorkers(this.workers.filter((w) => !isPoll(w)));
    this.workers.length = 0;
    await Promise.all(
      this.workerConnections.map((c) => (c.status === 'ready' ? c.quit().catch(() => c.disconnect()) : c.disconnect())),
    );
    this.workerConnections.length = 0;
  }

  private async closeWorkers(workers: Worker[]): Promise<void> {
    if (workers.length === 0) return;
    if (this.redisAnswers() && (await this.settlesWhileRedisAnswers(Promise.all(workers.map((w) => w.close()))))) {
      return;
    }
    this.logger.warn(
      `shutdown: Redis does not answer: ${workers.map((w) => w.name).join(', ')} workers dropped; ` +
        'jobs they were running run again on another worker once their locks expire',
    );
    for (const connection of this.workerConnections) connection.disconnect();
    // A close already under way (Redis went away during it) is not forced again: BullMQ keeps the first one.
    await settlesWithin(Promise.all(workers.map((w) => w.close(true))), WORKER_CLOSE_GRACE_MS);
  }

  /**
   * Waits for `work` (a running GTFS import may take minutes) for as long as Redis answers; false
   * once Redis has not answered for WORKER_CLOSE_GRACE_MS.
   */
  private async settlesWhileRedisAnswers(work: Promise<unknown>): Promise<boolean> {
    let settled = false;
    void work.then(
      () => (settled = true),
      () => (settled = true),
    );
    let awaySince: number | undefined;
    while (!settled) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (this.redisAnswers()) awaySince = undefined;
      else awaySince ??= Date.now();
      if (awaySince !== undefined && Date.now() - awaySince >= WORKER_CLOSE_GRACE_MS) return false;
    }
    return true;
  }

  /** Whether every connection the workers and queues use is up now. */
  private redisAnswers(): boolean {
    return [this.connection, ...this.workerConnections].every((c) => c === undefined || c.status === 'ready');
  }

  /** Readiness: the queues' Redis connection answers a command. */
  async ping(): Promise<void> {
    await this.reading(QueueName.Poll).getJobCounts('waiting');
  }

  workerCount(): number {
    return this.workers.length;
  }

  /** How long the oldest job ready to run has waited past its due time (0 when none waits). */
  async oldestWaitingAgeMs(name: QueueName): Promise<number> {
    const [oldest] = await this.reading(name).getJobs(['waiting'], 0, 0, true);
    if (oldest === undefined) return 0;
    return Math.max(0, Date.now() - (oldest.timestamp + (oldest.delay ?? 0)));
  }

  /** Job schedulers of a queue: each keeps one delayed job that is not backlog. */
  async schedulerCount(name: QueueName): Promise<number> {
    return this.reading(name).getJobSchedulersCount();
  }

  private async drain(name: QueueName, budgetMs: number): Promise<void> {
    const deadline = Date.now() + budgetMs;
    while (Date.now() < deadline) {
      const c = await this.queue(name).getJobCounts('waiting', 'active');
      if ((c.waiting ?? 0) + (c.active ?? 0) === 0) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.logger.warn(`shutdown: ${name} jobs left queued in Redis for the next worker`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stopWorkers();
    if (this.connection !== undefined && this.connection.status !== 'ready') this.connection.disconnect();
    await settlesWithin(Promise.all([...this.queues.values()].map((q) => q.close())), WORKER_CLOSE_GRACE_MS);
    this.queues.clear();
    if (this.connection?.status === 'ready') await this.connection.quit().catch(() => undefined);
    else this.connection?.disconnect();
  }

  /**
   * A queue for reads the API answers with (readiness, metrics): while the connection is lost
   * they fail at once as a Redis outage instead of waiting in BullMQ's offline queue.
   */
  private reading(name: QueueName): Queue {
    const queue = this.queue(name);
    const status = this.connection?.status;
    // Once it has been up, anything but `ready` is an outage: a read sent while it is `connecting`
    // again would wait in the offline queue for the next retry (seconds), not fail at once.
    const lost = status === 'reconnecting' || status === 'close' || status === 'end';
    if (lost || (this.queueConnectionWasReady && status !== 'ready')) {
      throw redisOutageException(new Error(`Stream isn't writeable (queue connection ${status})`));
    }
    return queue;
  }

  private queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (queue === undefined) {
      if (this.connection === undefined) {
        this.connection = this.newConnection();
        this.connection.once('ready', () => (this.queueConnectionWasReady = true));
      }
      queue = new Queue(name, { connection: this.connection, prefix: this.bullPrefix() });
      queue.on('error', (error) => this.logger.error(`queue ${name}: ${error.message}`));
      this.queues.set(name, queue);
    }
    return queue;
  }

  private bullPrefix(): string {
    return `${this.config.prefix}:bull`;
  }

  private workerConnection(): Redis {
    const connection = this.newConnection();
    this.workerConnections.push(connection);
    return connection;
  }

  private newConnection(): Redis {
    return new Redis(this.config.redisUrl ?? 'redis://127.0.0.1:6379', { maxRetriesPerRequest: null });
  }
}

/** Whether `work` settles (either way) within `ms`; a timer left pending never holds the process. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeUp = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
    timer.unref();
  });
  const settled = work.then(
    () => true as const,
    () => true as const,
  );
  try {
    return await Promise.race([settled, timeUp]);
  } finally {
    clearTimeout(timer);
  }
}
