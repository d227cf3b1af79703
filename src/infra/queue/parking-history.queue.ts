import { Injectable } from '@nestjs/common';
import type { ParkingHistoryBatch, ParkingHistoryQueuePort } from '../../parking/ports/parking-history.port.js';
import { JobName } from './jobs.js';
import { QueueRepository } from './queue.repository.js';

/** History goes through BullMQ so a Postgres outage only delays it: jobs wait in Redis and retry. */
@Injectable()
export class ParkingHistoryQueue implements ParkingHistoryQueuePort {
  constructor(private readonly queues: QueueRepository) {}

  async enqueue(batch: ParkingHistoryBatch): Promise<void> {
    if (batch.observations.length === 0 && batch.facilities.length === 0) return;
    await this.queues.add(JobName.WriteParkingHistory, batch, { retryUntilDone: true });
  }
}
