import { Injectable, Logger } from '@nestjs/common';
import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { PushSourceConfig } from '../../config/source-config.js';
import { SourceRegistry } from '../../config/source-registry.service.js';
import type { ParseWarning } from '../../parking/parking.model.js';
import { withLogContext } from '../../ops/logging/log-context.js';
import { payloadVerdict, type PollRecord } from '../../ops/source-health.model.js';
import { SourceHealthRecorder } from '../../ops/source-health.recorder.js';
import { ParkingIngestService } from '../parking/parking-ingest.service.js';

/** What a push answers: the counts of the poll it stands for, and each rejected record's warning. */
export interface PushResult {
  sourceId: string;
  receivedAt: string;
  /** Car parks read from the body (valid records). */
  entities: number;
  /** Car parks whose served state changed (pushed to live subscribers, written to history). */
  changes: number;
  /** How many warnings the body gave (a record skipped or a value refused: one each). */
  warningCount: number;
  /** The first WARNING_SAMPLE (20) of them, in the body's order. */
  warnings: ParseWarning[];
}

/**
 * A push (`POST /v1/ingest/:sourceId`) is a poll whose bytes were sent rather than fetched: the
 * same adapter, validation, change detection, live state and history (ParkingIngestService), and
 * it is recorded in the source's health as its last poll. A push source has no schedule.
 */
@Injectable()
export class PushIngestService {
  private readonly logger = new Logger('Push');

  constructor(
    private readonly registry: SourceRegistry,
    private readonly parking: ParkingIngestService,
    private readonly recorder: SourceHealthRecorder,
  ) {}

  /** The push source with this id: 404 when there is none (or it is disabled), 409 when it is polled. */
  pushSource(sourceId: string): PushSourceConfig {
    const source = this.registry.get(sourceId);
    if (source === undefined || !source.enabled) {
      throw new AppException(ErrorCode.NOT_FOUND, `no enabled source with id "${sourceId}"`);
    }
    if (source.kind !== 'parking' || source.mode !== 'push' || source.pushToken === undefined) {
      throw new AppException(
        ErrorCode.NOT_A_PUSH_SOURCE,
        `source "${sourceId}" is polled by the hub, not pushed to (it has no mode: push)`,
      );
    }
    return source as PushSourceConfig;
  }

  /** Runs the pushed bytes through the parking pipeline and records them as the source's last poll. */
  ingest(source: PushSourceConfig, body: Buffer): Promise<PushResult> {
    return withLogContext({ sourceId: source.id }, () => this.run(source, body));
  }

  private async run(source: PushSourceConfig, body: Buffer): Promise<PushResult> {
    const started = Date.now();
    const at = new Date(started);
    try {
      const stats = await this.parking.ingest(source, body, at);
      const verdict = payloadVerdict(stats);
      await this.recorder.record(source, {
        at: at.toISOString(),
        outcome: stats.changes > 0 ? 'changed' : 'unchanged',
        latencyMs: Date.now() - started,
        bytes: body.length,
        entities: stats.entities,
        changes: stats.changes,
        warnings: stats.warnings,
        warningDetails: stats.warningSample,
        clockSkewMs: stats.clockSkewMs,
        ...(verdict === undefined ? {} : { verdict }),
      });
      const result: PushResult = {
        sourceId: source.id,
        receivedAt: at.toISOString(),
        entities: stats.entities,
        changes: stats.changes,
        warningCount: stats.warnings,
        warnings: stats.warningSample,
      };
      if (verdict !== undefined)
        throw new AppException(ErrorCode.NO_VALID_RECORDS, verdict.message, { details: result });
      return result;
    } catch (error) {
      if (error instanceof AppException && error.code === ErrorCode.NO_VALID_RECORDS) throw error;
      await this.recorder.record(source, failedPush(error, at, Date.now() - started, body.length));
      this.logger.warn(`source ${source.id}: push refused: ${(error as Error).message}`);
      // PARSE_ERROR is the sender's (400); a storage outage stays a 503, anything else a 500.
      throw error;
    }
  }
}

function failedPush(error: unknown, at: Date, latencyMs: number, bytes: number): PollRecord {
  return {
    at: at.toISOString(),
    outcome: 'failed',
    latencyMs,
    bytes,
    errorCode: error instanceof AppException ? error.code : ErrorCode.INTERNAL,
    errorMessage: (error as Error).message,
  };
}
