import type { NextFunction, Request, Response } from 'express';

/**
 * /v1 bodies depend on Accept (JSON or GeoJSON); when keys are required they also depend on
 * X-API-Key (401 without one), so shared caches must not hand a keyed answer to anyone else.
 */
export function varyMiddleware(requireApiKey: boolean) {
  const fields = requireApiKey ? ['Accept', 'X-API-Key'] : ['Accept'];
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.path.startsWith('/v1/')) for (const field of fields) res.vary(field);
    next();
  };
}
