import type { NextFunction, Request, Response } from 'express';

/**
 * What a /v1 body depends on besides the URL: Accept (JSON or GeoJSON), and X-API-Key when keys
 * are required (401 without one), so shared caches must not hand a keyed answer to anyone else.
 */
export function readVaryFields(requireApiKey: boolean): string[] {
  return requireApiKey ? ['Accept', 'X-API-Key'] : ['Accept'];
}

export function varyMiddleware(requireApiKey: boolean) {
  const fields = readVaryFields(requireApiKey);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path.startsWith('/v1/')) for (const field of fields) res.vary(field);
    next();
  };
}
