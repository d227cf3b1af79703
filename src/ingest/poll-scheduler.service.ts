import { Injectable, Logger } from '@nestjs/common';
import type { SourceConfig } from '../config/source-config.js';
import { QueueRepository } from '../infra/queue/queue.repository.js';

/** Keeps exactly one BullMQ job scheduler per enabled source, at the source's interval. */
@Injectable()
export class PollSchedulerService {
  private readonly logger = new Logger('Scheduler');

  constructor(private readonly queues: QueueRepository) {}

  async sync(sources: SourceConfig[]): Promise<{ scheduled: string[]; removed: string[] }> {
    const wanted = sources.filter((s) => s.enabled);
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
}
