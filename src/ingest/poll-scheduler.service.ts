import { Injectable, Logger } from '@nestjs/common';
import { isPolled, type SourceConfig } from '../config/source-config.js';
import { QueueRepository } from '../infra/queue/queue.repository.js';

/**
 * Keeps exactly one BullMQ job scheduler per enabled polled source (none for `mode: push`), at
 * the source's interval. The
 * schedulers live in Redis: `reconcile` puts back what Redis lost (FLUSHALL, a restart without
 * persistence, someone deleting keys), and is run periodically and on every Redis reconnect.
 */
@Injectable()
export class PollSchedulerService {
  private readonly logger = new Logger('Scheduler');

  constructor(private readonly queues: QueueRepository) {}

  async sync(sources: SourceConfig[]): Promise<{ scheduled: string[]; removed: string[] }> {
    // A push source (mode: push) is sent its data: it has no scheduler.
    const wanted = sources.filter((s) => s.enabled && isPolled(s));
    for (const source of wanted) await this.queues.upsertPollScheduler(source.id, source.intervalMs);
    const keep = new Set(wanted.map((s) => s.id));
    const removed: string[] = [];
    for (const scheduler of await this.queues.pollSchedulers()) {
      if (!keep.has(scheduler.id)) {
        await this.queues.removePollScheduler(scheduler.id);
        removed.push(scheduler.id);
      }
    }
    this.logger.log(
      `polling ${wanted.map((s) => `${s.id} every ${s.intervalMs}ms`).join(', ') || 'nothing'}${removed.length ? `; stopped ${removed.join(', ')}` : ''}`,
    );
    return { scheduled: wanted.map((s) => s.id), removed };
  }

  /**
   * Re-creates the schedulers of enabled sources that are missing from Redis, run at the wrong
   * interval, or whose polls stopped coming though the scheduler looks right (its next job was
   * lost with a Redis key), and says so (a warning per source); silent when all is in place.
   */
  async reconcile(sources: SourceConfig[], isStalled: (source: SourceConfig) => Promise<boolean>): Promise<string[]> {
    const existing = new Map((await this.queues.pollSchedulers()).map((s) => [s.id, s.everyMs]));
    const repaired: string[] = [];
    for (const source of sources.filter((s) => s.enabled && isPolled(s))) {
      const everyMs = existing.get(source.id);
      const present = existing.has(source.id);
      if (present && everyMs === source.intervalMs) {
        if (!(await isStalled(source))) continue;
        await this.queues.removePollScheduler(source.id);
        await this.queues.upsertPollScheduler(source.id, source.intervalMs);
        repaired.push(source.id);
        this.logger.warn(`source ${source.id}: poll scheduler in place but its polls stopped coming: re-created`);
        continue;
      }
      await this.queues.upsertPollScheduler(source.id, source.intervalMs);
      repaired.push(source.id);
      this.logger.warn(
        present
          ? `source ${source.id}: poll scheduler ran every ${everyMs}ms instead of ${source.intervalMs}ms: re-created`
          : `source ${source.id}: poll scheduler missing from Redis (emptied or restarted without persistence?): re-created`,
      );
    }
    return repaired;
  }
}
