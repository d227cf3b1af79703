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
  appendChangeJson(multi, streamKey, replayWindowMs, type, id, JSON.stringify(data));
}

/** appendChange with the event's data already serialised (e.g. on a worker thread). */
export function appendChangeJson(
  multi: ChainableCommander,
  streamKey: string,
  replayWindowMs: number,
  type: ChangeType,
  id: string,
  json: string,
): void {
  const minId = String(Date.now() - replayWindowMs);
  multi.xadd(streamKey, 'MINID', '~', minId, '*', 'type', type, 'id', id, 'data', json);
}
