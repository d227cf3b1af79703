import { isGtfsDate, parseGtfsTime } from '../../transit/service-time.js';
import { unknownColumns } from './gtfs-reference-columns.js';

/** How one GTFS column becomes one Postgres column. */
type ColumnType = 'text' | 'int' | 'float' | 'time' | 'date' | 'bool';

interface ColumnSpec {
  gtfs: string;
  column: string;
  type: ColumnType;
  required?: boolean;
  /** Used when the column is absent from the file or the cell is empty. */
  fallback?: string;
}

export interface GtfsFileSpec {
  file: string;
  table: string;
  required: boolean;
  columns: readonly ColumnSpec[];
  /** Extra checks on the converted row (cells by column index), returning a reason when bad. */
  check?: (cells: ReadonlyArray<string | null>) => string | undefined;
  /** Table columns COPY fills, when they are not one per GTFS column. */
  copyColumns?: readonly string[];
  /** Reshapes the converted cells into `copyColumns` order. */
  shape?: (cells: Array<string | null>) => Array<string | null>;
}

const DAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The files the hub imports; others in the zip (fares, transfers, feed_info...) are ignored. */
export const GTFS_FILES: readonly GtfsFileSpec[] = [
  {
    file: 'agency.txt',
    table: 'gtfs_agency',
    required: true,
    columns: [
      { gtfs: 'agency_id', column: 'agency_id', type: 'text', fallback: '' },
      { gtfs: 'agency_name', column: 'name', type: 'text' },
      { gtfs: 'agency_url', column: 'url', type: 'text' },
      { gtfs: 'agency_timezone', column: 'timezone', type: 'text', required: true },
      { gtfs: 'agency_lang', column: 'lang', type: 'text' },
    ],
  },
  {
    file: 'stops.txt',
    table: 'gtfs_stop',
    required: true,
    columns: [
      { gtfs: 'stop_id', column: 'stop_id', type: 'text', required: true },
      { gtfs: 'stop_code', column: 'code', type: 'text' },
      { gtfs: 'stop_name', column: 'name', type: 'text' },
      { gtfs: 'stop_lat', column: 'lat', type: 'float' },
      { gtfs: 'stop_lon', column: 'lon', type: 'float' },
      { gtfs: 'location_type', column: 'location_type', type: 'int', fallback: '0' },
      { gtfs: 'parent_station', column: 'parent_station', type: 'text' },
      { gtfs: 'wheelchair_boarding', column: 'wheelchair_boarding', type: 'int' },
      { gtfs: 'stop_timezone', column: 'timezone', type: 'text' },
    ],
    check: (c) => {
      const located = Number(c[5] ?? 0) <= 2;
      if (located && (c[3] === null || c[4] === null)) return 'stop_lat/stop_lon required for location_type 0-2';
      if (c[3] !== null && Math.abs(Number(c[3])) > 90) return `stop_lat out of range: ${c[3]}`;
      if (c[4] !== null && Math.abs(Number(c[4])) > 180) return `stop_lon out of range: ${c[4]}`;
      return undefined;
    },
  },
  {
    file: 'routes.txt',
    table: 'gtfs_route',
    required: true,
    columns: [
      { gtfs: 'route_id', column: 'route_id', type: 'text', required: true },
      { gtfs: 'agency_id', column: 'agency_id', type: 'text' },
      { gtfs: 'route_short_name', column: 'short_name', type: 'text' },
      { gtfs: 'route_long_name', column: 'long_name', type: 'text' },
      { gtfs: 'route_type', column: 'type', type: 'int', required: true },
      { gtfs: 'route_color', column: 'color', type: 'text' },
      { gtfs: 'route_text_color', column: 'text_color', type: 'text' },
      { gtfs: 'route_url', column: 'url', type: 'text' },
    ],
  },
  {
    file: 'trips.txt',
    table: 'gtfs_trip',
    required: true,
    columns: [
      { gtfs: 'trip_id', column: 'trip_id', type: 'text', required: true },
      { gtfs: 'route_id', column: 'route_id', type: 'text', required: true },
      { gtfs: 'service_id', column: 'service_id', type: 'text', required: true },
      { gtfs: 'trip_headsign', column: 'headsign', type: 'text' },
      { gtfs: 'trip_short_name', column: 'short_name', type: 'text' },
      { gtfs: 'direction_id', column: 'direction_id', type: 'int' },
      { gtfs: 'block_id', column: 'block_id', type: 'text' },
      { gtfs: 'shape_id', column: 'shape_id', type: 'text' },
      { gtfs: 'wheelchair_accessible', column: 'wheelchair_accessible', type: 'int' },
      { gtfs: 'bikes_allowed', column: 'bikes_allowed', type: 'int' },
    ],
  },
  {
    file: 'stop_times.txt',
    table: 'gtfs_stop_time',
    required: true,
    columns: [
      { gtfs: 'trip_id', column: 'trip_id', type: 'text', required: true },
      { gtfs: 'stop_sequence', column: 'stop_sequence', type: 'int', required: true },
      { gtfs: 'stop_id', column: 'stop_id', type: 'text', required: true },
      { gtfs: 'arrival_time', column: 'arrival', type: 'time' },
      { gtfs: 'departure_time', column: 'departure', type: 'time' },
      { gtfs: 'stop_headsign', column: 'headsign', type: 'text' },
      { gtfs: 'pickup_type', column: 'pickup_type', type: 'int' },
      { gtfs: 'drop_off_type', column: 'drop_off_type', type: 'int' },
      { gtfs: 'shape_dist_traveled', column: 'shape_dist', type: 'float' },
    ],
    // A stop time with only one of the two times means the same time for both; with neither, the
    // import interpolates it between the timepoints around it (transit-feed.writer.ts).
    shape: (c) => {
      c[3] ??= c[4];
      c[4] ??= c[3];
      return c;
    },
  },
  {
    file: 'calendar.txt',
    table: 'gtfs_calendar',
    required: false,
    columns: [
      { gtfs: 'service_id', column: 'service_id', type: 'text', required: true },
      ...DAYS.map((d) => ({ gtfs: d, column: d, type: 'bool' as const, required: true })),
      { gtfs: 'start_date', column: 'start_date', type: 'date', required: true },
      { gtfs: 'end_date', column: 'end_date', type: 'date', required: true },
    ],
    copyColumns: ['service_id', 'days', 'start_date', 'end_date'],
    shape: (c) => [c[0], `{${c.slice(1, 8).join(',')}}`, c[8], c[9]],
  },
  {
    file: 'calendar_dates.txt',
    table: 'gtfs_calendar_date',
    required: false,
    columns: [
      { gtfs: 'service_id', column: 'service_id', type: 'text', required: true },
      { gtfs: 'date', column: 'date', type: 'date', required: true },
      { gtfs: 'exception_type', column: 'exception_type', type: 'int', required: true },
    ],
    check: (c) => (c[2] === '1' || c[2] === '2' ? undefined : `exception_type must be 1 or 2, got ${c[2]}`),
  },
  {
    // Headers are matched trimmed: USF Bull Runner's says ` exact_times`.
    file: 'frequencies.txt',
    table: 'gtfs_frequency',
    required: false,
    columns: [
      { gtfs: 'trip_id', column: 'trip_id', type: 'text', required: true },
      { gtfs: 'start_time', column: 'start_time', type: 'time', required: true },
      { gtfs: 'end_time', column: 'end_time', type: 'time', required: true },
      { gtfs: 'headway_secs', column: 'headway_secs', type: 'int', required: true },
      { gtfs: 'exact_times', column: 'exact_times', type: 'int', fallback: '0' },
    ],
    check: (c) => {
      if (Number(c[3]) <= 0) return `headway_secs must be positive, got ${c[3]}`;
      if (Number(c[2]) <= Number(c[1])) return `end_time must be after start_time`;
      return c[4] === '0' || c[4] === '1' ? undefined : `exact_times must be 0 or 1, got ${c[4]}`;
    },
  },
  {
    // The current GTFS form; the older Google one (trans_id, lang, translation) is not read.
    file: 'translations.txt',
    table: 'gtfs_translation',
    required: false,
    columns: [
      { gtfs: 'table_name', column: 'table_name', type: 'text', required: true },
      { gtfs: 'field_name', column: 'field_name', type: 'text', required: true },
      { gtfs: 'language', column: 'language', type: 'text', required: true },
      { gtfs: 'translation', column: 'translation', type: 'text', required: true },
      { gtfs: 'record_id', column: 'record_id', type: 'text' },
      { gtfs: 'record_sub_id', column: 'record_sub_id', type: 'text' },
      { gtfs: 'field_value', column: 'field_value', type: 'text' },
    ],
  },
  {
    file: 'shapes.txt',
    table: 'gtfs_shape',
    required: false,
    columns: [
      { gtfs: 'shape_id', column: 'shape_id', type: 'text', required: true },
      { gtfs: 'shape_pt_sequence', column: 'seq', type: 'int', required: true },
      { gtfs: 'shape_pt_lat', column: 'lat', type: 'float', required: true },
      { gtfs: 'shape_pt_lon', column: 'lon', type: 'float', required: true },
      { gtfs: 'shape_dist_traveled', column: 'dist', type: 'float' },
    ],
  },
];

export function fileSpec(name: string): GtfsFileSpec | undefined {
  return GTFS_FILES.find((f) => f.file === name);
}

export function copyColumnsOf(spec: GtfsFileSpec): readonly string[] {
  return spec.copyColumns ?? spec.columns.map((c) => c.column);
}

/** Optional minus, then digits only (a regex costs several times more, and this runs for millions of cells). */
function isInteger(text: string): boolean {
  const start = text.charCodeAt(0) === 45 ? 1 : 0;
  if (start === text.length) return false;
  for (let i = start; i < text.length; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
  }
  return true;
}
const FLOAT = /^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A cell converted to its column's text form (what COPY reads), or a reason it is bad. */
function convert(type: ColumnType, raw: string): string | { bad: string } {
  switch (type) {
    case 'text':
      return raw;
    case 'int':
      return isInteger(raw) ? raw : { bad: `not an integer: "${raw}"` };
    case 'float':
      return FLOAT.test(raw) ? raw : { bad: `not a number: "${raw}"` };
    case 'time': {
      const s = parseGtfsTime(raw);
      return s === null ? { bad: `not a GTFS time: "${raw}"` } : String(s);
    }
    case 'date':
      return isGtfsDate(raw) ? raw : { bad: `not a YYYYMMDD date: "${raw}"` };
    case 'bool':
      return raw === '1' ? 't' : raw === '0' ? 'f' : { bad: `expected 0 or 1: "${raw}"` };
  }
}

