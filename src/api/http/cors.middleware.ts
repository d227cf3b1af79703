import type { NextFunction, Request, Response } from 'express';
import { applyCors, type CorsOrigins } from '../../common/http/cors-origin.js';

const EXPOSED = [
  'ETag',
  'Link',
  'Content-Disposition',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
].join(', ');
const ALLOWED_HEADERS = 'Accept, Authorization, Content-Type, If-None-Match, X-API-Key';
const ALLOWED_METHODS = 'GET, HEAD, POST, DELETE, OPTIONS';

export { allowedOrigin, type CorsOrigins } from '../../common/http/cors-origin.js';

/** Headers a browser may read from a cross-origin answer. */
export const CORS_EXPOSED_HEADERS = EXPOSED;

/**
 * CORS for a public read API: any origin by default (HUB_CORS_ORIGINS narrows it). No cookies
 * are used, so credentials are never allowed. Preflights are answered here, before any guard.
 */
export function corsMiddleware(origins: CorsOrigins) {
  const policy = { origins, methods: ALLOWED_METHODS, headers: ALLOWED_HEADERS, exposed: EXPOSED };
  return (req: Request, res: Response, next: NextFunction): void => {
    if (!applyCors(policy, req, res)) next();
  };
}
