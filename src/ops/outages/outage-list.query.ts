import { z } from 'zod';

/** Query parameters of GET /v1/sources/:id/outages. */
export const outageListQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().max(64).optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to), {
    message: 'from must be before to',
    path: ['from'],
  });

export type OutageListQueryParams = z.infer<typeof outageListQuery>;

/** The cursor is the start of the last outage of a page; the next page starts before it. */
export function encodeOutageCursor(startedAt: string): string {
  return Buffer.from(startedAt).toString('base64url');
}

export function decodeOutageCursor(cursor: string): Date | undefined {
  const date = new Date(Buffer.from(cursor, 'base64url').toString('utf8'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}
