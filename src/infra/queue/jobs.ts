import type { SourceOutage } from '../../ops/outages/source-outage.model.js';
import type { ParkingHistoryBatch } from '../../parking/ports/parking-history.port.js';

/** Every queue and job the hub runs, with its payload type: one place to look. */
export enum QueueName {
  Poll = 'poll',
  History = 'history',
}

export enum JobName {
  PollSource = 'poll-source',
  WriteParkingHistory = 'write-parking-history',
  PruneHistory = 'prune-history',
  WriteSourceOutage = 'write-source-outage',
}

export interface JobPayloads {
  [JobName.PollSource]: { sourceId: string };
  [JobName.WriteParkingHistory]: ParkingHistoryBatch;
  [JobName.PruneHistory]: Record<string, never>;
  [JobName.WriteSourceOutage]: SourceOutage;
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.PollSource]: QueueName.Poll,
  [JobName.WriteParkingHistory]: QueueName.History,
  [JobName.PruneHistory]: QueueName.History,
  [JobName.WriteSourceOutage]: QueueName.History,
};

export type JobHandler<N extends JobName> = (data: JobPayloads[N], meta: { attemptsMade: number }) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };
