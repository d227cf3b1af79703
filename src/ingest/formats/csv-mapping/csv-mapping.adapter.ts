import { ParseException } from '../../../common/app-exception.js';
import type { ParkingParseResult } from '../../../parking/parking.model.js';
import { FIELD_KEYS, unitsOf, pathsFromMapping } from '../json-mapping/field-paths.js';
import { mapRecords } from '../json-mapping/record.mapper.js';
import type { ParkingFormatAdapter, ParseContext } from '../parking-format-adapter.js';
import { createStatusMapper } from '../shared-json/status.mapper.js';
import { WarningSink } from '../shared-json/warning-sink.util.js';
import { type CsvOptions, decodeCsv, readCsvOptions } from './csv-options.js';
import { type CsvRecord, readCsvRecords } from './csv-rows.js';

/**
 * Any CSV file described by the source's `mapping:` (docs/interface.md § csv-mapping): the same keys
 * as json-mapping, each naming a column (by its header, or by number from 1 with `header: false`).
 * Cells are read as json-mapping reads strings: counts are whole numbers, `lat` may hold a whole
 * point ("lat,lon" or a WKT `POINT (lon lat)`), observedAt is ISO 8601 or epoch. `options`:
 * `delimiter` (default: the header line's most frequent of `;` `,` tab), `decimalComma`, `encoding`
 * (default utf-8; latin1, windows-1252...), `header` (default true). A record whose number of cells
 * differs from the header's is skipped with a warning naming its line; a mapped column missing from
 * the header fails the poll, naming it.
 */
export const csvMappingAdapter: ParkingFormatAdapter = {
  format: 'csv-mapping',
  parse(bytes: Buffer, ctx: ParseContext): ParkingParseResult {
    const mapping = ctx.format.mapping ?? {};
    if (!mapping.id?.trim()) throw new ParseException('csv-mapping: mapping.id is required (the id column)');
    const options = readCsvOptions(ctx.format.options);
    const records = readCsvRecords(decodeCsv(bytes, options.encoding), options.delimiter);
    const columns = columnNames(records, options);
    const sink = new WarningSink();
    const items = rowObjects(options.header ? records.slice(1) : records, columns.length, options, sink);
    const paths = pathsFromMapping(columnIndexes(mapping, columns, options));
    const units = unitsOf(ctx.format.mapping);
    const mapped = mapRecords(items, paths, createStatusMapper(ctx.format.statusValues), sink, units);
    return { ...mapped, warnings: sink.warnings };
  },
};

function columnNames(records: CsvRecord[], options: CsvOptions): string[] {
  const first = records[0];
  if (first === undefined) throw new ParseException('csv-mapping: the file is empty');
  return options.header ? first.cells : first.cells.map((_cell, index) => String(index + 1));
}

/** Each mapped column as the index its cell has in a row object ("0", "1"...): header names may hold dots. */
function columnIndexes(
  mapping: Record<string, string | undefined>,
  columns: string[],
  options: CsvOptions,
): Record<string, string> {
  const byIndex: Record<string, string> = {};
  for (const key of FIELD_KEYS) {
    const column = mapping[key]?.trim();
    if (!column) continue;
    const index = columns.indexOf(column);
    if (index < 0) {
      const named = options.header ? `columns: ${columns.slice(0, 30).join(', ')}` : `${columns.length} columns`;
      throw new ParseException(`csv-mapping: mapping.${key} names column "${column}", which the file lacks (${named})`);
    }
    byIndex[key] = String(index);
  }
  return byIndex;
}

const DECIMAL_COMMA = /^[-+]?\d+,\d+$/;

function rowObjects(
  records: CsvRecord[],
  width: number,
  options: CsvOptions,
  sink: WarningSink,
): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const record of records) {
    if (record.cells.length !== width) {
      sink.add({
        code: 'INVALID_RECORD',
        message: `line ${record.line} has ${record.cells.length} fields, the header ${width}; skipped`,
        ref: `line ${record.line}`,
      });
      continue;
    }
    const row: Record<string, string> = {};
    record.cells.forEach((cell, index) => {
      row[String(index)] = options.decimalComma && DECIMAL_COMMA.test(cell) ? cell.replace(',', '.') : cell;
    });
    rows.push(row);
  }
  return rows;
}
