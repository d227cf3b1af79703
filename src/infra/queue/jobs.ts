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
}

export interface JobPayloads {
  [JobName.PollSource]: { sourceId: string };
  [JobName.WriteParkingHistory]: ParkingHistoryBatch;
  [JobName.PruneHistory]: Record<string, never>;
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.PollSource]: QueueName.Poll,
  [JobName.WriteParkingHistory]: QueueName.History,
  [JobName.PruneHistory]: QueueName.History,
};

export type JobHandler<N extends JobName> = (data: JobPayloads[N], meta: { attemptsMade: number }) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };
