import { ErrorCode } from '../common/error-codes.js';
import type { SourceConfig } from '../config/source-config.js';

export type SourceStatus = 'ok' | 'degraded' | 'down' | 'disabled';
export type PollOutcome = 'changed' | 'unchanged' | 'not-modified' | 'failed';

/** After this many failures in a row a source is `down`; fewer make it `degraded`. */
export const DOWN_AFTER_FAILURES = 5;

/** docs/interface.md § Source health. */
export interface SourceHealth {
  id: string;
  kind: string;
  format: string | null;
  status: SourceStatus;
  intervalMs: number;
  lastPollAt: string | null;
  lastSuccessAt: string | null;
  lastChangeAt: string | null;
  lastError?: { code: string; message: string; at: string };
  consecutiveFailures: number;
  latencyMs: number | null;
  bytes: number | null;
  entities: number;
  warnings: number;
  clockSkewMs?: number;
  /** The last response's HTTP `Date` minus the hub's clock (0 within 60 s; absent: no Date header seen). */
  dateHeaderSkewMs?: number;
  /** Start of the current run of failed polls (absent while polls succeed); an outage's start. */
  failingSince?: string;
  /** Earliest next poll, when the hub waits longer than the interval; `pacedBy` says why. */
  nextPollAt?: string;
  pacedBy?: PacedBy;
  /** GTFS-RT: ids the feed named that its static feed does not have, in the last successful poll. */
  unmatched?: UnmatchedCounts;
  /** History rows this source's polls made that were never written (refused, or their job failed for good). */
  historyLost?: HistoryLoss;
  /** The last warnings and failed polls, newest first, at most RECENT_NOTES; each once (a repeat moves it up). */
  recentWarnings?: HealthNote[];
  /** GTFS: an import of a new timetable version running now (absent otherwise). */
  importing?: ImportProgress;
}

/** How far a running GTFS import has come: files done, rows so far, the file being read. */
export interface ImportProgress {
  startedAt: string;
  /** The file being read, or null between files. */
  file: string | null;
  filesDone: number;
  rows: number;
  at: string;
}

/** At most this many entries in `recentWarnings`, and warnings carried by one poll. */
export const RECENT_NOTES = 20;

/** A warning of a payload (a record skipped, the static reference missing) or a failed poll. */
export interface HealthNote {
  kind: 'warning' | 'error';
  code: string;
  message: string;
  /** Where: a record id, a CSV line, `static …` for the static reference. */
  ref?: string;
  at: string;
}

/** One warning as a poll carries it. */
export interface PollWarning {
  code: string;
  message: string;
  ref?: string;
}

/** `rows` counts every lost row since the health record began; the rest describes the last loss. */
export interface HistoryLoss {
  rows: number;
  at: string;
  lastRows: number;
  code: string;
  message: string;
}

/** A source stays `degraded` for this many poll intervals after it lost history rows. */
export const HISTORY_LOSS_DEGRADED_INTERVALS = 2;

/** Why the next poll waits longer than the interval: operator headers or our own failure backoff. */
export type PacedBy = 'retry-after' | 'max-age' | 'backoff';

export interface UnmatchedCounts {
  trips: number;
  stops: number;
  routes: number;
}

/** One poll, as recorded in the source's recent-polls list. */
export interface PollRecord {
  at: string;
  outcome: PollOutcome;
  latencyMs: number;
  bytes: number | null;
  entities?: number;
  changes?: number;
  warnings?: number;
  /** The poll's first RECENT_NOTES warnings (absent when the payload was not read: 304, same bytes). */
  warningDetails?: PollWarning[];
  errorCode?: string;
  errorMessage?: string;
  clockSkewMs?: number;
  /** The response's HTTP `Date` minus the hub's clock, 0 within 60 s. */
  dateHeaderSkewMs?: number;
  unmatched?: UnmatchedCounts;
  /** Scheduling hints the operator sent (Retry-After, Cache-Control max-age), in ms. */
  retryAfterMs?: number;
  maxAgeMs?: number;
  /** The payload is not usable as a whole (e.g. NO_VALID_RECORDS): the source is `degraded` with this as `lastError`. */
  verdict?: PayloadVerdict;
}

