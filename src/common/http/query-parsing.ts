import type { z } from 'zod';
import { AppException } from '../app-exception.js';
import { ErrorCode } from '../error-codes.js';

/** Validates a query object with a zod schema; a failure is a 400 naming each bad parameter. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const result = schema.safeParse(query);
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => ({ parameter: i.path.join('.') || '(query)', message: i.message }));
  throw new AppException(ErrorCode.BAD_REQUEST, problems.map((p) => `${p.parameter}: ${p.message}`).join('; '), {
    details: problems,
  });
}
