let lastMs = Number.NaN;
let lastField = '';

/**
 * pino's `isoTime` timestamp (`,"time":"2026-12-08T01:02:03.456Z"`), formatted once per
 * millisecond: at thousands of access-log lines a second, most lines share their millisecond
 * with the one before, and toISOString was a visible share of each line.
 */
export function isoTimeField(now = Date.now()): string {
  if (now !== lastMs) {
    lastMs = now;
    lastField = `,"time":"${new Date(now).toISOString()}"`;
  }
  return lastField;
}