/** Why a payload that parsed is still not usable; kept with the fetch state for polls of the same bytes. */
export interface PayloadVerdict {
  code: string;
  message: string;
}

/** A payload whose every record was refused (warnings, no entity left) is not data: NO_VALID_RECORDS. Pure. */
export function payloadVerdict(counts: { entities: number; warnings: number }): PayloadVerdict | undefined {
  if (counts.entities > 0 || counts.warnings === 0) return undefined;
  return {
    code: ErrorCode.NO_VALID_RECORDS,
    message: `none of the payload's records is valid (${counts.warnings} warnings, 0 entities)`,
  };
}

/**
 * A `static:` reference that failed keeps the source `degraded` with STATIC_UNAVAILABLE as its
 * lastError, kept with the fetch state so 304 / same-bytes polls read it too, until a poll
 * fetches the reference again. Pure.
 */
export function referenceVerdict(warnings: PollWarning[]): PayloadVerdict | undefined {
  const failed = warnings.find((w) => w.code === ErrorCode.STATIC_UNAVAILABLE);
  return failed === undefined ? undefined : { code: failed.code, message: failed.message };
}

/** Rules that depend on the source and the hub's config, not on the poll itself. */
export interface HealthRules {
  /**
   * A realtime source whose last change is older than this while its polls succeed is frozen:
   * `degraded` with a STALE_DATA error. Undefined: not checked (static feeds).
   */
  frozenAfterMs?: number;
}

export function initialHealth(source: SourceConfig): SourceHealth {
  return {
    id: source.id,
    kind: source.kind,
    format: source.kind === 'parking' ? source.format : null,
    status: source.enabled ? 'ok' : 'disabled',
    intervalMs: source.intervalMs,
    lastPollAt: null,
    lastSuccessAt: null,
    lastChangeAt: null,
    consecutiveFailures: 0,
    latencyMs: null,
    bytes: null,
    entities: 0,
    warnings: 0,
  };
}

/** Folds one poll into the health record. Pure. */
export function applyPoll(health: SourceHealth, poll: PollRecord, rules: HealthRules = {}): SourceHealth {
  const next: SourceHealth = { ...health, lastPollAt: poll.at, latencyMs: poll.latencyMs };
  if (poll.outcome === 'failed') {
    next.consecutiveFailures = health.consecutiveFailures + 1;
    next.failingSince = health.consecutiveFailures === 0 ? poll.at : (health.failingSince ?? poll.at);
    next.lastError = { code: poll.errorCode ?? 'INTERNAL', message: poll.errorMessage ?? '', at: poll.at };
    next.status = next.consecutiveFailures >= DOWN_AFTER_FAILURES ? 'down' : 'degraded';
    setNotes(next, health, [
      { kind: 'error', code: next.lastError.code, message: next.lastError.message, at: poll.at },
    ]);
    return next;
  }
  delete next.failingSince;
  next.consecutiveFailures = 0;
  next.lastSuccessAt = poll.at;
  // A poll that did not read the payload (same bytes, 304) says nothing new: its warnings are still the last ones.
  const warnings = poll.warnings ?? (poll.outcome === 'changed' ? 0 : health.warnings);
  next.status = warnings > 0 || recentHistoryLoss(next, poll.at) ? 'degraded' : 'ok';
  if (poll.verdict !== undefined) applyVerdict(next, health, poll.verdict, poll.at);
  if (poll.bytes !== null) next.bytes = poll.bytes;
  if (poll.entities !== undefined) next.entities = poll.entities;
  if (poll.warnings !== undefined) next.warnings = poll.warnings;
  if (poll.clockSkewMs !== undefined) next.clockSkewMs = poll.clockSkewMs;
  if (poll.dateHeaderSkewMs !== undefined) next.dateHeaderSkewMs = poll.dateHeaderSkewMs;
  if (poll.unmatched !== undefined) next.unmatched = poll.unmatched;
  if (poll.warningDetails !== undefined) {
    setNotes(
      next,
      health,
      poll.warningDetails.map((w) => ({ kind: 'warning' as const, ...w, at: poll.at })),
    );
  }
  if (poll.outcome === 'changed' || health.lastChangeAt === null) {
    next.lastChangeAt = poll.outcome === 'changed' ? poll.at : health.lastChangeAt;
  }
  return rules.frozenAfterMs === undefined ? next : flagFrozen(next, health, poll.at, rules.frozenAfterMs);
}

