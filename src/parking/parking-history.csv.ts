import type { HistoryBucketRow, HistoryObservation } from './parking-history.model.js';

export const OBSERVATION_CSV_HEADER = 't,free,occupied,capacity,status,occupancy,quality';
export const BUCKET_CSV_HEADER = 't,free_min,free_avg,free_max,occupancy';

/** RFC 4180 CSV, CRLF line ends; an empty field is a null; quality flags joined by "|". */
export function historyToCsv(rows: Array<HistoryObservation | HistoryBucketRow>, bucketed: boolean): string {
  const lines = bucketed
    ? [BUCKET_CSV_HEADER, ...(rows as HistoryBucketRow[]).map(bucketLine)]
    : [OBSERVATION_CSV_HEADER, ...(rows as HistoryObservation[]).map(observationLine)];
  return `${lines.join('\r\n')}\r\n`;
}

function observationLine(o: HistoryObservation): string {
  return [o.t, o.free, o.occupied, o.capacity, o.status, o.occupancy, o.quality.join('|')].map(field).join(',');
}

function bucketLine(b: HistoryBucketRow): string {
  return [b.t, b.free.min, b.free.avg, b.free.max, b.occupancy].map(field).join(',');
}

function field(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
