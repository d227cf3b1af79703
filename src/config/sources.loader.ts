import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { substituteEnv } from './env-substitution.js';
import type {
  FetchTarget,
  LoadedSources,
  PrivateNetworkAllowance,
  RequestSettings,
  SourceConfig,
  SourceConfigError,
} from './source-config.js';
import { commonSourceSchema, KIND_SCHEMAS } from './sources.schema.js';
import { DEFAULT_PUSH_INTERVAL_MS, DEFAULT_PUSH_PER_MINUTE, pushTokenSpellingProblem } from './push-source.rules.js';
import { clientSecretSpellingProblem, resolveRequest, resolveTls, toAuth } from './fetch-source.rules.js';

const MAX_PARKING_STALE_MS = 30 * 60_000;

/** What the loader read, plus the ${ENV} variables it substituted (their values are secrets to logs). */
export type LoadedSourcesWithVars = LoadedSources & { substitutedVars: string[] };

/**
 * Reads sources.yaml. Each source is validated on its own: a bad one is reported with its id
 * and every bad field, and left out; the others are returned. Only a file that cannot be read,
 * is not YAML or has no `sources:` list throws.
 */
export function loadSourcesFile(file: string, vars: Record<string, string | undefined>): LoadedSourcesWithVars {
  return validateList(readSourcesList(file), vars, path.dirname(file));
}

export function parseSources(
  text: string,
  vars: Record<string, string | undefined>,
  baseDir: string,
): LoadedSourcesWithVars {
  return validateList(sourcesList(text), vars, baseDir);
}

/**
 * The file as a whole: readable, YAML, with a `sources:` list. Its problems are CONFIG_INVALID, one
 * line each, naming the file (main.ts refuses to boot on them; a reload keeps the previous sources).
 */
export function readSourcesList(file: string): unknown[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new AppException(ErrorCode.CONFIG_INVALID, `cannot read sources file ${file}: ${readError(error)}`);
  }
  try {
    return sourcesList(text);
  } catch (error) {
    throw new AppException(ErrorCode.CONFIG_INVALID, `sources file ${file}: ${(error as Error).message}`);
  }
}

function sourcesList(text: string): unknown[] {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (error) {
    const first = (error as Error).message.split('\n')[0];
    throw new AppException(ErrorCode.CONFIG_INVALID, `sources file is not valid YAML: ${first}`);
  }
  const list = (doc as { sources?: unknown } | null)?.sources;
  if (!Array.isArray(list)) {
    throw new AppException(ErrorCode.CONFIG_INVALID, 'sources file must have a top-level "sources:" list');
  }
  return list;
}

function readError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file (ENOENT)';
  if (code === 'EACCES') return 'permission denied (EACCES)';
  if (code === 'EISDIR') return 'a directory, not a file (EISDIR)';
  return (error as Error).message;
}

function validateList(
  list: unknown[],
  vars: Record<string, string | undefined>,
  baseDir: string,
): LoadedSourcesWithVars {
  const sources: SourceConfig[] = [];
  const errors: SourceConfigError[] = [];
  const seen = new Set<string>();
  const substituted = new Set<string>();
  list.forEach((raw: unknown, index) => {
    const sourceId = readId(raw, index);
    const result = validateOne(raw, vars, baseDir, substituted);
    if ('errors' in result) {
      errors.push(...result.errors.map((e) => ({ sourceId, ...e })));
    } else if (seen.has(result.source.id)) {
      errors.push({ sourceId, field: 'id', message: `duplicate id "${result.source.id}"` });
    } else {
      seen.add(result.source.id);
      sources.push(result.source);
    }
  });
  return { sources, errors, substitutedVars: [...substituted] };
}

type FieldError = { field: string; message: string };

