import { z } from 'zod';

/** Body of POST /v1/admin/keys. */
export const createKeyBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    perMinute: z.number().int().min(1).max(100_000_000).optional(),
  })
  .strict();
