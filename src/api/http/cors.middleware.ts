import type { NextFunction, Request, Response } from 'express';
import { allowedOrigin, type CorsOrigins } from '../../common/http/cors-origin.js';

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
  return (req: Request, res: Response, next: NextFunction): void => {
    if (origins !== '*') res.vary('Origin');
    const allowed = allowedOrigin(origins, req.headers.origin);
    if (allowed !== undefined) {
      res.setHeader('Access-Control-Allow-Origin', allowed);
      res.setHeader('Access-Control-Expose-Headers', EXPOSED);
    }
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      if (allowed !== undefined) {
        res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
        res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
      }
      res.status(204).end();
      return;
    }
    next();
  };
}
