import { z } from 'zod';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';

export const PUNCTUALITY_DEFAULT_SPAN_MS = 7 * 86_400_000;
export const PUNCTUALITY_MAX_SPAN_DAYS = 92;
/** GTFS-RT / industry usage: up to 1 min early and less than 5 min late is on time. */
export const DEFAULT_EARLY_TOLERANCE_S = 60;
export const DEFAULT_LATE_TOLERANCE_S = 300;
export const MAX_TOLERANCE_S = 3_600;

const EARLIEST = '1970-01-01T00:00:00.000Z';
const LATEST = '9999-12-31T23:59:59.999Z';
const MAX_SPAN_MS = PUNCTUALITY_MAX_SPAN_DAYS * 86_400_000;

const isoTime = z.iso
  .datetime({ offset: true, message: 'expected an ISO 8601 time with a zone, e.g. 2025-06-01T00:00:00Z' })
  .transform((value, ctx) => {
    const ms = Date.parse(value);
    if (!Number.isFinite(ms) || ms < Date.parse(EARLIEST) || ms > Date.parse(LATEST)) {
      ctx.addIssue({ code: 'custom', message: `expected a time between ${EARLIEST} and ${LATEST}` });
      return z.NEVER;
    }
    return new Date(ms);
  });

const tolerance = (min: number) => z.coerce.number().int().min(min).max(MAX_TOLERANCE_S);

/** An IANA time zone name this runtime knows (Postgres reads the same tz database names). */
const timeZone = z
  .string()
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+\-/]*$/, 'an IANA time zone name, e.g. Europe/Paris')
  .refine(
    (name) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: name });
        return true;
      } catch {
        return false;
      }
    },
    { message: 'an IANA time zone name, e.g. Europe/Paris' },
  );

/** Query parameters of GET /v1/routes/:id/punctuality and /v1/stops/:id/punctuality. */
export const punctualityQuery = z
  .object({
    from: isoTime.optional(),
    to: isoTime.optional(),
    earlyTolerance: tolerance(0).default(DEFAULT_EARLY_TOLERANCE_S),
    lateTolerance: tolerance(1).default(DEFAULT_LATE_TOLERANCE_S),
    tz: timeZone.optional(),
  })
  .strict();
export type PunctualityQuery = z.infer<typeof punctualityQuery>;

/**
 * The range asked, defaults applied: `to` is now, `from` 7 days before `to`; at most 92 days.
 * Throws BAD_REQUEST naming the parameters (only `from` when `to` was not given).
 */
export function punctualityRange(q: Pick<PunctualityQuery, 'from' | 'to'>, now: Date): { from: Date; to: Date } {
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - PUNCTUALITY_DEFAULT_SPAN_MS);
  const found =
    from >= to
      ? 'from must be before to'
      : to.getTime() - from.getTime() > MAX_SPAN_MS
        ? `at most ${PUNCTUALITY_MAX_SPAN_DAYS} days between from and to`
        : undefined;
  if (found === undefined) return { from, to };
  const problem = q.to === undefined ? `${found} (to defaults to now)` : found;
  const named = q.to === undefined ? ['from'] : q.from === undefined ? ['to'] : ['from', 'to'];
  throw new AppException(ErrorCode.BAD_REQUEST, `${named.join(', ')}: ${problem}`, {
    details: named.map((parameter) => ({ parameter, message: problem })),
  });
}
