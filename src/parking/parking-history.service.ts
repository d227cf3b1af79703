import { Inject, Injectable } from '@nestjs/common';
import { AppException } from '../common/app-exception.js';
import { ErrorCode } from '../common/error-codes.js';
import type { HistoryBucketRow, HistoryObservation } from './parking-history.model.js';
import {
  HISTORY_BUCKETS,
  type HistoryBucket,
  historyRange,
  type ParkingHistoryQuery,
} from './parking-history.query.js';
import { PARKING_HISTORY_READER, type ParkingHistoryReaderPort } from './parking-history-read.port.js';
import { PARKING_LIVE_STATE, type ParkingLiveStatePort } from './ports/parking-live-state.port.js';

export interface HistoryPage<T> {
  data: T[];
  next: string | null;
  from: string;
  to: string;
  bucket: HistoryBucket | null;
}

/** GET /v1/parkings/:id/history: range defaults, bucket alignment, keyset pages. */
@Injectable()
export class ParkingHistoryService {
  constructor(
    @Inject(PARKING_HISTORY_READER) private readonly reader: ParkingHistoryReaderPort,
    @Inject(PARKING_LIVE_STATE) private readonly live: ParkingLiveStatePort,
  ) {}

  async read(
    id: string,
    q: ParkingHistoryQuery,
    now = new Date(),
  ): Promise<HistoryPage<HistoryObservation | HistoryBucketRow>> {
    const { from: requested, to } = historyRange(q, now);
    await this.requireParking(id);
    const bucketS = q.bucket === undefined ? undefined : HISTORY_BUCKETS[q.bucket];
    // Whole buckets: the first one starts at or before `from`.
    const from = bucketS === undefined ? requested : alignDown(requested, bucketS);
    const start = q.cursor === undefined ? from : decodeCursor(q.cursor, from, to);
    // A value holds until the next change, but not into the future.
    const end = new Date(Math.min(to.getTime(), now.getTime()));
    const range = { facilityId: id, from: start, to: end, limit: q.limit + 1 };
    const rows =
      start >= end
        ? []
        : bucketS === undefined
          ? await this.reader.observations(range)
          : await this.reader.buckets(range, bucketS);
    const more = rows.length > q.limit;
    const data = more ? rows.slice(0, q.limit) : rows;
    const next = more ? encodeCursor(nextStart(data[data.length - 1].t, bucketS)) : null;
    return { data, next, from: from.toISOString(), to: to.toISOString(), bucket: q.bucket ?? null };
  }

  private async requireParking(id: string): Promise<void> {
    if ((await this.live.get(id)) !== undefined || (await this.reader.facilityExists(id))) return;
    throw new AppException(ErrorCode.NOT_FOUND, `no parking with id "${id}"`);
  }
}

function alignDown(t: Date, bucketS: number): Date {
  const ms = bucketS * 1_000;
  return new Date(Math.floor(t.getTime() / ms) * ms);
}

/** Raw rows restart just after the last one; buckets at the next bucket. */
function nextStart(lastT: string, bucketS: number | undefined): Date {
  return new Date(Date.parse(lastT) + (bucketS === undefined ? 1 : bucketS * 1_000));
}

function encodeCursor(start: Date): string {
  return Buffer.from(start.toISOString()).toString('base64url');
}

function decodeCursor(cursor: string, from: Date, to: Date): Date {
  const start = new Date(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (Number.isNaN(start.getTime()) || start < from || start > to) {
    throw new AppException(ErrorCode.BAD_REQUEST, 'cursor: not a cursor this API gave out for this range', {
      details: [{ parameter: 'cursor', message: 'invalid cursor' }],
    });
  }
  return start;
}
