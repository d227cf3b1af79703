import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import { isPolled, type SourceConfig } from '../config/source-config.js';
import { SourceRegistry } from '../config/source-registry.service.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/tokens.js';
import { withLogContext } from '../ops/logging/log-context.js';
import { payloadVerdict, referenceVerdict, type PollRecord } from '../ops/source-health.model.js';
import { SourceHealthRecorder } from '../ops/source-health.recorder.js';
import { ConditionalFetchService } from './conditional-fetch.service.js';
import { GtfsStaticPollService } from './gtfs/gtfs-static-poll.service.js';
import { GtfsRtIngestService } from './gtfs-rt/gtfs-rt-ingest.service.js';
import { ParkingIngestService } from './parking/parking-ingest.service.js';
import { CLOCK_TOLERANCE_MS } from '../parking/clock-skew.js';
import { isPollDue, planNextPoll } from './poll-pacing.js';

/** `tick`: a scheduler tick, held back by pacing. `retry` (the queue retrying a tick) and `manual` poll now. */
export type PollTrigger = 'tick' | 'retry' | 'manual';

/**
 * The poll job: fetch one source, hand the bytes to its pipeline, record the outcome in the
 * source's health. Throws only so the queue can retry a transient failure.
 */
@Injectable()
export class PollSourceService {
  private readonly logger = new Logger('Poll');

  constructor(
    private readonly registry: SourceRegistry,
    private readonly fetcher: ConditionalFetchService,
    private readonly parking: ParkingIngestService,
    private readonly gtfs: GtfsStaticPollService,
    private readonly gtfsRt: GtfsRtIngestService,
    private readonly recorder: SourceHealthRecorder,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Polls one source now, or, for a scheduler tick, once its pacing gate (nextPollAt) has passed. */
  async poll(sourceId: string, trigger: PollTrigger = 'manual'): Promise<PollRecord | undefined> {
    const source = this.registry.get(sourceId);
    // A push source is never fetched (a job left from before a reload made it one does nothing).
    if (source === undefined || !source.enabled || !isPolled(source)) return undefined;
    return withLogContext({ sourceId }, () => this.pollSource(source, trigger));
  }

  private async pollSource(source: SourceConfig, trigger: PollTrigger): Promise<PollRecord | undefined> {
    if (trigger === 'tick' && !isPollDue((await this.recorder.current(source)).nextPollAt, Date.now())) {
      this.recorder.skipped(source.id);
      return undefined;
    }
    const started = Date.now();
    const at = new Date(started);
    let record: PollRecord;
    let failure: unknown;
    try {
      record = await this.pollOnce(source, at);
    } catch (error) {
      failure = error;
      record = failedPoll(error, at, Date.now() - started);
      this.logger.warn(`source ${source.id}: ${record.errorCode}: ${record.errorMessage}`);
    }
    const respondedAtMs = Date.now();
    await this.recorder.record(source, record, (health) =>
      planNextPoll({
        startedAtMs: started,
        respondedAtMs,
        intervalMs: source.intervalMs,
        staleAfterMs: source.staleAfterMs,
        consecutiveFailures: health.consecutiveFailures,
        retryAfterMs: record.retryAfterMs,
        maxAgeMs: record.maxAgeMs,
        backoffMaxMs: this.config.pollBackoffMaxMs,
        random: Math.random,
      }),
    );
    if (failure === undefined) return record;
    // Retry-After asks us to wait: the queue must not retry this tick a few seconds later.
    throw record.retryAfterMs !== undefined ? notRetriedNow(failure) : failure;
  }

  private async pollOnce(source: SourceConfig, at: Date): Promise<PollRecord> {
    if (source.kind === 'gtfs') return this.gtfs.poll(source, at);
    if (source.kind === 'gtfs-rt') return this.gtfsRt.poll(source, at);
    let result = await this.fetcher.fetch(source.id, 'main', source);
    if (!result.changed && (await this.parking.referenceChanged(source, at))) {
      // The static reference changed (or failed, or came back) under an unchanged payload: read it again to join it.
      result = await this.fetcher.fetch(source.id, 'main', source, { force: true });
    }
    if (!result.changed) {
      const outcome = result.reason === 'not-modified' ? 'not-modified' : 'unchanged';
      // The same bytes read as they did when they were processed: their warnings and verdict again.
      const parsed = result.parsed;
      return {
        at: at.toISOString(),
        outcome,
        latencyMs: result.latencyMs,
        bytes: result.bytes,
        changes: 0,
        ...(parsed === undefined ? {} : { entities: parsed.entities, warnings: parsed.warnings }),
        ...(parsed?.verdict === undefined ? {} : { verdict: parsed.verdict }),
        ...pacingHints(result),
      };
    }
    const stats = await this.parking.ingest(source, result.body, at, result.warnings, result.dateHeaderSkewMs);
    const verdict = payloadVerdict(stats) ?? referenceVerdict(stats.warningSample);
    await result.commit({ entities: stats.entities, warnings: stats.warnings, ...(verdict ? { verdict } : {}) });
    return {
      at: at.toISOString(),
      outcome: stats.changes > 0 ? 'changed' : 'unchanged',
      latencyMs: result.latencyMs,
      bytes: result.bytes,
      entities: stats.entities,
      changes: stats.changes,
      warnings: stats.warnings,
      warningDetails: stats.warningSample,
      clockSkewMs: stats.clockSkewMs,
      ...(verdict === undefined ? {} : { verdict }),
      ...pacingHints(result),
    };
  }
}

function failedPoll(error: unknown, at: Date, latencyMs: number): PollRecord {
  const app = error instanceof AppException ? error : undefined;
  const details = app?.details as { retryAfterMs?: unknown } | undefined;
  return {
    at: at.toISOString(),
    outcome: 'failed',
    latencyMs,
    bytes: null,
    errorCode: app?.code ?? ErrorCode.INTERNAL,
    errorMessage: (error as Error).message,
    ...(typeof details?.retryAfterMs === 'number' ? { retryAfterMs: details.retryAfterMs } : {}),
  };
}

function pacingHints(result: {
  retryAfterMs?: number;
  maxAgeMs?: number;
  dateHeaderSkewMs?: number;
}): Pick<PollRecord, 'retryAfterMs' | 'maxAgeMs' | 'dateHeaderSkewMs'> {
  return {
    ...(result.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
    ...(result.maxAgeMs === undefined ? {} : { maxAgeMs: result.maxAgeMs }),
    ...(result.dateHeaderSkewMs === undefined ? {} : { dateHeaderSkewMs: reportedDateSkew(result.dateHeaderSkewMs) }),
  };
}

/** Within CLOCK_TOLERANCE_MS the operator's clock is right: 0, so that jitter of a second is not shown as skew. */
function reportedDateSkew(skewMs: number): number {
  return Math.abs(skewMs) > CLOCK_TOLERANCE_MS ? skewMs : 0;
}

function notRetriedNow(failure: unknown): unknown {
  if (!(failure instanceof AppException)) return failure;
  return new AppException(failure.code, failure.message, {
    transient: false,
    details: failure.details,
    cause: failure,
  });
}
