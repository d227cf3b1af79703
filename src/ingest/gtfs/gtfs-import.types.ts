import type { Writable } from 'node:stream';

/** Bad rows of one file: how many, and the first few with their line number. */
export interface BadRowsReport {
  count: number;
  samples: Array<{ line: number; reason: string }>;
}

export interface ImportReport extends Partial<CommittedVersion> {
  versionId: number;
  rows: Record<string, number>;
  badRows: Record<string, BadRowsReport>;
  /** By file: header names the GTFS reference does not define (not read). */
  unknownColumns: Record<string, string[]>;
  timezone: string;
  maxTime: number;
  /** stop_times.txt rows left blank between timepoints: interpolated at commit. */
  blankStopTimes: number;
  durationMs: number;
  /** In words, with codes: feed validity, skipped rows (also counted in badRows), unknown columns. */
  warnings?: Array<{ code: string; message: string; ref?: string }>;
}

/** What the committed version says of itself: the dates its calendars cover (YYYYMMDD), null without any. */
export interface CommittedVersion {
  serviceStart: string | null;
  serviceEnd: string | null;
}

export interface VersionMeta {
  contentHash: string;
  etag?: string;
  lastModified?: string;
}

/** One feed version being loaded: partitions are filled, then attached and switched to at once. */
export interface FeedVersionWriter {
  readonly versionId: number;
  /** A COPY stream into the version's partition of `table`; resolves with the row count once it ends. */
  copy(table: string, columns: readonly string[]): { stream: Writable; done: Promise<number> };
  /** Attaches the partitions and makes this version the source's current one, atomically; retires older ones. */
  commit(report: Omit<ImportReport, 'versionId' | 'durationMs'>): Promise<CommittedVersion>;
  /** Drops what was loaded and records the failure; the current version stays as it was. */
  abort(error: string): Promise<void>;
}

export const GTFS_FEED_STORE = Symbol('GTFS_FEED_STORE');

export interface GtfsFeedStorePort {
  /** The current version when it was imported from these exact bytes. */
  currentWithHash(sourceId: string, contentHash: string): Promise<number | undefined>;
  begin(sourceId: string, meta: VersionMeta): Promise<FeedVersionWriter>;
}
