const ISO_DURATION =
  /^P(?:(\d+(?:[.,]\d+)?)W)?(?:(\d+(?:[.,]\d+)?)D)?(?:T(?:(\d+(?:[.,]\d+)?)H)?(?:(\d+(?:[.,]\d+)?)M)?(?:(\d+(?:[.,]\d+)?)S)?)?$/i;

/** Seconds in a week, day, hour, minute, second: the units of ISO_DURATION's groups. */
const UNIT_SECONDS = [604_800, 86_400, 3_600, 60, 1];

/**
 * An ISO 8601 duration (`PT8H`, `P1DT2H`, `PT1.5H`, `P2W`) in whole minutes; undefined for
 * anything else: years and months (no fixed length), a part of a minute, zero, a bare `P` / `PT`,
 * free text. A day is 24 hours.
 */
export function isoDurationMinutes(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  const match = ISO_DURATION.exec(text);
  if (match === null || text === 'P' || text.endsWith('T')) return undefined;
  let seconds = 0;
  for (let i = 0; i < UNIT_SECONDS.length; i++) {
    const part = match[i + 1];
    if (part !== undefined) seconds += Number(part.replace(',', '.')) * UNIT_SECONDS[i];
  }
  const minutes = Math.round((seconds / 60) * 1e6) / 1e6;
  return Number.isInteger(minutes) && minutes > 0 ? minutes : undefined;
}
