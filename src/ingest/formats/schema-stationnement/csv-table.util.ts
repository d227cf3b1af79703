import { parse } from 'csv-parse/sync';
import { ParseException } from '../../../common/app-exception.js';

export interface CsvRow {
  /** 1-based line where the row starts in the file (the header is line 1). */
  line: number;
  values: string[];
}

export interface CsvTable {
  header: string[];
  rows: CsvRow[];
}

interface ParsedRecord {
  record: string[];
  info: { lines: number; empty_lines: number };
}

/**
 * Reads a whole CSV file: UTF-8 with or without BOM, `;` or `,` delimiter (whichever the header
 * line holds more of, outside quotes), quoted fields may span lines. Ragged rows are kept for the
 * caller to reject one by one; a file csv-parse cannot read at all throws ParseException.
 */
export function readCsvTable(bytes: Buffer, formatName: string): CsvTable {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const records = parseRecords(text, detectDelimiter(text), formatName);
  const [headerRecord, ...body] = records;
  if (headerRecord === undefined) throw new ParseException(`${formatName}: the file is empty`);
  let previousEnd = headerRecord.info.lines;
  let previousEmpty = headerRecord.info.empty_lines;
  const rows = body.map(({ record, info }) => {
    const line = previousEnd + 1 + (info.empty_lines - previousEmpty);
    previousEnd = info.lines;
    previousEmpty = info.empty_lines;
    return { line, values: record.map((value) => value.trim()) };
  });
  return { header: headerRecord.record.map((name) => name.trim()), rows };
}

function parseRecords(text: string, delimiter: string, formatName: string): ParsedRecord[] {
  try {
    return parse(text, {
      delimiter,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
    }) as unknown as ParsedRecord[];
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ParseException(`${formatName}: the CSV cannot be read (${reason})`);
  }
}

export function detectDelimiter(text: string): string {
  const headerLine = text.split(/\r?\n/, 1)[0] ?? '';
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  const count = (char: string): number => unquoted.split(char).length - 1;
  return count(';') > count(',') ? ';' : ',';
}