function validateOne(
  raw: unknown,
  vars: Record<string, string | undefined>,
  baseDir: string,
  substituted: Set<string> = new Set(),
): { source: SourceConfig } | { errors: FieldError[] } {
  if (raw === null || typeof raw !== 'object') return { errors: [{ field: '(source)', message: 'must be a mapping' }] };
  // Every check runs, whatever failed before it: a source reports all its bad fields at once.
  const { value, missing, used } = substituteEnv(raw, vars);
  for (const name of used) substituted.add(name);
  const errors: FieldError[] = missing.map((m) => ({
    field: m.field,
    message: `environment variable ${m.variable} is not set`,
  }));
  const kind = (raw as { kind?: unknown }).kind;
  const known = kind === 'parking' || kind === 'gtfs' || kind === 'gtfs-rt';
  if (!known) errors.push({ field: 'kind', message: 'must be one of parking, gtfs, gtfs-rt' });
  const spelling = kind === 'parking' ? pushTokenSpellingProblem(raw) : undefined;
  if (spelling !== undefined) errors.push({ field: spelling.path.join('.'), message: spelling.message });
  const secretSpelling = clientSecretSpellingProblem(raw);
  if (secretSpelling !== undefined) errors.push(secretSpelling);
  const schema = known ? (KIND_SCHEMAS[kind] as z.ZodType) : commonSourceSchema;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const unset = new Set(missing.map((m) => m.field));
    errors.push(...parsed.error.issues.flatMap(fieldErrors).filter((e) => !unset.has(e.field)));
  }
  if (errors.length > 0 || !parsed.success) return { errors };
  // Files named by request.body.file and tls are read (checked) now: a bad path fails the load, not the poll.
  const data = parsed.data as ParsedSource;
  const request = resolveRequest(data.request as never, baseDir);
  const tls = resolveTls(data.tls as never, baseDir);
  const urls = data.kind === 'gtfs-rt' ? resolveUrlRequests(data.urls, baseDir) : undefined;
  const problems = [...request.problems, ...(urls?.problems ?? []), ...tls.problems];
  if (problems.length > 0) return { errors: problems };
  return {
    source: toSourceConfig(
      {
        ...data,
        ...(urls === undefined ? {} : { urls: urls.value }),
        request: request.value,
        tls: tls.value,
        auth: toAuth(data.auth as never),
      },
      baseDir,
    ),
  };
}

/** A gtfs-rt source's URL objects with their own `request` read (its `{ file }` body); problems name `urls.<role>.request…`. */
function resolveUrlRequests(urls: unknown, baseDir: string): { value: unknown; problems: FieldError[] } {
  const problems: FieldError[] = [];
  const value: Record<string, unknown> = {};
  for (const [role, entry] of Object.entries(urls as Record<string, unknown>)) {
    const own = typeof entry === 'object' && entry !== null ? (entry as { request?: unknown }).request : undefined;
    if (own === undefined) {
      value[role] = entry;
      continue;
    }
    const resolved = resolveRequest(own as never, baseDir);
    problems.push(...resolved.problems.map((p) => ({ ...p, field: `urls.${role}.${p.field}` })));
    value[role] = { ...(entry as object), request: resolved.value };
  }
  return { value, problems };
}

/** A zod issue as field errors; an unknown key is named as the field (a typo such as `intervall`). */
function fieldErrors(issue: z.core.$ZodIssue): FieldError[] {
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: [...issue.path, key].join('.'), message: 'unknown field' }));
  }
  return [{ field: issue.path.join('.') || '(source)', message: issue.message }];
}

interface ParsedFetch {
  url: string;
  timeout: number;
  maxBytes: number;
  headers: Record<string, string>;
  allowPrivateNetwork: PrivateNetworkAllowance;
}
type ParsedSource = ParsedFetch & {
  id: string;
  kind: 'parking' | 'gtfs' | 'gtfs-rt';
  /** Absent only on a push source. */
  interval?: number;
  enabled: boolean;
  staleAfter?: number;
  [key: string]: unknown;
};

