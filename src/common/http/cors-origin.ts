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
