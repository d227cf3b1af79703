import { Transform, type TransformCallback } from 'node:stream';
import { parse, type Parser } from 'csv-parse';
import type { BadRowsReport } from './gtfs-import.types.js';
import { copyLine, RowConverter, type GtfsFileSpec } from './gtfs-files.js';

const MAX_SAMPLES = 10;
const CHUNK_CHARS = 256 * 1024;

/** What one file's stream learnt: rows accepted, bad rows, the header's missing columns, max stop time. */
export interface FileOutcome {
  converter?: RowConverter;
  accepted: number;
  bad: BadRowsReport;
  maxTime: number;
  /** First values of a few columns, for checks after the load (e.g. agency_timezone). */
  firstCells: Array<Array<string | null>>;
}

/**
 * csv-parse as GTFS needs it. Empty lines are kept (as one empty field) so the converter can
 * count lines itself: csv-parse's on_record/info hooks build a context object per record, which
 * cost a fifth of a million-row import.
 */
export function gtfsCsvParser(): Parser {
  return parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
}

/**
 * CSV records → COPY text. Converts each record (bad ones are counted with their line number and
 * never reach Postgres) and joins the lines into ~256 KB chunks, one stream hop per thousands of rows.
 */
export class CopyConverter extends Transform {
  private pending = '';
  private line = 0;
  private readonly timeColumn: number;

  constructor(
    private readonly spec: GtfsFileSpec,
    private readonly outcome: FileOutcome,
  ) {
    super({ writableObjectMode: true, readableObjectMode: false, writableHighWaterMark: 1024 });
    this.timeColumn = spec.table === 'gtfs_stop_time' ? 4 : -1;
  }

  override _transform(record: string[], _enc: BufferEncoding, done: TransformCallback): void {
    this.line += 1 + embeddedNewlines(record);
    if (record.length === 1 && record[0] === '') return done();
    const o = this.outcome;
    if (o.converter === undefined) {
      o.converter = new RowConverter(this.spec, record);
      return done();
    }
    const row = o.converter.convert(record);
    if ('bad' in row) {
      o.bad.count++;
      if (o.bad.samples.length < MAX_SAMPLES) o.bad.samples.push({ line: this.line, reason: row.bad });
      return done();
    }
    o.accepted++;
    if (o.firstCells.length < 5) o.firstCells.push(row.cells);
    if (this.timeColumn >= 0) {
      const t = row.cells[this.timeColumn];
      if (t !== null && +t > o.maxTime) o.maxTime = +t;
    }
    this.pending += copyLine(row.cells);
    if (this.pending.length >= CHUNK_CHARS) {
      const chunk = this.pending;
      this.pending = '';
      return done(null, chunk);
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    done(null, this.pending.length > 0 ? this.pending : undefined);
  }
}

/** A quoted field may span lines; those lines count too. */
function embeddedNewlines(record: string[]): number {
  let n = 0;
  for (const field of record) {
    if (field.length > 0 && field.includes('\n')) n += field.split('\n').length - 1;
  }
  return n;
}

export function emptyOutcome(): FileOutcome {
  return { accepted: 0, bad: { count: 0, samples: [] }, maxTime: 0, firstCells: [] };
}
