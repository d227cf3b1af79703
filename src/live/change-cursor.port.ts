/** The newest entry id of the change stream: it moves whenever a parking or a source changes. */
export const CHANGE_CURSOR = Symbol('CHANGE_CURSOR');
export interface ChangeCursorPort {
  latest(): Promise<string>;
}

const CURSOR_ON_REQUEST = Symbol('changeCursor');

/** The access guard reads the cursor with the rate limit (one round trip) and leaves it on the request. */
export function attachChangeCursor(req: object, cursor: string | undefined): void {
  if (cursor !== undefined) (req as Record<symbol, string>)[CURSOR_ON_REQUEST] = cursor;
}

export function changeCursorOf(req: object): string | undefined {
  return (req as Record<symbol, string | undefined>)[CURSOR_ON_REQUEST];
}

/**
 * The newest change this process has already read from the change stream (its live-feed
 * reader), known without a round trip; undefined while it cannot tell (not started, or its reads
 * are failing). It can trail the stream by the reader's wake-up time (about a millisecond).
 */
export const SEEN_CHANGE_CURSOR = Symbol('SEEN_CHANGE_CURSOR');
export interface SeenChangeCursorPort {
  seen(): string | undefined;
}