export type RowResult = { cells: Array<string | null> } | { bad: string };

/**
 * Converts CSV records of one file. Built from the header once; then each record costs one pass
 * over the wanted columns. Column names are matched trimmed, so a stray space in the header is forgiven.
 */
export class RowConverter {
  private readonly indexes: number[];
  readonly missingRequired: string[];
  /** Header names the GTFS reference does not define for this file (typos, extensions): not read. */
  readonly unknownColumns: string[];

  constructor(
    readonly spec: GtfsFileSpec,
    header: readonly string[],
  ) {
    const positions = new Map(header.map((h, i) => [h.trim(), i]));
    this.indexes = spec.columns.map((c) => positions.get(c.gtfs) ?? -1);
    this.missingRequired = spec.columns.filter((c, i) => c.required === true && this.indexes[i] < 0).map((c) => c.gtfs);
    this.unknownColumns = unknownColumns(spec.file, header);
  }

  convert(record: readonly string[]): RowResult {
    const cols = this.spec.columns;
    const cells: Array<string | null> = new Array<string | null>(cols.length);
    for (let i = 0; i < cols.length; i++) {
      const at = this.indexes[i];
      const raw = at < 0 || at >= record.length ? '' : record[at].trim();
      const col = cols[i];
      if (raw === '') {
        if (col.required === true) return { bad: `${col.gtfs} is empty` };
        cells[i] = col.fallback ?? null;
        continue;
      }
      const value = convert(col.type, raw);
      if (typeof value !== 'string') return { bad: `${col.gtfs}: ${value.bad}` };
      cells[i] = value;
    }
    const reason = this.spec.check?.(cells);
    if (reason !== undefined) return { bad: reason };
    return { cells: this.spec.shape === undefined ? cells : this.spec.shape(cells) };
  }
}

const COPY_SPECIAL = /[\\\t\n\r]/;

/**
 * One COPY text-format line (tab separated, \N for NULL). `escape: false` is for cells known to
 * hold no backslash, tab or line break (their whole chunk was checked once).
 */
export function copyLine(cells: ReadonlyArray<string | null>, escape = true): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i];
    if (i > 0) line += '\t';
    if (c === null) line += '\\N';
    else if (escape && COPY_SPECIAL.test(c))
      line += c.replace(/[\\\t\n\r]/g, (m) => (m === '\\' ? '\\\\' : m === '\t' ? '\\t' : m === '\n' ? '\\n' : '\\r'));
    else line += c;
  }
  return line + '\n';
}
