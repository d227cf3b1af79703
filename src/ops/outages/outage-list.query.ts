import { z } from 'zod';

/** The parameters both outage lists take. */
const listFields = {
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
};

const fromBeforeTo = (q: { from?: string; to?: string }): boolean =>
  q.from === undefined || q.to === undefined || Date.parse(q.from) < Date.parse(q.to);
const FROM_BEFORE_TO = { message: 'from must be before to', path: ['from'] };

/** Query parameters of GET /v1/sources/:id/outages. */
export const outageListQuery = z
  .object({ ...listFields, cursor: z.string().max(64).optional() })
  .strict()
  .refine(fromBeforeTo, FROM_BEFORE_TO);

export type OutageListQueryParams = z.infer<typeof outageListQuery>;

/**
 * Query parameters of GET /v1/outages: those of one source's list, which sources, open or ended
 * ones only, and at most `perSource` (the latest) of each source.
 */
export const allOutagesQuery = z
  .object({
    ...listFields,
    cursor: z.string().max(256).optional(),
    source: z
      .string()
      .regex(/^[a-z0-9-]+(,[a-z0-9-]+)*$/, 'source ids, comma separated')
      .optional(),
    ongoing: z.enum(['true', 'false']).optional(),
    perSource: z.coerce.number().int().min(1).max(100).optional(),
  })
  .strict()
  .refine(fromBeforeTo, FROM_BEFORE_TO);

export type AllOutagesQueryParams = z.infer<typeof allOutagesQuery>;

/** The cursor is the start of the last outage of a page; the next page starts before it. */
export function encodeOutageCursor(startedAt: string): string {
  return Buffer.from(startedAt).toString('base64url');
}

export function decodeOutageCursor(cursor: string): Date | undefined {
  const date = new Date(Buffer.from(cursor, 'base64url').toString('utf8'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Keyset of GET /v1/outages: outages are ordered by start, then source id (both descending). */
export interface AllOutagesCursor {
  startedAt: Date;
  sourceId: string;
}

/** The last outage of a page as a cursor: its start and its source (two sources may start at one instant). */
export function encodeAllOutagesCursor(startedAt: string, sourceId: string): string {
  return Buffer.from(JSON.stringify([startedAt, sourceId])).toString('base64url');
}

export function decodeAllOutagesCursor(cursor: string): AllOutagesCursor | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [at, sourceId] = parsed as unknown[];
  if (typeof at !== 'string' || typeof sourceId !== 'string' || !/^[a-z0-9-]{1,64}$/.test(sourceId)) return undefined;
  const startedAt = new Date(at);
  if (Number.isNaN(startedAt.getTime()) || !z.iso.datetime({ offset: true }).safeParse(at).success) return undefined;
  return { startedAt, sourceId };
}
