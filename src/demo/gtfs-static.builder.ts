import yazl from 'yazl';
import { formatGtfsTime } from './gtfs-timetable.js';
import type { Timetable } from './gtfs-timetable.js';
import { gtfsDate } from './paris-time.js';
import type { LocalDate } from './paris-time.js';
import { DEMO_AGENCY, DEMO_LINES, DEMO_SERVICE_ID, DEMO_STOPS } from './vitalis-network.js';

type Cell = string | number;

/** RFC 4180 quoting, which GTFS CSV follows. */
export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string {
  const line = (cells: readonly Cell[]): string => cells.map(quote).join(',');
  return [line(header), ...rows.map(line)].join('\r\n') + '\r\n';
}

function quote(cell: Cell): string {
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The feed is valid from 1 January of last year to 31 December of next year. */
export function validityRange(today: LocalDate): { start: string; end: string } {
  return {
    start: gtfsDate({ year: today.year - 1, month: 1, day: 1 }),
    end: gtfsDate({ year: today.year + 1, month: 12, day: 31 }),
  };
}

/** File name → CSV text, in the order they go into the zip. */
export function buildGtfsFiles(timetable: Timetable, today: LocalDate): Map<string, string> {
  const { start, end } = validityRange(today);
  const files = new Map<string, string>();
  files.set(
    'agency.txt',
    toCsv(
      ['agency_id', 'agency_name', 'agency_url', 'agency_timezone', 'agency_lang'],
      [[DEMO_AGENCY.id, DEMO_AGENCY.name, DEMO_AGENCY.url, DEMO_AGENCY.timezone, DEMO_AGENCY.lang]],
    ),
  );
  files.set(
    'stops.txt',
    toCsv(
      ['stop_id', 'stop_name', 'stop_lat', 'stop_lon', 'location_type'],
      DEMO_STOPS.map((s) => [s.id, s.name, s.lat.toFixed(6), s.lon.toFixed(6), 0]),
    ),
  );
  files.set(
    'routes.txt',
    toCsv(
      ['route_id', 'agency_id', 'route_short_name', 'route_long_name', 'route_type', 'route_color', 'route_text_color'],
      DEMO_LINES.map((l) => [l.id, DEMO_AGENCY.id, l.shortName, l.longName, 3, l.color, l.textColor]),
    ),
  );
  files.set(
    'trips.txt',
    toCsv(
      ['route_id', 'service_id', 'trip_id', 'trip_headsign', 'direction_id'],
      timetable.trips.map((t) => [t.routeId, DEMO_SERVICE_ID, t.tripId, t.headsign, t.directionId]),
    ),
  );
  files.set(
    'stop_times.txt',
    toCsv(
      ['trip_id', 'arrival_time', 'departure_time', 'stop_id', 'stop_sequence'],
      timetable.trips.flatMap((t) =>
        t.stopTimes.map((st) => [
          t.tripId,
          formatGtfsTime(st.arrival),
          formatGtfsTime(st.departure),
          st.stopId,
          st.stopSequence,
        ]),
      ),
    ),
  );
  files.set(
    'calendar.txt',
    toCsv(
      [
        'service_id',
        'monday',
        'tuesday',
        'wednesday',
        'thursday',
        'friday',
        'saturday',
        'sunday',
        'start_date',
        'end_date',
      ],
      [[DEMO_SERVICE_ID, 1, 1, 1, 1, 1, 1, 1, start, end]],
    ),
  );
  files.set('calendar_dates.txt', toCsv(['service_id', 'date', 'exception_type'], []));
  files.set(
    'feed_info.txt',
    toCsv(
      ['feed_publisher_name', 'feed_publisher_url', 'feed_lang', 'feed_start_date', 'feed_end_date', 'feed_version'],
      [['Mobility Hub demo operator', DEMO_AGENCY.url, 'fr', start, end, `demo-${gtfsDate(today)}`]],
    ),
  );
  return files;
}

/**
 * Zips the feed. Every entry gets the same fixed mtime so the bytes (and so the
 * ETag) depend only on the timetable and the build day.
 */
export function zipGtfsFiles(files: ReadonlyMap<string, string>, today: LocalDate): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const mtime = new Date(Date.UTC(today.year, today.month - 1, today.day));
  for (const [name, text] of files) {
    zip.addBuffer(Buffer.from(text, 'utf8'), name, { mtime, compress: true });
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
    zip.end();
  });
}

export async function buildGtfsZip(timetable: Timetable, today: LocalDate): Promise<Buffer> {
  return zipGtfsFiles(buildGtfsFiles(timetable, today), today);
}
