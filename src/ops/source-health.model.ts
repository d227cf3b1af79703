import type { SourceConfig } from '../config/source-config.js';

export type SourceStatus = 'ok' | 'degraded' | 'down' | 'disabled';
export type PollOutcome = 'changed' | 'unchanged' | 'not-modified' | 'failed';

/** After this many failures in a row a source is `down`; fewer make it `degraded`. */
export const DOWN_AFTER_FAILURES = 5;

/** Contract §2 "Source health". */
export interface SourceHealth {
  id: string;
  kind: string;
  format: string | null;
  status: SourceStatus;
  intervalMs: number;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  lastChangeAt: string | null;
  lastError?: { code: string; message: string; at: string };
  consecutiveFailures: number;
  latencyMs: number | null;
  bytes: number | null;
  entities: number;
  warnings: number;
  clockSkewMs?: number;
  /** GTFS-RT: ids the feed named that its static feed does not have, in the last successful poll. */
  unmatched?: UnmatchedCounts;
}

export interface UnmatchedCounts {
  trips: number;
  stops: number;
  routes: number;
}

/** One poll, as recorded in the source's recent-polls list. */
export interface PollRecord {
  at: string;
  outcome: PollOutcome;
  latencyMs: number;
  bytes: number | null;
  entities?: number;
  changes?: number;
  warnings?: number;
  errorCode?: string;
  errorMessage?: string;
  clockSkewMs?: number;
  unmatched?: UnmatchedCounts;
}

export function initialHealth(source: SourceConfig): SourceHealth {
  return {
    id: source.id,
    kind: source.kind,
    format: source.kind === 'parking' ? source.format : null,
    status: source.enabled ? 'ok' : 'disabled',
    intervalMs: source.intervalMs,
    lastPollAt: null,
    lastSuccessAt: null,
    lastChangeAt: null,
    consecutiveFailures: 0,
    latencyMs: null,
    bytes: null,
    entities: 0,
    warnings: 0,
  };
}

/** Folds one poll into the health record. Pure. */
export function applyPoll(health: SourceHealth, poll: PollRecord): SourceHealth {
  const next: SourceHealth = { ...health, lastPollAt: poll.at, latencyMs: poll.latencyMs };
  if (poll.outcome === 'failed') {
    next.consecutiveFailures = health.consecutiveFailures + 1;
    next.lastError = { code: poll.errorCode ?? 'INTERNAL', message: poll.errorMessage ?? '', at: poll.at };
    next.status = next.consecutiveFailures >= DOWN_AFTER_FAILURES ? 'down' : 'degraded';
    return next;
  }
  next.consecutiveFailures = 0;
  next.lastSuccessAt = poll.at;
  next.status = (poll.warnings ?? 0) > 0 ? 'degraded' : 'ok';
  if (poll.bytes !== null) next.bytes = poll.bytes;
  if (poll.entities !== undefined) next.entities = poll.entities;
  if (poll.warnings !== undefined) next.warnings = poll.warnings;
  if (poll.clockSkewMs !== undefined) next.clockSkewMs = poll.clockSkewMs;
  if (poll.unmatched !== undefined) next.unmatched = poll.unmatched;
  if (poll.outcome === 'changed' || health.lastChangeAt === null) {
    next.lastChangeAt = poll.outcome === 'changed' ? poll.at : health.lastChangeAt;
  }
  return next;
}
