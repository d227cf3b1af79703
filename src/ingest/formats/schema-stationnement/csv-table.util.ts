import Papa from 'papaparse';
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

/**
 * Reads a whole CSV file: UTF-8 with or without BOM, `;` or `,` delimiter (whichever the header
 * line holds more of, outside quotes), lines ending with \n, \r\n or \r, quoted fields may span
 * lines. Empty lines are skipped (their lines still count); ragged rows are kept for the caller to
 * reject one by one; a quoted field never closed, or text after a closing quote, throws ParseException.
 */
export function readCsvTable(bytes: Buffer, formatName: string): CsvTable {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const records = parseRecords(text, detectDelimiter(text), formatName);
  let line = 0;
  const rows: CsvRow[] = [];
  for (const record of records) {
    const start = line + 1;
    line += 1 + lineBreaksIn(record);
    if (record.length === 1 && record[0] === '') continue;
    rows.push({ line: start, values: record.map((value) => value.trim()) });
  }
  const [headerRow, ...body] = rows;
  if (headerRow === undefined) throw new ParseException(`${formatName}: the file is empty`);
  return { header: headerRow.values, rows: body };
}

function parseRecords(text: string, delimiter: string, formatName: string): string[][] {
  const result = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const error = result.errors.find((e) => e.type === 'Quotes');
  if (error !== undefined) {
    const line = 1 + (text.slice(0, error.index).match(/\r\n|\r|\n/g)?.length ?? 0);
    throw new ParseException(`${formatName}: the CSV cannot be read (${error.message}, line ${line})`);
  }
  return result.data;
}

/** A quoted field may span lines; those lines count too. */
function lineBreaksIn(record: string[]): number {
  let n = 0;
  for (const field of record) n += field.match(/\r\n|\r|\n/g)?.length ?? 0;
  return n;
}

export function detectDelimiter(text: string): string {
  const headerLine = text.split(/\r?\n/, 1)[0] ?? '';
  const unquoted = headerLine.replace(/"[^"]*"/g, '');
  const count = (char: string): number => unquoted.split(char).length - 1;
  return count(';') > count(',') ? ';' : ',';
}
