import type { SourceOutage } from '../../ops/outages/source-outage.model.js';
import type { ParkingHistoryBatch } from '../../parking/ports/parking-history.port.js';

/** Every queue and job the hub runs, with its payload type: one place to look. */
export enum QueueName {
  Poll = 'poll',
  History = 'history',
  /** Static GTFS imports: long, rare, one at a time, never in the way of the polls. */
  GtfsImport = 'gtfs-import',
}

export enum JobName {
  PollSource = 'poll-source',
  WriteParkingHistory = 'write-parking-history',
  PruneHistory = 'prune-history',
  WriteSourceOutage = 'write-source-outage',
  ImportGtfs = 'import-gtfs',
}

/** A fetched GTFS zip staged on disk, waiting for its import. */
export interface ImportGtfsPayload {
  sourceId: string;
  stagedPath: string;
  contentHash: string;
  bytes: number;
  etag?: string;
  lastModified?: string;
}

export interface JobPayloads {
  [JobName.PollSource]: { sourceId: string };
  [JobName.WriteParkingHistory]: ParkingHistoryBatch;
  [JobName.PruneHistory]: Record<string, never>;
  [JobName.WriteSourceOutage]: SourceOutage;
  [JobName.ImportGtfs]: ImportGtfsPayload;
}

export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.PollSource]: QueueName.Poll,
  [JobName.WriteParkingHistory]: QueueName.History,
  [JobName.PruneHistory]: QueueName.History,
  [JobName.WriteSourceOutage]: QueueName.History,
  [JobName.ImportGtfs]: QueueName.GtfsImport,
};

export type JobHandler<N extends JobName> = (data: JobPayloads[N], meta: { attemptsMade: number }) => Promise<void>;
export type JobHandlers = { [N in JobName]: JobHandler<N> };
