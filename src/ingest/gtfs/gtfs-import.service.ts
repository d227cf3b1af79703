import { rename, rm } from 'node:fs/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppException } from '../../common/app-exception.js';
import { ErrorCode } from '../../common/error-codes.js';
import type { GtfsSourceConfig } from '../../config/source-config.js';
import { SourceRegistry } from '../../config/source-registry.service.js';
import type { ImportGtfsPayload } from '../../infra/queue/jobs.js';
import type { PollRecord } from '../../ops/source-health.model.js';
import { SourceHealthRecorder } from '../../ops/source-health.recorder.js';
import { TRANSIT_HISTORY, type TransitHistoryPort } from '../../transit/ports/transit-history.port.js';
import { FETCH_STATE_STORE, type FetchStateStorePort } from '../fetch-state.port.js';
import { requestKey } from '../fetch/request-key.js';
import { fetchRole, targetsByUrl } from '../gtfs-rt/gtfs-rt-ingest.service.js';
import { GTFS_FEED_STORE, type GtfsFeedStorePort, type ImportReport } from './gtfs-import.types.js';
import { GtfsStaticPollService, STATIC_ROLE } from './gtfs-static-poll.service.js';
import { claimStaged } from './gtfs-staging.js';
import { importWarnings, validityWarnings } from './gtfs-validity.js';
import { GtfsZipLoader, type ProgressListener } from './gtfs-zip.loader.js';

/**
 * The import job: loads a staged zip as a new feed version, then remembers its validators and
 * records the outcome (rows, bad rows, or why the zip was rejected) in the source's health.
 */
@Injectable()
export class GtfsImportService {
  private readonly logger = new Logger('GtfsImport');
  private readonly loader: GtfsZipLoader;

  constructor(
    private readonly registry: SourceRegistry,
    @Inject(GTFS_FEED_STORE) private readonly store: GtfsFeedStorePort,
    @Inject(FETCH_STATE_STORE) private readonly state: FetchStateStorePort,
    private readonly health: SourceHealthRecorder,
    private readonly poller: GtfsStaticPollService,
    @Inject(TRANSIT_HISTORY) private readonly history: TransitHistoryPort,
  ) {
    this.loader = new GtfsZipLoader(store);
  }

  async runJob(job: ImportGtfsPayload): Promise<ImportReport | undefined> {
    const source = this.registry.get(job.sourceId);
    if (source?.kind !== 'gtfs') return undefined;
    if ((await this.store.currentWithHash(source.id, job.contentHash)) !== undefined) {
      await rm(job.stagedPath, { force: true }); // another worker imported these bytes already
      return undefined;
    }
    const stagedPath = (await claimStaged(job.stagedPath)) ?? (await this.refetch(source));
    const started = Date.now();
    try {
      const report = await this.importFile(source.id, stagedPath, job);
      const key = requestKey(source);
      await this.state.put(source.id, STATIC_ROLE, {
        etag: job.etag,
        lastModified: job.lastModified,
        bodyHash: job.contentHash,
        ...(key === undefined ? {} : { requestKey: key }),
      });
      await this.record(source, this.successRecord(report, job.bytes));
      await rm(stagedPath, { force: true });
      return report;
    } catch (error) {
      const app = error instanceof AppException ? error : undefined;
      if (app?.transient === true) {
        await rename(stagedPath, job.stagedPath).catch(() => undefined); // waiting again for the retry
        throw error;
      }
      await this.record(source, {
        at: new Date().toISOString(),
        outcome: 'failed',
        latencyMs: Date.now() - started,
        bytes: job.bytes,
        errorCode: app?.code ?? ErrorCode.INTERNAL,
        errorMessage: (error as Error).message,
      });
      await rm(stagedPath, { force: true });
      throw error;
    }
  }

  /** Transit history past the retention (delays, closed alerts), run with the daily history prune. */
  async pruneHistory(olderThan: Date): Promise<void> {
    const deleted = await this.history.prune(olderThan);
    if (deleted > 0) this.logger.log(`transit history retention: ${deleted} delay rows deleted`);
  }

