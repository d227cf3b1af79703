import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyCors, type CorsOrigins } from '../common/http/cors-origin.js';

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
  const policy = { origins, methods: ALLOWED_METHODS, headers: ALLOWED_HEADERS };
  return (req: IncomingMessage, res: ServerResponse, next: Next): void => {
    if (req.headers.upgrade !== undefined || !applyCors(policy, req, res)) next();
  };
}
