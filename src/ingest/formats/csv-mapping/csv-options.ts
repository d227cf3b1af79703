import iconv from 'iconv-lite';
import { ParseException } from '../../../common/app-exception.js';
import { ownValue } from '../../../common/own-key.js';

/** The `options:` of a csv-mapping source, checked and defaulted. */
export interface CsvOptions {
  /** One character; undefined: the header line's most frequent of `;`, `,`, tab. */
  delimiter?: string;
  /** "12,5" in a numeric cell is 12.5 (German and French spreadsheet exports). */
  decimalComma: boolean;
  /** A name iconv-lite knows: utf-8 (default), latin1, windows-1252, iso-8859-15... */
  encoding: string;
  /** false: no header line; `mapping:` names columns by number, 1 for the first. */
  header: boolean;
}

const DELIMITER_NAMES: Record<string, string> = { tab: '\t', '\\t': '\t', semicolon: ';', comma: ',', pipe: '|' };

export function readCsvOptions(options: Record<string, unknown> | undefined): CsvOptions {
  const o = options ?? {};
  return {
    ...delimiterOf(o.delimiter),
    decimalComma: booleanOf(o.decimalComma, 'decimalComma', false),
    encoding: encodingOf(o.encoding),
    header: booleanOf(o.header, 'header', true),
  };
}

function delimiterOf(value: unknown): { delimiter?: string } {
  if (value === undefined) return {};
  const delimiter = typeof value === 'string' ? (ownValue(DELIMITER_NAMES, value.toLowerCase()) ?? value) : undefined;
  if (delimiter === undefined || delimiter.length !== 1 || delimiter === '"' || /[\r\n]/.test(delimiter)) {
    throw new ParseException(
      `csv-mapping: options.delimiter must be one character (or tab, semicolon, comma, pipe), not ${JSON.stringify(value)}`,
    );
  }
  return { delimiter };
}

function booleanOf(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') {
    throw new ParseException(`csv-mapping: options.${name} must be true or false, not ${JSON.stringify(value)}`);
  }
  return value;
}

function encodingOf(value: unknown): string {
  if (value === undefined) return 'utf-8';
  if (typeof value !== 'string' || !iconv.encodingExists(value)) {
    throw new ParseException(
      `csv-mapping: options.encoding ${JSON.stringify(value)} is not a known encoding (utf-8, latin1, windows-1252, iso-8859-15...)`,
    );
  }
  return value;
}

/** The bytes as text: UTF-8 (a BOM is dropped) or the configured single-byte encoding. */
export function decodeCsv(bytes: Buffer, encoding: string): string {
  return iconv.decode(bytes, encoding, { stripBOM: true });
}
