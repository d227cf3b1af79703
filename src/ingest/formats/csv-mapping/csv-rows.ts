import Papa from 'papaparse';
import { ParseException } from '../../../common/app-exception.js';

export interface CsvRecord {
  /** 1-based line where the record starts in the file. */
  line: number;
  cells: string[];
}

/**
 * Splits CSV text into records (RFC 4180 quoting, fields may span lines, \n, \r\n or \r).
 * Lines holding nothing are skipped; a quoted field never closed throws ParseException.
 */
export function readCsvRecords(text: string, delimiter: string | undefined): CsvRecord[] {
  const result = Papa.parse<string[]>(text, { delimiter: delimiter ?? guessDelimiter(text), skipEmptyLines: false });
  const quoteError = result.errors.find((e) => e.type === 'Quotes');
  if (quoteError !== undefined) {
    throw new ParseException(
      `csv-mapping: the CSV cannot be read (${quoteError.message}, line ${lineAt(text, quoteError.index)})`,
    );
  }
  const records: CsvRecord[] = [];
  let line = 1;
  for (const cells of result.data) {
    const start = line;
    line += 1 + cells.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    if (cells.every((cell) => cell.trim() === '')) continue;
    records.push({ line: start, cells: cells.map((cell) => cell.trim()) });
  }
  return records;
}

/** The header line's most frequent of `;`, `,` and tab, outside quotes (`,` when none). */
function guessDelimiter(text: string): string {
  const first = (text.split(/\r\n|\r|\n/, 1)[0] ?? '').replace(/"[^"]*"/g, '');
  const count = (char: string): number => first.split(char).length - 1;
  return [';', '\t'].reduce((best, char) => (count(char) > count(best) ? char : best), ',');
}

function lineAt(text: string, index: number | undefined): number {
  return 1 + (text.slice(0, index ?? 0).match(/\r\n|\r|\n/g)?.length ?? 0);
}
