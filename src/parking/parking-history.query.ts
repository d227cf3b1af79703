import { z } from 'zod';

export const HISTORY_BUCKETS = { '5m': 300, '15m': 900, '1h': 3_600, '1d': 86_400 } as const;
export type HistoryBucket = keyof typeof HISTORY_BUCKETS;

export const HISTORY_DEFAULT_SPAN_MS = 24 * 3_600_000;
export const HISTORY_MAX_SPAN_DAYS = 400;
export const HISTORY_MAX_LIMIT = 10_000;

const isoTime = z.iso
  .datetime({ offset: true, message: 'expected an ISO 8601 time with a zone, e.g. 2025-06-01T00:00:00Z' })
  .transform((value) => new Date(value));

/** Query parameters of GET /v1/parkings/:id/history (contract §2). */
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
  .refine((q) => q.from === undefined || q.to === undefined || q.from < q.to, {
    message: 'from must be before to',
    path: ['from'],
  })
  .refine(
    (q) =>
      q.from === undefined ||
      q.to === undefined ||
      q.to.getTime() - q.from.getTime() <= HISTORY_MAX_SPAN_DAYS * 86_400_000,
    { message: `at most ${HISTORY_MAX_SPAN_DAYS} days between from and to`, path: ['from'] },
  );

export type ParkingHistoryQuery = z.infer<typeof parkingHistoryQuery>;
