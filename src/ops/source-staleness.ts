import { ErrorCode } from '../common/error-codes.js';
import type { SourceHealth } from './source-health.model.js';

/**
 * True when this source's values are served flagged stale: its feed is frozen (STALE_DATA), or
 * it has been polled but has not answered successfully within its staleness limit. A source
 * never polled yet is not stale, only new.
 */
export function isSourceStale(health: SourceHealth, staleAfterMs: number, nowMs: number): boolean {
  if (health.status === 'disabled') return false;
  if (health.status === 'degraded' && health.lastError?.code === ErrorCode.STALE_DATA) return true;
  if (health.lastPollAt === null) return false;
  if (health.lastSuccessAt === null) return true;
  return nowMs - Date.parse(health.lastSuccessAt) > staleAfterMs;
}
