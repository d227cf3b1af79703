import type { SourceOutage } from './source-outage.model.js';

export const SOURCE_OUTAGE_QUEUE = Symbol('SOURCE_OUTAGE_QUEUE');
export const SOURCE_OUTAGE_STORE = Symbol('SOURCE_OUTAGE_STORE');

/** The durable path to Postgres: a job retried until Postgres takes it (like history). */
export interface SourceOutageQueuePort {
  enqueue(outage: SourceOutage): Promise<void>;
}

export interface OutageListQuery {
  /** Outages overlapping [from, to). */
  from?: Date;
  to?: Date;
  /** Only outages that started before this (keyset pagination, newest first). */
  before?: Date;
  limit: number;
}

export interface SourceOutageStorePort {
  /** Upsert: opens the row, or closes it (ended_at, polls failed), in either order. */
  write(outage: SourceOutage): Promise<void>;
  /** Newest first. */
  list(sourceId: string, query: OutageListQuery): Promise<SourceOutage[]>;
  /** Every outage still open, of any source (configured or not). */
  open(): Promise<SourceOutage[]>;
  /** Deletes outages that ended before `olderThan` (history retention); returns how many. */
  prune(olderThan: Date): Promise<number>;
}
