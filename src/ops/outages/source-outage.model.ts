import type { SourceHealth } from '../source-health.model.js';

/** One period during which a source was `down` (docs/interface.md § Routes: outage history per source). */
export interface SourceOutage {
  sourceId: string;
  /** First failed poll of the run that took the source down. */
  startedAt: string;
  /** First successful poll after it; null while the outage lasts. */
  endedAt: string | null;
  /** The error that took the source down. */
  cause: { code: string; message: string };
  /** Failed polls in the run (at least DOWN_AFTER_FAILURES). */
  pollsFailed: number;
  /** Why it ended: the source answered again, or it was removed from sources.yaml while down; null while open. */
  endReason: OutageEndReason | null;
}

export type OutageEndReason = 'recovered' | 'source-removed';

/**
 * The outage row to write when a poll moved a source into or out of `down`, else undefined.
 * Opening and closing rows share (sourceId, startedAt), so each write is an idempotent upsert
 * and the two may reach Postgres in either order (both retried through the queue).
 */
export function outageTransition(before: SourceHealth, after: SourceHealth): SourceOutage | undefined {
  if (before.status !== 'down' && after.status === 'down' && after.lastError !== undefined) {
    return {
      sourceId: after.id,
      startedAt: after.failingSince ?? after.lastError.at,
      endedAt: null,
      cause: { code: after.lastError.code, message: after.lastError.message },
      pollsFailed: after.consecutiveFailures,
      endReason: null,
    };
  }
  if (before.status === 'down' && after.consecutiveFailures === 0 && before.lastError !== undefined) {
    return {
      sourceId: before.id,
      startedAt: before.failingSince ?? before.lastError.at,
      endedAt: after.lastPollAt,
      cause: { code: before.lastError.code, message: before.lastError.message },
      pollsFailed: before.consecutiveFailures,
      endReason: 'recovered',
    };
  }
  return undefined;
}

/**
 * The closing row of the outage a source was in when it was removed from the config (no poll
 * will ever close it), else undefined. Same key as the opening row: an idempotent upsert.
 */
export function outageClosedByRemoval(health: SourceHealth, at: string): SourceOutage | undefined {
  if (health.status !== 'down' || health.lastError === undefined) return undefined;
  return {
    sourceId: health.id,
    startedAt: health.failingSince ?? health.lastError.at,
    endedAt: at,
    cause: { code: health.lastError.code, message: health.lastError.message },
    pollsFailed: health.consecutiveFailures,
    endReason: 'source-removed',
  };
}