/**
 * History rows of this source that will never be written (Postgres refused them for their
 * values, or their job failed for good): counted, the last loss described and in `lastError`,
 * and the source `degraded` (a `down` source stays down). Pure.
 */
export function applyHistoryLoss(
  health: SourceHealth,
  loss: { at: string; rows: number; code: string; message: string },
): SourceHealth {
  const next: SourceHealth = {
    ...health,
    historyLost: {
      rows: (health.historyLost?.rows ?? 0) + loss.rows,
      at: loss.at,
      lastRows: loss.rows,
      code: loss.code,
      message: loss.message,
    },
    lastError: { code: loss.code, message: `${loss.rows} history rows not written: ${loss.message}`, at: loss.at },
  };
  if (next.status === 'ok') next.status = 'degraded';
  return next;
}

/**
 * The notes of `after` that `before` did not hold (same kind, code, ref and message): what is
 * new since the last poll, logged once rather than on every poll that repeats it. Pure.
 */
export function newNotes(before: SourceHealth, after: SourceHealth): HealthNote[] {
  const known = new Set((before.recentWarnings ?? []).map(noteKey));
  return (after.recentWarnings ?? []).filter((n) => !known.has(noteKey(n)));
}

function noteKey(note: HealthNote): string {
  return JSON.stringify([note.kind, note.code, note.ref ?? '', note.message]);
}

/** Fresh notes first (in their order), then the older ones not repeated by them; at most RECENT_NOTES. */
function setNotes(next: SourceHealth, before: SourceHealth, fresh: HealthNote[]): void {
  if (fresh.length === 0) return;
  const seen = new Set<string>();
  const notes: HealthNote[] = [];
  for (const note of [...fresh, ...(before.recentWarnings ?? [])]) {
    const key = noteKey(note);
    if (seen.has(key)) continue;
    seen.add(key);
    notes.push(note);
    if (notes.length === RECENT_NOTES) break;
  }
  next.recentWarnings = notes;
}

/** `degraded` with the verdict as lastError; its first time is kept while the same verdict lasts. */
function applyVerdict(next: SourceHealth, before: SourceHealth, verdict: PayloadVerdict, at: string): void {
  next.status = 'degraded';
  const same = before.status === 'degraded' && before.lastError?.code === verdict.code;
  next.lastError = same && before.lastError !== undefined ? before.lastError : { ...verdict, at };
}

function recentHistoryLoss(health: SourceHealth, at: string): boolean {
  const lostAt = health.historyLost?.at;
  if (lostAt === undefined) return false;
  return Date.parse(at) - Date.parse(lostAt) < HISTORY_LOSS_DEGRADED_INTERVALS * health.intervalMs;
}

/**
 * A feed that answers but whose values stopped changing (an operator's stuck exporter) looks
 * healthy to HTTP. Its last change is the evidence: past the limit the source is degraded with
 * STALE_DATA; the first detection time is kept while it lasts.
 */
function flagFrozen(next: SourceHealth, before: SourceHealth, at: string, limitMs: number): SourceHealth {
  if (next.lastChangeAt === null) return next;
  const unchangedMs = Date.parse(at) - Date.parse(next.lastChangeAt);
  if (!(unchangedMs > limitMs)) return next;
  next.status = 'degraded';
  if (before.lastError?.code !== ErrorCode.STALE_DATA || before.status !== 'degraded') {
    next.lastError = {
      code: ErrorCode.STALE_DATA,
      message: `no change since ${next.lastChangeAt} (${Math.round(unchangedMs / 60_000)} min) while polls succeed; limit ${Math.round(limitMs / 60_000)} min`,
      at,
    };
  }
  return next;
}
