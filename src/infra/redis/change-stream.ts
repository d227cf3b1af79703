import type { ChainableCommander } from 'ioredis';

export type ChangeType = 'parking' | 'source' | 'departures' | 'vehicle' | 'alert';

/**
 * Appends one change event to the stream inside a MULTI. The stream is trimmed to about the
 * replay window (MINID ~), so its entry ids double as the cursors clients resume from.
 */
export function appendChange(
  multi: ChainableCommander,
  streamKey: string,
  replayWindowMs: number,
  type: ChangeType,
  id: string,
  data: unknown,
): void {
  const minId = String(Date.now() - replayWindowMs);
  multi.xadd(streamKey, 'MINID', '~', minId, '*', 'type', type, 'id', id, 'data', JSON.stringify(data));
}
