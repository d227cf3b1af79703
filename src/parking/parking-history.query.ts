import { z } from 'zod';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';

export const HISTORY_BUCKETS = { '5m': 300, '15m': 900, '1h': 3_600, '1d': 86_400 } as const;
export type HistoryBucket = keyof typeof HISTORY_BUCKETS;

export const HISTORY_DEFAULT_SPAN_MS = 24 * 3_600_000;
export const HISTORY_MAX_SPAN_DAYS = 400;
export const HISTORY_MAX_LIMIT = 10_000;
/**
 * Times the endpoint accepts: the hub stores nothing before 1970, and four-digit years end in
 * 9999. JavaScript dates reach ±275,760 years, past which `new Date()` is invalid; the ISO
 * format alone would let such a time reach the range arithmetic (issue #11).
 */
export const HISTORY_EARLIEST = '1970-01-01T00:00:00.000Z';
export const HISTORY_LATEST = '9999-12-31T23:59:59.999Z';
const EARLIEST_MS = Date.parse(HISTORY_EARLIEST);
const LATEST_MS = Date.parse(HISTORY_LATEST);
const MAX_SPAN_MS = HISTORY_MAX_SPAN_DAYS * 86_400_000;

const isoTime = z.iso
  .datetime({ offset: true, message: 'expected an ISO 8601 time with a zone, e.g. 2025-06-01T00:00:00Z' })
  .transform((value, ctx) => {
    const ms = Date.parse(value);
    if (!Number.isFinite(ms) || ms < EARLIEST_MS || ms > LATEST_MS) {
      ctx.addIssue({ code: 'custom', message: `expected a time between ${HISTORY_EARLIEST} and ${HISTORY_LATEST}` });
      return z.NEVER;
    }
    return new Date(ms);
  });

/** Query parameters of GET /v1/parkings/:id/history (docs/interface.md § Routes). */
export const parkingHistoryQuery = z
  .object({
    from: isoTime.optional(),
    to: isoTime.optional(),
    bucket: z.enum(Object.keys(HISTORY_BUCKETS) as [HistoryBucket, ...HistoryBucket[]]).optional(),
    format: z.enum(['json', 'csv']).optional(),
    limit: z.coerce.number().int().min(1).max(HISTORY_MAX_LIMIT).default(1_000),
    cursor: z.string().max(128).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    // zod runs this even when a field failed: then that field holds what was sent, not a Date.
    if (!(q.from instanceof Date) || !(q.to instanceof Date)) return;
    const problem = rangeProblem(q.from, q.to);
    if (problem === undefined) return;
    for (const parameter of ['from', 'to']) ctx.addIssue({ code: 'custom', message: problem, path: [parameter] });
  });

export type ParkingHistoryQuery = z.infer<typeof parkingHistoryQuery>;

function rangeProblem(from: Date, to: Date): string | undefined {
  if (from >= to) return 'from must be before to';
  if (to.getTime() - from.getTime() > MAX_SPAN_MS) return `at most ${HISTORY_MAX_SPAN_DAYS} days between from and to`;
  return undefined;
}

/**
 * The range a query asks for, defaults applied: `to` is now, `from` 24 h before `to`. A `from`
 * without `to` is checked against now, so the span limit holds for it too. Throws BAD_REQUEST
 * naming the parameters.
 */
export function historyRange(q: Pick<ParkingHistoryQuery, 'from' | 'to'>, now: Date): { from: Date; to: Date } {
  const to = q.to ?? now;
  const from = q.from ?? new Date(to.getTime() - HISTORY_DEFAULT_SPAN_MS);
  const found = rangeProblem(from, to);
  if (found !== undefined) {
    const problem = q.to === undefined ? `${found} (to defaults to now)` : found;
    const named = q.to === undefined ? ['from'] : ['from', 'to'];
    throw new AppException(ErrorCode.BAD_REQUEST, `${named.join(', ')}: ${problem}`, {
      details: named.map((parameter) => ({ parameter, message: problem })),
    });
  }
  return { from, to };
}
