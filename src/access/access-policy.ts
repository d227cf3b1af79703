/**
 * Which rule guards a path: admin token, API key / rate limit, a push source's own token and
 * limit (`POST /v1/ingest/:sourceId`, checked by push-access.ts), or none (health, metrics, docs).
 */
export type AccessRule = 'admin' | 'push' | 'read' | 'open';

const STRICTNESS: Record<AccessRule, number> = { open: 0, read: 1, push: 2, admin: 3 };

/** The rule of a route pattern (`/v1/admin/keys/:id`) or of a path in canonical form. */
function ruleOfPattern(path: string): AccessRule {
  const p = path.toLowerCase();
  if (p === '/v1/admin' || p.startsWith('/v1/admin/')) return 'admin';
  if (p.startsWith('/v1/ingest/')) return 'push';
  if (p === '/v1' || p.startsWith('/v1/')) return 'read';
  return 'open';
}

function stricter(a: AccessRule, b: AccessRule): AccessRule {
  return STRICTNESS[b] > STRICTNESS[a] ? b : a;
}

/**
 * The rule for a request: the rule of the route the router matched (`route`, its pattern), and
 * never less than that of the path as sent or of any path it could be read as (normalisedPath).
 * Routing is case-sensitive and strict (routing-settings.ts), so a spelling other than the
 * canonical one reaches no handler; when it does all the same (inside a parameter, say), the
 * strictest reading decides.
 */
export function accessRuleFor(path: string, route?: string): AccessRule {
  let rule = stricter(ruleOfPattern(path), ruleOfPattern(normalisedPath(path)));
  if (route !== undefined) rule = stricter(rule, ruleOfPattern(route));
  return rule;
}

/** An escape, `\`, `;`, an empty or dot segment, a trailing `/`, or no leading one. */
const NEEDS_NORMALISING = /[%\\;]|\/\/|\/\.|.\/$|^[^/]/;
/** RFC 3986 unreserved characters: escaping one changes nothing but the spelling. */
const UNRESERVED = /^[A-Za-z0-9._~-]$/;

/**
 * The path as the most lenient reader would take it: percent-escapes decoded, `\` read as `/`,
 * `;` parameters dropped, empty and `.` segments dropped, `..` applied, lower case. Only for
 * access decisions (a spelling gets the rule of every path it could be mistaken for).
 */
export function normalisedPath(path: string): string {
  // Most paths have nothing to normalise but their case.
  if (!NEEDS_NORMALISING.test(path)) return path.toLowerCase();
  const segments: string[] = [];
  for (const raw of decodeEscapes(path).replaceAll('\\', '/').split('/')) {
    const segment = raw.split(';', 1)[0];
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment.toLowerCase());
  }
  return `/${segments.join('/')}`;
}

/**
 * Whether a path is in the form the router matches and the rules are written in: no escapes of
 * characters that need none, no `//`, `.` or `..` segments, `;` parameters, `\` or trailing `/`.
 * Case is not part of it (ids may be upper case; routing is case-sensitive).
 */
export function isCanonicalPath(path: string): boolean {
  return path.startsWith('/') && normalisedPath(path) === path.toLowerCase();
}

/**
 * What makes a path another spelling of a route rather than a path of its own, or undefined:
 * an escape of a character that needs none (`%61`) or of a control character (`%00`), an empty
 * segment (`//`), a dot segment, a `;` parameter, a `\`, a trailing `/`. Escapes that are
 * needed (`%3A`, `%2F` inside an id) are not. The guard refuses such a path wherever it is routed.
 */
export function spellingProblem(path: string): string | undefined {
  if (!NEEDS_NORMALISING.test(path)) return undefined;
  const escape = /%([0-9a-f]{2})/gi;
  for (let m = escape.exec(path); m !== null; m = escape.exec(path)) {
    const code = parseInt(m[1], 16);
    if (code < 0x20 || code === 0x7f) return `an escaped control character (${m[0]})`;
    if (UNRESERVED.test(String.fromCharCode(code))) return `an escape of a character that needs none (${m[0]})`;
  }
  if (path.includes('\\')) return 'a backslash';
  if (path.includes(';')) return 'a ; parameter';
  const segments = path.split('/').slice(1);
  if (segments.slice(0, -1).includes('')) return 'an empty segment (//)';
  if (segments.some((s) => s === '.' || s === '..')) return 'a dot segment';
  if (path.length > 1 && path.endsWith('/')) return 'a trailing /';
  return undefined;
}

function decodeEscapes(path: string): string {
  if (!path.includes('%')) return path;
  return path.replace(/(?:%[0-9a-f]{2})+/gi, (escaped) => {
    try {
      return decodeURIComponent(escaped);
    } catch {
      // Not UTF-8: byte by byte, so a lone %2F still reads as a slash.
      return escaped.replace(/%([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    }
  });
}

/** EventSource cannot send headers: the SSE stream (this route only) also takes the key as `?apiKey=`. */
export const KEY_IN_QUERY_ROUTES: ReadonlySet<string> = new Set(['/v1/stream']);

/**
 * The key from `X-API-Key`, or from `apiKey` in the query when `keyInQuery` (the matched route is
 * in KEY_IN_QUERY_ROUTES); undefined when absent or empty.
 */
export function apiKeyFrom(
  headers: Record<string, string | string[] | undefined>,
  query: Record<string, unknown> | undefined,
  keyInQuery: boolean,
): string | undefined {
  const header = headers['x-api-key'];
  const fromQuery = keyInQuery ? query?.apiKey : undefined;
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
