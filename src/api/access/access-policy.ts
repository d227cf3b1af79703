/** Which rule guards a path: admin token, API key / rate limit, or none (health, metrics, docs). */
export type AccessRule = 'admin' | 'read' | 'open';

export function accessRuleFor(path: string): AccessRule {
  if (path === '/v1/admin' || path.startsWith('/v1/admin/')) return 'admin';
  if (path === '/v1' || path.startsWith('/v1/')) return 'read';
  return 'open';
}

/** The key from `X-API-Key`; undefined when absent or empty. */
export function apiKeyFromHeaders(headers: Record<string, string | string[] | undefined>): string | undefined {
  const raw = headers['x-api-key'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** The token from `Authorization: Bearer <token>`. */
export function bearerToken(headers: Record<string, string | string[] | undefined>): string | undefined {
  const raw = headers.authorization;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
  return match?.[1];
}
