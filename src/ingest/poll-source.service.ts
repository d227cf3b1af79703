import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { SourceConfig } from '../config/source-config.js';
import { SourceRegistry } from '../config/source-registry.service.js';
import { applyPoll, initialHealth, type PollRecord } from '../ops/source-health.model.js';
import { SOURCE_HEALTH_STORE, type SourceHealthStorePort } from '../ops/source-health.port.js';
import { ConditionalFetchService } from './conditional-fetch.service.js';
import { ParkingIngestService } from './parking-ingest.service.js';

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
    @Inject(SOURCE_HEALTH_STORE) private readonly health: SourceHealthStorePort,
  ) {}

  async poll(sourceId: string): Promise<PollRecord | undefined> {
    const source = this.registry.get(sourceId);
    if (source === undefined || !source.enabled) return undefined;
    const started = Date.now();
    const at = new Date(started);
    let record: PollRecord;
    let failure: unknown;
    try {
      record = await this.pollOnce(source, at);
    } catch (error) {
      failure = error;
      const app = error instanceof AppException ? error : undefined;
      record = {
        at: at.toISOString(),
        outcome: 'failed',
        latencyMs: Date.now() - started,
        bytes: null,
        errorCode: app?.code ?? ErrorCode.INTERNAL,
        errorMessage: (error as Error).message,
      };
      this.logger.warn(`source ${sourceId}: ${record.errorCode}: ${record.errorMessage}`);
    }
    const before = (await this.health.get(sourceId)) ?? initialHealth(source);
    const after = applyPoll({ ...before, intervalMs: source.intervalMs }, record);
    await this.health.record(after, record, after.status !== before.status || before.lastPollAt === null);
    if (failure !== undefined) throw failure;
    return record;
  }

  private async pollOnce(source: SourceConfig, at: Date): Promise<PollRecord> {
    if (source.kind !== 'parking') {
      throw new AppException(
        ErrorCode.UNSUPPORTED_FORMAT,
        `${source.kind} sources are not ingested yet (transit support is not built)`,
      );
    }
    const result = await this.fetcher.fetch(source.id, 'main', source);
    if (!result.changed) {
      const outcome = result.reason === 'not-modified' ? 'not-modified' : 'unchanged';
      return { at: at.toISOString(), outcome, latencyMs: result.latencyMs, bytes: result.bytes, changes: 0 };
    }
    const stats = await this.parking.ingest(source, result.body, at);
    await result.commit();
    return {
      at: at.toISOString(),
      outcome: stats.changes > 0 ? 'changed' : 'unchanged',
      latencyMs: result.latencyMs,
      bytes: result.bytes,
      entities: stats.entities,
      changes: stats.changes,
      warnings: stats.warnings,
      clockSkewMs: stats.clockSkewMs,
    };
  }
}
