/**
 * When a car park's free count usually moves, learnt from its own changes: for each hour of the
 * week (168 slots, UTC, weeks from Monday), whether it changed in that hour this week or last
 * week. `frozen` then means "unchanged through hours in which it usually changes": a car park
 * that is legitimately quiet overnight is not flagged. Kept with the stored state as a short
 * string; pure.
 */
const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;
/** 1970-01-01 was a Thursday: shifting by three days starts weeks on Mondays. */
const MONDAY_SHIFT_MS = 3 * 24 * HOUR_MS;
const SLOTS = 168;
/** A span longer than this is judged on every slot of the week. */
const MAX_SPAN_MS = WEEK_MS;

export interface UsualMoves {
  /** The week tracking began (a car park needs one full week behind it before its quiet hours count). */
  since: number;
  /** The week `current` is about. */
  week: number;
  current: bigint;
  previous: bigint;
}

export function weekOf(ms: number): number {
  return Math.floor((ms + MONDAY_SHIFT_MS) / WEEK_MS);
}

export function slotOf(ms: number): number {
  const inWeek = (((ms + MONDAY_SHIFT_MS) % WEEK_MS) + WEEK_MS) % WEEK_MS;
  return Math.floor(inWeek / HOUR_MS);
}

/** As of week `week`: last week's moves become `previous`, older ones are forgotten. */
function rolled(moves: UsualMoves, week: number): UsualMoves {
  if (week <= moves.week) return moves;
  return { since: moves.since, week, current: 0n, previous: week === moves.week + 1 ? moves.current : 0n };
}

/** The free count changed at `ms`: that hour of the week is one it moves in. */
export function recordMove(moves: UsualMoves | undefined, ms: number): UsualMoves {
  const week = weekOf(ms);
  const base = moves === undefined ? { since: week, week, current: 0n, previous: 0n } : rolled(moves, week);
  return { ...base, current: base.current | (1n << BigInt(slotOf(ms))) };
}

/**
 * Whether a count unchanged from `fromMs` to `toMs` is what this car park usually does: it has
 * a full week of moves behind it and moved in none of those hours of the week, this week or last.
 * False without that history (the plain HUB_FROZEN_AFTER rule then applies).
 */
export function usuallyUnchangedBetween(moves: UsualMoves | undefined, fromMs: number, toMs: number): boolean {
  if (moves === undefined || !(toMs >= fromMs)) return false;
  const now = rolled(moves, weekOf(toMs));
  if (now.since >= now.week) return false;
  const seen = now.current | now.previous;
  if (toMs - fromMs >= MAX_SPAN_MS) return seen === 0n;
  for (let t = Math.floor(fromMs / HOUR_MS) * HOUR_MS; t <= toMs; t += HOUR_MS) {
    if ((seen >> BigInt(slotOf(t))) & 1n) return false;
  }
  return true;
}

/** "since.week.current.previous", the masks in base 36: about 75 characters. */
export function encodeMoves(moves: UsualMoves): string {
  return `${moves.since}.${moves.week}.${moves.current.toString(36)}.${moves.previous.toString(36)}`;
}

/** Undefined for anything that is not an encoding of encodeMoves (an older state without it). */
export function decodeMoves(text: string | undefined): UsualMoves | undefined {
  if (text === undefined) return undefined;
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const [since, week] = [Number(parts[0]), Number(parts[1])];
  if (!Number.isSafeInteger(since) || !Number.isSafeInteger(week)) return undefined;
  const mask = (s: string): bigint | undefined => {
    if (!/^[0-9a-z]+$/.test(s)) return undefined;
    let v = 0n;
    for (const c of s) v = v * 36n + BigInt(parseInt(c, 36));
    return v < 1n << BigInt(SLOTS) ? v : undefined;
  };
  const current = mask(parts[2] as string);
  const previous = mask(parts[3] as string);
  if (current === undefined || previous === undefined) return undefined;
  return { since, week, current, previous };
}
