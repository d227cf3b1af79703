/**
 * Keeps secrets out of logs: API keys and auth headers of requests, the values sources.yaml
 * substitutes from ${ENV} (operator API keys, mostly), passwords in connection URLs. Applied to
 * every line, whatever wrote it, in both output formats.
 */
export const REDACTED = '[REDACTED]';

/** Header names whose values are secrets. */
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'x-api-key', 'cookie', 'set-cookie']);
/** Query parameter names whose values are secrets (apiKey, api_key, key, token, access_token). */
const SECRET_PARAM = /^(api[_-]?key|key|token|access[_-]?token)$/i;
const PARAM_IN_TEXT = /([?&;](?:api[_-]?key|key|token|access[_-]?token)=)[^&#\s"'<>]*/gi;
const HEADER_IN_TEXT = /\b(authorization|proxy-authorization|x-api-key|cookie)(["']?\s*[:=]\s*["']?)([^"'\r\n,}]+)/gi;
const URL_PASSWORD = /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:)([^\s@/]+)@/gi;
/** Shorter substituted values ("1", "on") would shred every line and are not secrets anyway. */
const MIN_SECRET_LENGTH = 4;
const MAX_DEPTH = 6;

export type SecretSource = () => Iterable<string | undefined>;
const sources = new Set<SecretSource>();

/** Adds values to hide from every log line (read at each line, so a SIGHUP reload is followed). Returns the remover. */
export function addSecretSource(source: SecretSource): () => void {
  sources.add(source);
  return () => sources.delete(source);
}

/** The values to hide right now, longest first (read once per log line). */
export function currentSecrets(): string[] {
  const values = new Set<string>();
  for (const source of sources) {
    for (const value of source()) if (value !== undefined && value.length >= MIN_SECRET_LENGTH) values.add(value);
  }
  return [...values].sort((a, b) => b.length - a.length);
}

/** What any of the three patterns below needs in a text: most log lines have none of it and skip them. */
const MAYBE_SECRET = /key|token|authorization|cookie|:\/\//i;

export function redactText(text: string, secrets: string[] = currentSecrets()): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  if (!MAYBE_SECRET.test(out)) return out;
  return out
    .replace(PARAM_IN_TEXT, `$1${REDACTED}`)
    .replace(HEADER_IN_TEXT, `$1$2${REDACTED}`)
    .replace(URL_PASSWORD, `$1${REDACTED}@`);
}

/** A copy of `value` with secret-named fields replaced and every string redacted. */
export function redactValue(value: unknown, secrets: string[] = currentSecrets(), depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[…]';
  if (value instanceof Error) {
    return {
      name: value.name,
      message: redactText(value.message, secrets),
      stack: redactText(value.stack ?? '', secrets),
    };
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = isSecretName(key) ? REDACTED : redactValue(item, secrets, depth + 1);
  }
  return out;
}

export function isSecretName(name: string): boolean {
  return SECRET_HEADERS.has(name.toLowerCase()) || SECRET_PARAM.test(name);
}
