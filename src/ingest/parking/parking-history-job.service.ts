import { Inject, Injectable, Logger } from '@nestjs/common';
import { AppException } from '../../common/app-exception.js';
import { SourceHealthRecorder } from '../../ops/source-health.recorder.js';
import {
  PARKING_HISTORY_WRITER,
  type HistoryWriteResult,
  type ParkingHistoryBatch,
  type ParkingHistoryWriterPort,
} from '../../parking/ports/parking-history.port.js';

/**
 * The history job: writes one poll's batch. What can never be written (rows Postgres refused for
 * their values, rows dated outside the history window, or the whole batch when the job fails for
 * good) is recorded as lost in the source's health, counted and logged: never silently dropped.
 * An outage throws a transient error: the queue retries until Postgres takes the batch.
 */
@Injectable()
export class ParkingHistoryJobService {
  private readonly logger = new Logger('History');

  constructor(
    @Inject(PARKING_HISTORY_WRITER) private readonly writer: ParkingHistoryWriterPort,
    private readonly recorder: SourceHealthRecorder,
  ) {}

  async run(batch: ParkingHistoryBatch, attemptsMade: number): Promise<void> {
    const sourceId = sourceOf(batch);
    let result: HistoryWriteResult;
    try {
      result = await this.writer.write(batch);
    } catch (error) {
      if (error instanceof AppException && !error.transient) {
        const rows = batch.facilities.length + batch.observations.length;
        await this.recorder.recordHistoryLoss(sourceId, { rows, code: error.code, message: error.message });
      }
      throw error;
    }
    if (attemptsMade > 0) {
      this.logger.log(`history batch of ${sourceId} written after ${attemptsMade} retries (${result.inserted} rows)`);
    }
    for (const r of result.rejected) {
      await this.recorder.recordHistoryLoss(sourceId, {
        rows: r.facilities + r.observations,
        code: r.code,
        message: r.message,
      });
    }
  }
}

/** The batch's source; jobs queued before batches named it are told by their rows. */
function sourceOf(batch: ParkingHistoryBatch): string {
  if (batch.sourceId !== undefined) return batch.sourceId;
  const facility = batch.facilities[0]?.source;
  if (facility !== undefined) return facility;
  const id = batch.observations[0]?.facilityId;
  return id === undefined ? 'unknown' : id.slice(0, Math.max(0, id.indexOf(':'))) || 'unknown';
}
