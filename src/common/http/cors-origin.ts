import type { IncomingMessage, ServerResponse } from 'node:http';

/** HUB_CORS_ORIGINS: any origin, or these. */
export type CorsOrigins = '*' | string[];

/**
 * The Access-Control-Allow-Origin value for a request from `origin`, or undefined when it is not
 * allowed. One rule for every HTTP answer of the hub: REST (api/http/cors.middleware.ts) and the
 * live feed's long-polling requests (live/live-polling-cors.ts). No cookies are used, so
 * credentials are never allowed.
 */
export function allowedOrigin(origins: CorsOrigins, origin: string | undefined): string | undefined {
  if (origin === undefined) return undefined;
  if (origins === '*') return '*';
  return origins.includes(origin) ? origin : undefined;
}

/** What one HTTP surface allows cross-origin: methods and request headers, and the answer headers a page may read. */
export interface CorsPolicy {
  origins: CorsOrigins;
  methods: string;
  headers: string;
  exposed?: string;
}

/**
 * Sets the CORS headers of an answer (Vary: Origin appended when origins are listed) and answers
 * a preflight (204). Returns true when it answered, false when the request goes on.
 */
export function applyCors(policy: CorsPolicy, req: IncomingMessage, res: ServerResponse): boolean {
  if (policy.origins !== '*') appendVary(res, 'Origin');
  const allowed = allowedOrigin(policy.origins, req.headers.origin);
  if (allowed !== undefined) {
    res.setHeader('Access-Control-Allow-Origin', allowed);
    if (policy.exposed !== undefined) res.setHeader('Access-Control-Expose-Headers', policy.exposed);
  }
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  if (allowed !== undefined) {
    res.setHeader('Access-Control-Allow-Methods', policy.methods);
    res.setHeader('Access-Control-Allow-Headers', policy.headers);
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.writeHead(204).end();
  return true;
}

function appendVary(res: ServerResponse, field: string): void {
  const current = res.getHeader('Vary');
  const fields = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((f) => f.trim())
    .filter((f) => f !== '');
  if (fields.includes('*') || fields.some((f) => f.toLowerCase() === field.toLowerCase())) return;
  res.setHeader('Vary', [...fields, field].join(', '));
}
