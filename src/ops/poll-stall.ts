import { ErrorCode } from '../common/error-codes.js';
import { isPolled, type SourceConfig } from '../config/source-config.js';
import type { SourceHealth } from './source-health.model.js';

/** The longest a single poll of this source may take: its fetch timeout (the slowest URL of a GTFS-RT source). */
export function pollTimeoutMs(source: SourceConfig): number {
  if (source.kind !== 'gtfs-rt') return source.timeoutMs;
  return Math.max(0, ...Object.values(source.urls).map((target) => target?.timeoutMs ?? 0));
}

/**
 * When this source's polls count as stalled: the next poll was due at the later of one interval
 * after the last poll and the pacing gate (`nextPollAt`); one more interval, plus the time one
 * poll may take, passes without a poll. Undefined while nothing can be said: never polled
 * (a new source, or health lost with Redis), or disabled; never for a push source: it has no
 * schedule, and whether its pushes stopped coming is its staleness (staleAfter since the last push).
 */
export function stallDeadlineMs(health: SourceHealth, source: SourceConfig): number | undefined {
  if (!source.enabled || !isPolled(source) || health.lastPollAt === null) return undefined;
  const lastPoll = Date.parse(health.lastPollAt);
  if (!Number.isFinite(lastPoll)) return undefined;
  const gate = health.nextPollAt === undefined ? Number.NaN : Date.parse(health.nextPollAt);
  const due = Math.max(lastPoll + source.intervalMs, Number.isFinite(gate) ? gate : 0);
  return due + source.intervalMs + pollTimeoutMs(source);
}

export function isPollStalled(health: SourceHealth, source: SourceConfig, nowMs: number): boolean {
  const deadline = stallDeadlineMs(health, source);
  return deadline !== undefined && nowMs > deadline;
}

/**
 * Health as read: a source whose scheduled polls stopped coming (its job scheduler was lost
 * with Redis, or no worker runs) is `down` with POLL_STALLED, whatever its last poll said. The
 * stored record is not changed: the next poll writes the truth again. Pure.
 */
export function withPollStall(health: SourceHealth, source: SourceConfig, nowMs: number): SourceHealth {
  if (!isPollStalled(health, source, nowMs)) return health;
  const lastPollAt = health.lastPollAt as string;
  return {
    ...health,
    status: 'down',
    lastError: {
      code: ErrorCode.POLL_STALLED,
      message:
        `no poll since ${lastPollAt} though one was due every ${Math.round(source.intervalMs / 1_000)} s: ` +
        'its poll schedule is gone or no worker is running (workers re-create missing schedules)',
      at: new Date(stallDeadlineMs(health, source) as number).toISOString(),
    },
  };
}