function toSourceConfig(parsed: ParsedSource, baseDir: string): SourceConfig {
  // A push source's interval is how often it is expected to push (optional, push-source.rules.ts).
  const s: ParsedSource & { interval: number } = { ...parsed, interval: parsed.interval ?? DEFAULT_PUSH_INTERVAL_MS };
  const staleDefault = 3 * s.interval;
  const base = {
    id: s.id,
    intervalMs: s.interval,
    enabled: s.enabled,
    staleAfterMs: s.staleAfter ?? (s.kind === 'parking' ? Math.min(staleDefault, MAX_PARKING_STALE_MS) : staleDefault),
  };
  if (s.kind === 'gtfs-rt') {
    const urls = s.urls as Record<string, string | (ParsedFetch & { request?: RequestSettings }) | undefined>;
    const targets: Record<string, FetchTarget> = {};
    for (const [name, entry] of Object.entries(urls)) {
      if (entry === undefined) continue;
      // A URL object's own request replaces the source's; auth and tls are the source's for every URL.
      const request =
        (typeof entry === 'string' ? undefined : entry.request) ?? (s.request as RequestSettings | undefined);
      targets[name] = {
        ...fetchTarget(typeof entry === 'string' ? { ...s, url: entry } : entry, baseDir),
        ...(request === undefined ? {} : { request }),
        ...clientAuth(s),
      };
    }
    const feed = s.feed as string | undefined;
    const expireAfterMs = s.expireAfter as number | undefined;
    return {
      ...base,
      kind: 'gtfs-rt',
      ...(feed === undefined ? {} : { feed }),
      ...(expireAfterMs === undefined ? {} : { expireAfterMs }),
      urls: targets,
    };
  }
  if (s.kind === 'gtfs') {
    return {
      ...base,
      ...fetchTarget(s, baseDir),
      ...(s.request === undefined ? {} : { request: s.request as RequestSettings }),
      ...clientAuth(s),
      kind: 'gtfs',
    };
  }
  const st = s.static as
    | (Omit<ParsedFetch, 'headers' | 'allowPrivateNetwork'> &
        Partial<ParsedFetch> & { format: never; interval: number; [k: string]: unknown })
    | undefined;
  const push = s.mode === 'push';
  return {
    ...base,
    // A push source has no url: the byte cap (maxBytes) and the rest of its fetch settings stay.
    ...fetchTarget(push ? { ...s, url: '' } : s, baseDir),
    kind: 'parking',
    mode: push ? 'push' : 'poll',
    ...(push
      ? {
          pushToken: s.pushToken as string,
          pushPerMinute: (s.pushPerMinute as number | undefined) ?? DEFAULT_PUSH_PER_MINUTE,
        }
      : {}),
    format: s.format as never,
    mapping: s.mapping as Record<string, string> | undefined,
    statusValues: s.statusValues as never,
    options: s.options as Record<string, unknown> | undefined,
    timestamps: s.timestamps as 'observation' | 'change' | undefined,
    idPattern: s.idPattern as string | undefined,
    ...(s.timeZone === undefined ? {} : { timeZone: s.timeZone as string }),
    ...(s.crs === undefined ? {} : { crs: s.crs as string }),
    ...(s.request === undefined ? {} : { request: s.request as never }),
    ...clientAuth(s),
    static:
      st === undefined
        ? undefined
        : {
            ...fetchTarget(inheritedFetch(st, s), baseDir),
            // Same origin as the source: its OAuth2 client and client certificate too (not its request body).
            ...(sameOrigin(st.url, s.url) && s.auth !== undefined ? { auth: s.auth as never } : {}),
            ...(sameOrigin(st.url, s.url) && s.tls !== undefined ? { tls: s.tls as never } : {}),
            format: st.format,
            intervalMs: st.interval,
            mapping: st.mapping as Record<string, string> | undefined,
            statusValues: st.statusValues as never,
            options: st.options as Record<string, unknown> | undefined,
            // Its times are the same operator's: read in the source's zone.
            ...(s.timeZone === undefined ? {} : { timeZone: s.timeZone as string }),
            // And its coordinates in the source's system.
            ...(s.crs === undefined ? {} : { crs: s.crs as string }),
          },
  };
}

/**
 * What a `static:` reference takes from its source when it does not set it: `allowPrivateNetwork`
 * (the reference usually sits next to the feed), and the source's `headers` when the reference is
 * on the same origin (scheme, host, port) as the source, its own headers winning name by name. A
 * reference on another host gets only its own headers: an API key is not sent to a third party.
 * The same holds for the source's `auth` and `tls` (added in toSourceConfig); never its `request`.
 * `timeout` and `maxBytes` keep their defaults (a reference file is often larger and slower).
 */
function inheritedFetch(
  st: Omit<ParsedFetch, 'headers' | 'allowPrivateNetwork'> & Partial<ParsedFetch>,
  s: ParsedFetch,
): ParsedFetch {
  const ownHeaders = st.headers ?? {};
  return {
    ...st,
    allowPrivateNetwork: st.allowPrivateNetwork ?? s.allowPrivateNetwork,
    headers: sameOrigin(st.url, s.url) ? { ...s.headers, ...ownHeaders } : ownHeaders,
  };
}

/** The source's `auth` (OAuth2 client) and `tls` (client certificate), when set. */
function clientAuth(s: ParsedSource): Pick<FetchTarget, 'auth' | 'tls'> {
  return {
    ...(s.auth === undefined ? {} : { auth: s.auth as never }),
    ...(s.tls === undefined ? {} : { tls: s.tls as never }),
  };
}

function sameOrigin(a: string, b: string): boolean {
  const origin = (url: string): string | undefined => {
    if (!/^https?:\/\//i.test(url)) return undefined;
    try {
      return new URL(url).origin;
    } catch {
      return undefined;
    }
  };
  const left = origin(a);
  return left !== undefined && left === origin(b);
}

function fetchTarget(f: ParsedFetch, baseDir: string): FetchTarget {
  const isUrl = /^(https?|file):\/\//i.test(f.url);
  return {
    // '' (a push source) stays empty: it is no path.
    url: isUrl || f.url === '' ? f.url : path.resolve(baseDir, f.url),
    timeoutMs: f.timeout,
    maxBytes: f.maxBytes,
    headers: f.headers,
    allowPrivateNetwork: f.allowPrivateNetwork,
  };
}

function readId(raw: unknown, index: number): string {
  const id = (raw as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? id : `#${index + 1}`;
}
