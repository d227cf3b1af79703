import { Transform, type TransformCallback } from 'node:stream';
import { parse, type Parser } from 'csv-parse';
import type { BadRowsReport } from './gtfs-import.types.js';
import { copyLine, RowConverter, type GtfsFileSpec } from './gtfs-files.js';

const MAX_SAMPLES = 10;
const CHUNK_BYTES = 256 * 1024;

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
 * CSV → COPY text lines, converted inside csv-parse's on_record hook, where the line number of
 * the record is known exactly; bad records are counted there and never reach Postgres.
 */
export function gtfsCsvParser(spec: GtfsFileSpec, outcome: FileOutcome): Parser {
  const timeColumn = spec.table === 'gtfs_stop_time' ? 4 : -1;
  return parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    // Returns the COPY line as a one-cell record: csv-parse's types want a record back.
    on_record: (record: string[], context): string[] | null => {
      if (outcome.converter === undefined) {
        outcome.converter = new RowConverter(spec, record);
        return null;
      }
      const row = outcome.converter.convert(record);
      if ('bad' in row) {
        outcome.bad.count++;
        if (outcome.bad.samples.length < MAX_SAMPLES) outcome.bad.samples.push({ line: context.lines, reason: row.bad });
        return null;
      }
      outcome.accepted++;
      if (outcome.firstCells.length < 5) outcome.firstCells.push(row.cells);
      if (timeColumn >= 0) {
        const t = row.cells[timeColumn];
        if (t !== null && +t > outcome.maxTime) outcome.maxTime = +t;
      }
      return [copyLine(row.cells)];
    },
  });
}

/** Joins COPY lines into large chunks: one write per ~256 KB instead of one per row. */
export class LineBatcher extends Transform {
  private buffer = '';

  constructor() {
    super({ writableObjectMode: true, readableObjectMode: false });
  }

  override _transform(record: string[], _enc: BufferEncoding, done: TransformCallback): void {
    this.buffer += record[0];
    if (this.buffer.length >= CHUNK_BYTES) {
      this.push(this.buffer);
      this.buffer = '';
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    if (this.buffer.length > 0) this.push(this.buffer);
    done();
  }
}

export function emptyOutcome(): FileOutcome {
  return { accepted: 0, bad: { count: 0, samples: [] }, maxTime: 0, firstCells: [] };
}
