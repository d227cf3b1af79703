/** Where a parking source's bytes come from: polled at its `url`, or pushed to `POST /v1/ingest/:id`. */
export const SOURCE_MODES = ['poll', 'push'] as const;
export type SourceMode = (typeof SOURCE_MODES)[number];

/** A push token shorter than this is refused at load: it could be guessed. */
export const MIN_PUSH_TOKEN_LENGTH = 16;

/** Pushes per minute a push source may send when it sets no `pushPerMinute`. */
export const DEFAULT_PUSH_PER_MINUTE = 60;

/** `${NAME}`, the only way a push token may be written in sources.yaml (a token in the file would be committed and logged). */
const ENV_REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

interface ModeFields {
  mode: SourceMode;
  url?: string;
  interval?: number;
  pushToken?: string;
  pushPerMinute?: number;
  static?: unknown;
}

export interface ModeProblem {
  path: string[];
  message: string;
}

/**
 * The fields each mode needs or refuses, one message per field (docs/interface.md § Push
 * sources): a poll needs `url` and `interval` and takes no push fields; a push has no `url`
 * (nor, not yet, a `static:` reference) and needs `pushToken`.
 */
export function pushModeProblems(s: ModeFields): ModeProblem[] {
  const problems: ModeProblem[] = [];
  if (s.mode === 'poll') {
    if (s.url === undefined) problems.push({ path: ['url'], message: 'required (or mode: push)' });
    if (s.interval === undefined) problems.push({ path: ['interval'], message: 'required (or mode: push)' });
    if (s.pushToken !== undefined) problems.push({ path: ['pushToken'], message: 'only for mode: push' });
    if (s.pushPerMinute !== undefined) problems.push({ path: ['pushPerMinute'], message: 'only for mode: push' });
    return problems;
  }
  if (s.url !== undefined) problems.push({ path: ['url'], message: 'a push source has no url: it is sent its data' });
  if (s.static !== undefined) problems.push({ path: ['static'], message: 'not yet supported on a push source' });
  if (s.pushToken === undefined) {
    problems.push({
      path: ['pushToken'],
      message: 'required for mode: push, as an environment variable reference such as ${PARKING_PUSH_TOKEN}',
    });
  } else if (s.pushToken !== '' && s.pushToken.length < MIN_PUSH_TOKEN_LENGTH) {
    problems.push({ path: ['pushToken'], message: `at least ${MIN_PUSH_TOKEN_LENGTH} characters` });
  }
  return problems;
}

/**
 * The push token as written in the file, before substitution: it must be a `${NAME}` reference,
 * so the secret lives in the environment and every log line hides it (substituted values are
 * redacted). Undefined when it is one or absent.
 */
export function pushTokenSpellingProblem(raw: unknown): ModeProblem | undefined {
  const written = (raw as { pushToken?: unknown } | null)?.pushToken;
  if (written === undefined || (typeof written === 'string' && ENV_REFERENCE.test(written.trim()))) return undefined;
  return {
    path: ['pushToken'],
    message: 'must be an environment variable reference such as ${PARKING_PUSH_TOKEN}, not the token itself',
  };
}

/** A push source's `interval` (how often it is expected to push) when it sets none: staleAfter is 3 x this. */
export const DEFAULT_PUSH_INTERVAL_MS = 60_000;
