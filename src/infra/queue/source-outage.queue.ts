import { Injectable } from '@nestjs/common';
import type { SourceOutage } from '../../ops/outages/source-outage.model.js';
import type { SourceOutageQueuePort } from '../../ops/outages/source-outage.port.js';
import { JobName } from './jobs.js';
import { QueueRepository } from './queue.repository.js';

/** Outage rows travel like history: a BullMQ job retried until Postgres takes it. */
@Injectable()
export class SourceOutageQueue implements SourceOutageQueuePort {
  constructor(private readonly queues: QueueRepository) {}

  async enqueue(outage: SourceOutage): Promise<void> {
    await this.queues.add(JobName.WriteSourceOutage, outage, { retryUntilDone: true });
  }
}