  /** Imports a local zip now (tests, bench, CLI); the previous version stays current on failure. */
  async importFile(
    sourceId: string,
    zipPath: string,
    meta: { contentHash: string; etag?: string; lastModified?: string },
  ): Promise<ImportReport> {
    const loaded = await this.loader
      .importZip(sourceId, zipPath, meta, this.progressReporter(sourceId))
      .finally(() => this.health.importProgress(sourceId, undefined).catch(() => undefined));
    const report = { ...loaded, warnings: [...validityWarnings(loaded, new Date()), ...importWarnings(loaded)] };
    this.logReport(sourceId, report);
    await this.forgetRealtimeValidators(sourceId);
    return report;
  }

  /**
   * A running import's progress, while it runs: a log line as each file is done (and every few
   * seconds inside a long one), and `importing` in the source's health (`GET /v1/sources/:id`).
   */
  private progressReporter(sourceId: string): ProgressListener {
    const started = Date.now();
    const startedAt = new Date(started).toISOString();
    return async (p) => {
      const seconds = ((Date.now() - started) / 1_000).toFixed(1);
      if (p.file === null) {
        this.logger.log(`${sourceId}: import: ${p.filesDone} file(s) done, ${p.rows} rows so far (${seconds} s)`);
      } else if (p.rows > 0 && p.filesDone > 0) {
        this.logger.log(`${sourceId}: import: reading ${p.file}, ${p.rows} rows so far (${seconds} s)`);
      }
      const at = new Date().toISOString();
      await this.health
        .importProgress(sourceId, { startedAt, file: p.file, filesDone: p.filesDone, rows: p.rows, at })
        .catch((error: unknown) => this.logger.warn(`${sourceId}: import progress not recorded: ${String(error)}`));
    };
  }

  /**
   * Predictions are computed against a timetable version: make the next poll of each trip
   * updates URL that refers to this feed fetch and apply it in full, even if its bytes did not change.
   */
  private async forgetRealtimeValidators(feedId: string): Promise<void> {
    for (const source of this.registry.all()) {
      if (source.kind !== 'gtfs-rt' || source.feed !== feedId) continue;
      for (const { roles } of targetsByUrl(source)) {
        if (roles.includes('tripUpdates')) await this.state.put(source.id, fetchRole(roles), {});
      }
    }
  }

  private logReport(sourceId: string, report: ImportReport): void {
    const rows = Object.entries(report.rows)
      .map(([f, n]) => `${f} ${n}`)
      .join(', ');
    this.logger.log(`${sourceId}: version ${report.versionId} is current (${rows}) in ${report.durationMs} ms`);
    for (const w of report.warnings ?? []) this.logger.warn(`${sourceId}: ${w.code} ${w.message}`);
  }

  private successRecord(report: ImportReport, bytes: number): PollRecord {
    const badRows = Object.values(report.badRows).reduce((n, b) => n + b.count, 0);
    return {
      at: new Date().toISOString(),
      outcome: 'changed',
      latencyMs: report.durationMs,
      bytes,
      entities: report.rows['trips.txt'] ?? 0,
      changes: 1,
      // Skipped rows count one each; the other warnings (validity, unknown columns) one each too.
      warnings: badRows + (report.warnings ?? []).filter((w) => w.code !== ErrorCode.GTFS_ROWS_SKIPPED).length,
      ...(report.warnings === undefined || report.warnings.length === 0 ? {} : { warningDetails: report.warnings }),
    };
  }

  private async record(source: GtfsSourceConfig, record: PollRecord): Promise<void> {
    await this.health.record(source, record);
  }

  /** The staged file is on another worker's disk (or gone, superseded): fetch the zip again. */
  private async refetch(source: GtfsSourceConfig): Promise<string> {
    const result = await this.poller.download(source);
    if (result.notModified)
      throw new AppException(ErrorCode.FETCH_HTTP_ERROR, 'unexpected 304 on an unconditional request');
    const staged = await this.poller.stage(source.id, result.body);
    const claimed = await claimStaged(staged);
    if (claimed === undefined) throw new AppException(ErrorCode.INTERNAL, `staged zip ${staged} vanished`);
    return claimed;
  }
}
