import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { COORDINATE_SYSTEMS, isCoordinateSystem } from '../common/coordinate-systems.js';
import { isTimeZoneName } from '../common/wall-time.js';
import type { OAuth2ClientCredentials, RequestSettings, TlsFiles } from './source-config.js';

/**
 * Keys of a parking source about how its operator serves it (issue #15): the time zone of its
 * offset-less times, the request (`POST` with a body), OAuth2 client credentials and a client
 * certificate. Checked at load, each bad one a config error naming its field.
 */
export const timeZoneField = z.string().superRefine((value, ctx) => {
  if (!isTimeZoneName(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `not an IANA time zone: ${JSON.stringify(value)} (use a name such as Europe/Paris or UTC)`,
    });
  }
});

/** The system of the feed's coordinates (common/coordinate-systems.ts): one of the built-in codes. */
export const crsField = z.string().superRefine((value, ctx) => {
  if (!isCoordinateSystem(value)) {
    ctx.addIssue({
      code: 'custom',
      message: `unknown coordinate system ${JSON.stringify(value)} (one of ${COORDINATE_SYSTEMS.join(', ')})`,
    });
  }
});

/** `body` is the text itself, or `{ file }`: a path (relative to the sources file) read at load. */
export const requestField = z
  .object({
    method: z.enum(['GET', 'POST']).default('GET'),
    body: z.union([z.string(), z.object({ file: z.string().min(1) }).strict()]).optional(),
    contentType: z.string().min(1).optional(),
  })
  .strict()
  .refine((r) => r.method === 'POST' || (r.body === undefined && r.contentType === undefined), {
    message: 'body and contentType go with method: POST',
    path: ['body'],
  });

const httpUrl = z
  .string()
  .refine((value) => /^https?:\/\/[^/]/i.test(value), { message: 'an http(s) URL (the token endpoint)' });

export const authField = z
  .object({
    type: z.literal('oauth2-client-credentials'),
    tokenUrl: httpUrl,
    clientId: z.string().min(1),
    clientSecret: z.string().min(1, 'required, from the environment: ${NAME}'),
    scope: z.string().min(1).optional(),
  })
  .strict();

export const tlsField = z
  .object({ cert: z.string().min(1), key: z.string().min(1), ca: z.string().min(1).optional() })
  .strict();

const ENV_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

/** `auth.clientSecret` as written, before substitution: a `${NAME}` reference, so logs hide it. */
export function clientSecretSpellingProblem(raw: unknown): { field: string; message: string } | undefined {
  const auth = (raw as { auth?: unknown } | null)?.auth;
  const written = (auth as { clientSecret?: unknown } | null | undefined)?.clientSecret;
  if (written === undefined || (typeof written === 'string' && ENV_REFERENCE.test(written.trim()))) return undefined;
  return {
    field: 'auth.clientSecret',
    message: 'must be an environment variable reference such as ${OPERATOR_CLIENT_SECRET}, not the secret itself',
  };
}

type FieldProblem = { field: string; message: string };
type ParsedRequest = z.infer<typeof requestField>;

/** The request with a `{ file }` body read (relative to the sources file); an unreadable one is a problem. */
export function resolveRequest(
  request: ParsedRequest | undefined,
  baseDir: string,
): { value?: RequestSettings; problems: FieldProblem[] } {
  if (request === undefined) return { problems: [] };
  const { method, body, contentType } = request;
  if (body === undefined || typeof body === 'string') {
    return {
      value: { method, ...(body === undefined ? {} : { body }), ...(contentType ? { contentType } : {}) },
      problems: [],
    };
  }
  const file = path.resolve(baseDir, body.file);
  try {
    const text = readFileSync(file, 'utf8');
    return { value: { method, body: text, ...(contentType ? { contentType } : {}) }, problems: [] };
  } catch (error) {
    return { problems: [{ field: 'request.body.file', message: `cannot read ${file}: ${readError(error)}` }] };
  }
}

/**
 * The client certificate's files, as absolute paths, each checked readable at load (they are read
 * again at every fetch, so a renewed certificate is picked up without a reload). Problems name the field.
 */
export function resolveTls(
  tls: z.infer<typeof tlsField> | undefined,
  baseDir: string,
): { value?: TlsFiles; problems: FieldProblem[] } {
  if (tls === undefined) return { problems: [] };
  const problems: FieldProblem[] = [];
  const value: Partial<TlsFiles> = {};
  for (const key of ['cert', 'key', 'ca'] as const) {
    const given = tls[key];
    if (given === undefined) continue;
    const file = path.resolve(baseDir, given);
    try {
      const text = readFileSync(file, 'utf8');
      if (!text.includes('-----BEGIN ')) throw Object.assign(new Error('not a PEM file'), { code: 'NOT_PEM' });
      value[key] = file;
    } catch (error) {
      problems.push({ field: `tls.${key}`, message: `cannot read ${file}: ${readError(error)}` });
    }
  }
  return problems.length > 0 ? { problems } : { value: value as TlsFiles, problems };
}

export function toAuth(auth: z.infer<typeof authField> | undefined): OAuth2ClientCredentials | undefined {
  if (auth === undefined) return undefined;
  return {
    type: auth.type,
    tokenUrl: auth.tokenUrl,
    clientId: auth.clientId,
    clientSecret: auth.clientSecret,
    ...(auth.scope === undefined ? {} : { scope: auth.scope }),
  };
}

function readError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file (ENOENT)';
  if (code === 'EACCES') return 'permission denied (EACCES)';
  if (code === 'EISDIR') return 'a directory, not a file (EISDIR)';
  return (error as Error).message;
}
