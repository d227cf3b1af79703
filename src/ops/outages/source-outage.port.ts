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

/** GET /v1/outages: outages of several sources, newest first, then by source id (descending). */
export interface AllOutagesQuery {
  /** The sources whose outages are listed (the configured ones, or those asked). */
  sourceIds: string[];
  from?: Date;
  to?: Date;
  /** Only outages ordered after this one (started before it, or at the same instant by a lower source id). */
  after?: { startedAt: Date; sourceId: string };
  /** true: only open ones; false: only ended ones. */
  ongoing?: boolean;
  /** Only the latest this many of each source (after from, to and ongoing; before the cursor and limit). */
  perSource?: number;
  limit: number;
}

export interface SourceOutageStorePort {
  /** Upsert: opens the row, or closes it (ended_at, polls failed), in either order. */
  write(outage: SourceOutage): Promise<void>;
  /** Newest first. */
  list(sourceId: string, query: OutageListQuery): Promise<SourceOutage[]>;
  /** Outages of the sources named, newest first (ties: source id descending), in one query. */
  listAll(query: AllOutagesQuery): Promise<SourceOutage[]>;
  /** Every outage still open, of any source (configured or not). */
  open(): Promise<SourceOutage[]>;
  /** Deletes outages that ended before `olderThan` (history retention); returns how many. */
  prune(olderThan: Date): Promise<number>;
}
