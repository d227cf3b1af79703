/** Cursors are Redis stream ids "<ms>-<seq>"; compared numerically, never as strings. */
export interface CursorKey {
  ms: number;
  seq: number;
}

export const ZERO_CURSOR = '0-0';

const CURSOR_PATTERN = /^(\d{1,15})-(\d{1,15})$/;

export function parseCursor(value: string): CursorKey | undefined {
  const match = CURSOR_PATTERN.exec(value);
  return match ? { ms: Number(match[1]), seq: Number(match[2]) } : undefined;
}

export function isCursor(value: unknown): value is string {
  return typeof value === 'string' && CURSOR_PATTERN.test(value);
}

/** Negative when a < b, 0 when equal, positive when a > b. */
export function compareCursors(a: CursorKey, b: CursorKey): number {
  return a.ms - b.ms || a.seq - b.seq;
}

export function formatCursor(key: CursorKey): string {
  return `${key.ms}-${key.seq}`;
}
