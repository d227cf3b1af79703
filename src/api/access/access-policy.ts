/** Which rule guards a path: admin token, API key / rate limit, or none (health, metrics, docs). */
export type AccessRule = 'admin' | 'read' | 'open';

export function accessRuleFor(path: string): AccessRule {
  if (path === '/v1/admin' || path.startsWith('/v1/admin/')) return 'admin';
  if (path === '/v1' || path.startsWith('/v1/')) return 'read';
  return 'open';
}

/** EventSource cannot send headers: the SSE stream also takes the key as `?apiKey=`. */
export const KEY_IN_QUERY_PATHS = new Set(['/v1/stream']);

/** The key from `X-API-Key` (or `apiKey` on the SSE stream); undefined when absent or empty. */
export function apiKeyFrom(
  headers: Record<string, string | string[] | undefined>,
  query: Record<string, unknown> | undefined,
  path: string,
): string | undefined {
  const header = headers['x-api-key'];
  const fromQuery = KEY_IN_QUERY_PATHS.has(path) ? query?.apiKey : undefined;
  const raw = header ?? (typeof fromQuery === 'string' ? fromQuery : undefined);
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The token from `Authorization: Bearer <token>`. */
export function bearerToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const raw = headers.authorization;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
  return match?.[1];
}
