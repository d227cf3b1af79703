import type { IncomingMessage, ServerResponse } from 'node:http';
import { allowedOrigin, type CorsOrigins } from '../common/http/cors-origin.js';

const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** socket.io-client's polling requests send Content-Type; a Node client may add X-API-Key (extraHeaders). */
const ALLOWED_HEADERS = 'Content-Type, X-API-Key';

type Next = (error?: Error) => void;

/**
 * CORS of the live feed's HTTP long-polling requests (`/socket.io/...`), an engine.io middleware:
 * engine.io answers those requests before Express, so REST's CORS middleware never sees them.
 * The same origin rule (HUB_CORS_ORIGINS, common/http/cors-origin.ts); preflights are answered
 * here. A WebSocket upgrade is not subject to CORS and passes untouched. Access itself (key,
 * quota) is the /live handshake's (live-handshake.ts), whatever the transport.
 */
export function pollingCors(origins: CorsOrigins) {
  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    if (req.headers.upgrade !== undefined) return next();
    if (origins !== '*') res.setHeader('Vary', 'Origin');
    const allowed = allowedOrigin(origins, req.headers.origin);
    if (allowed !== undefined) res.setHeader('Access-Control-Allow-Origin', allowed);
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      if (allowed !== undefined) {
        res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
        res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS);
        res.setHeader('Access-Control-Max-Age', '600');
      }
      res.writeHead(204).end();
      return;
    }
    next();
  };
}
