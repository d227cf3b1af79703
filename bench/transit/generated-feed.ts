import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';

export const STOPS = 2_000;
export const ROUTES = 50;
export const STOPS_PER_TRIP = 40;
export const TRIPS = 25_000;
export const STOP_TIMES = TRIPS * STOPS_PER_TRIP;

function* lines(header: string, count: number, row: (i: number) => string, batch = 5_000): Generator<string> {
  yield `${header}\n`;
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += `${row(i)}\n`;
    if ((i + 1) % batch === 0) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

function time(s: number): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

/** A synthetic but well-formed feed: trips every few minutes from 05:00 to past midnight (times > 24:00). */
function stopTimeRow(i: number): string {
  const trip = Math.floor(i / STOPS_PER_TRIP);
  const seq = i % STOPS_PER_TRIP;
  const start = 5 * 3600 + (trip % 500) * 120;
  const t = start + seq * 90;
  const stop = (trip * 7 + seq * 13) % STOPS;
  return `T${trip},${time(t)},${time(t + 20)},S${stop},${seq + 1},,0,0`;
}

/** Writes the zip to `file`, streaming every entry (stop_times is never built in memory). */
export async function writeGeneratedFeed(file: string): Promise<void> {
  const zip = new yazl.ZipFile();
  const add = (name: string, gen: Generator<string>): void => zip.addReadStream(Readable.from(gen), name);
  add(
    'agency.txt',
    lines(
      'agency_id,agency_name,agency_url,agency_timezone',
      1,
      () => 'A,Bench Transit,https://example.org,Europe/Paris',
    ),
  );
  add(
    'stops.txt',
    lines(
      'stop_id,stop_name,stop_lat,stop_lon',
      STOPS,
      (i) => `S${i},Stop ${i},${(46.5 + i / 20_000).toFixed(6)},${(0.3 + i / 20_000).toFixed(6)}`,
    ),
  );
  add(
    'routes.txt',
    lines('route_id,agency_id,route_short_name,route_long_name,route_type', ROUTES, (i) => `R${i},A,${i},Route ${i},3`),
  );
  add(
    'trips.txt',
    lines(
      'route_id,service_id,trip_id,trip_headsign',
      TRIPS,
      (i) => `R${i % ROUTES},${i % 3 === 0 ? 'WE' : 'WK'},T${i},Terminus ${i % ROUTES}`,
    ),
  );
  add(
    'stop_times.txt',
    lines(
      'trip_id,arrival_time,departure_time,stop_id,stop_sequence,stop_headsign,pickup_type,drop_off_type',
      STOP_TIMES,
      stopTimeRow,
    ),
  );
  add(
    'calendar.txt',
    lines('service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date', 2, (i) =>
      i === 0 ? 'WK,1,1,1,1,1,0,0,20260101,20271231' : 'WE,0,0,0,0,0,1,1,20260101,20271231',
    ),
  );
  add(
    'calendar_dates.txt',
    lines('service_id,date,exception_type', 2, (i) => (i === 0 ? 'WK,20261225,2' : 'WE,20261225,1')),
  );
  zip.end();
  const out = createWriteStream(file);
  zip.outputStream.pipe(out);
  await finished(out);
}
