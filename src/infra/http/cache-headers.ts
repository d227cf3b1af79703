/**
 * Retry-After is either delay-seconds or an HTTP-date. A date is measured
 * against the response's own Date header when present, so a skewed local
 * clock does not stretch or shrink the delay.
 */
export function parseRetryAfter(
  value: string | undefined,
  responseDate: string | undefined,
  nowMs: number = Date.now(),
): number | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // All three HTTP-date forms open with a day name; Date.parse alone would take "-5" as a year.
  if (!/^[A-Za-z]/.test(trimmed)) return undefined;
  const target = Date.parse(trimmed);
  if (Number.isNaN(target)) return undefined;
  const serverNow = responseDate === undefined ? Number.NaN : Date.parse(responseDate);
  const reference = Number.isNaN(serverNow) ? nowMs : serverNow;
  return Math.max(0, target - reference);
}

/** max-age from a Cache-Control header, in ms; undefined when absent or malformed. */
export function parseMaxAge(cacheControl: string | undefined): number | undefined {
  if (!cacheControl) return undefined;
  for (const directive of cacheControl.split(',')) {
    const match = /^\s*max-age\s*=\s*"?(\d+)"?\s*$/i.exec(directive);
    if (match) return Number(match[1]) * 1000;
  }
  return undefined;
}
