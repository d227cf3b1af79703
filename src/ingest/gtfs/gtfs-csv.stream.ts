import { Transform, type TransformCallback } from 'node:stream';
import Papa from 'papaparse';
import { ParseException } from '../../common/app-exception.js';
import type { BadRowsReport } from './gtfs-import.types.js';
import { copyLine, RowConverter, type GtfsFileSpec } from './gtfs-files.js';

const MAX_SAMPLES = 10;
/** A row still open after this many characters is an unclosed quote, not a row: the file is refused. */
const MAX_ROW_CHARS = 1024 * 1024;
/** Characters that make a chunk take the careful path: quoted fields, or text COPY must escape. */
const NEEDS_CARE = /["\\\t\r]/;

/** What one file's stream learnt: rows accepted, bad rows, the header's missing columns, max time. */
export interface FileOutcome {
  converter?: RowConverter;
  accepted: number;
  bad: BadRowsReport;
  maxTime: number;
  /** stop_times.txt: rows with neither arrival nor departure (to interpolate). */
  blankTimes: number;
  /** First values of a few columns, for checks after the load (e.g. agency_timezone). */
  firstCells: Array<Array<string | null>>;
}

/**
 * GTFS CSV bytes → COPY text, one inflated chunk at a time. Each chunk is decoded (a leading BOM
 * dropped), parsed with papaparse's parser up to its last complete row (the rest waits for the
 * next chunk), and its rows converted into one COPY text chunk; bad rows are counted with their
 * line number and never reach Postgres. Lines end with \n, \r\n or a mix of both (a trailing \r
 * is trimmed with the cell), or with \r alone when the first line does; a quoted field may span
 * lines, and those lines count too.
 */
export class GtfsCopyStream extends Transform {
  private readonly decoder = new TextDecoder('utf-8');
  private partial = '';
  private line = 0;
  private newline?: '\n' | '\r';
  private readonly timeColumn: number;

  constructor(
    private readonly spec: GtfsFileSpec,
    private readonly outcome: FileOutcome,
  ) {
    super();
    // stop_times: departure; frequencies: end_time (how late a frequency-based trip can start).
    this.timeColumn = spec.table === 'gtfs_stop_time' ? 4 : spec.table === 'gtfs_frequency' ? 2 : -1;
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.run(this.decoder.decode(chunk, { stream: true }), false, done);
  }

  override _flush(done: TransformCallback): void {
    this.run(this.decoder.decode(), true, done);
  }

  private run(text: string, last: boolean, done: TransformCallback): void {
    let copy: string;
    try {
      copy = this.convert(this.partial + text, last);
    } catch (error) {
      return done(error as Error);
    }
    done(null, copy.length > 0 ? copy : undefined);
  }

  /** The complete rows of `text` as COPY text; an incomplete last row is kept unless this is the end. */
  private convert(text: string, last: boolean): string {
    this.newline ??= lineBreakOf(text, last);
    if (this.newline === undefined) {
      this.keep(text);
      return '';
    }
    const careful = NEEDS_CARE.test(text);
    const result = new Papa.Parser({ delimiter: ',', newline: this.newline }).parse(text, 0, !last) as Papa.ParseResult<
      string[]
    >;
    this.keep(last ? '' : text.substring(result.meta.cursor));
    if (result.errors.some((e) => e.code === 'MissingQuotes')) {
      throw new ParseException(`${this.spec.file}:${this.line + 1}: quoted field never closed`);
    }
    let copy = '';
    for (const record of result.data) {
      this.line += careful ? 1 + embeddedNewlines(record) : 1;
      const line = this.row(record, careful);
      if (line !== undefined) copy += line;
    }
    return copy;
  }

  /** The start of a row that the next chunk completes: bounded, so a stray quote cannot hold the whole file. */
  private keep(rest: string): void {
    if (rest.length > MAX_ROW_CHARS) {
      throw new ParseException(
        `${this.spec.file}:${this.line + 1}: row longer than 1 MB (a quoted field never closed?)`,
      );
    }
    this.partial = rest;
  }

  /** One record → its COPY line, or undefined (header, empty line, bad row). */
  private row(record: string[], careful: boolean): string | undefined {
    if (record.length === 1 && record[0].trim() === '') return undefined;
    const o = this.outcome;
    if (o.converter === undefined) {
      o.converter = new RowConverter(this.spec, record);
      return undefined;
    }
    const row = o.converter.convert(record);
    if ('bad' in row) {
      o.bad.count++;
      if (o.bad.samples.length < MAX_SAMPLES) o.bad.samples.push({ line: this.line, reason: row.bad });
      return undefined;
    }
    o.accepted++;
    if (o.firstCells.length < 5) o.firstCells.push(row.cells);
    if (this.timeColumn >= 0) {
      const t = row.cells[this.timeColumn];
      if (t === null)
        o.blankTimes++; // only stop_times' departure can be empty
      else if (+t > o.maxTime) o.maxTime = +t;
    }
    return copyLine(row.cells, careful);
  }
}

/** The first line break says whether lines end with \r alone; undefined until one is seen whole. */
function lineBreakOf(text: string, last: boolean): '\n' | '\r' | undefined {
  const at = text.search(/[\r\n]/);
  if (at < 0) return last ? '\n' : undefined;
  if (text[at] === '\n') return '\n';
  if (at + 1 < text.length) return text[at + 1] === '\n' ? '\n' : '\r';
  return last ? '\r' : undefined;
}

/** A quoted field may span lines; those lines count too. */
function embeddedNewlines(record: string[]): number {
  let n = 0;
  for (const field of record) {
    for (let at = field.indexOf('\n'); at >= 0; at = field.indexOf('\n', at + 1)) n++;
  }
  return n;
}

export function emptyOutcome(): FileOutcome {
  return { accepted: 0, bad: { count: 0, samples: [] }, maxTime: 0, blankTimes: 0, firstCells: [] };
}
