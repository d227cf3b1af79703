import { crc32, inflateRawSync } from 'node:zlib';
import { buildGtfsFiles, buildGtfsZip, toCsv } from './gtfs-static.builder.js';
import { buildTimetable } from './gtfs-timetable.js';

/** Minimal reader (central directory + local headers, stored/deflated), checking every CRC. */
function readZip(zip: Buffer): Map<string, string> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central header at ${p}`);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const compressedSize = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const skip = nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLength);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressedSize);
    const data = method === 8 ? inflateRawSync(raw) : raw;
    if (data.length !== size || crc32(data) !== crc) throw new Error(`corrupt entry ${name}`);
    entries.set(name, data.toString('utf8'));
    p += 46 + skip;
  }
  return entries;
}

/** Our CSV never quotes ids or times, so a plain split is enough to read them back. */
function rows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\r\n')
    .map((line) => line.split(','));
}

function column(text: string, name: string): string[] {
  const [header, ...body] = rows(text);
  const i = header.indexOf(name);
  return body.map((r) => r[i]);
}

const TODAY = { year: 2026, month: 3, day: 10 };

describe('demo GTFS static feed', () => {
  const timetable = buildTimetable();
  let entries: Map<string, string>;
  let zip: Buffer;

  beforeAll(async () => {
    zip = await buildGtfsZip(timetable, TODAY);
    entries = readZip(zip);
  });

  it('is a valid zip with the required files and their GTFS headers', () => {
    expect([...entries.keys()]).toEqual([
      'agency.txt',
      'stops.txt',
      'routes.txt',
      'trips.txt',
      'stop_times.txt',
      'calendar.txt',
      'calendar_dates.txt',
      'feed_info.txt',
    ]);
    const header = (name: string): string => (entries.get(name) ?? '').split('\r\n')[0];
    expect(header('agency.txt')).toBe('agency_id,agency_name,agency_url,agency_timezone,agency_lang');
    expect(header('stops.txt')).toBe('stop_id,stop_name,stop_lat,stop_lon,location_type');
    expect(header('routes.txt')).toBe(
      'route_id,agency_id,route_short_name,route_long_name,route_type,route_color,route_text_color',
    );
    expect(header('trips.txt')).toBe('route_id,service_id,trip_id,trip_headsign,direction_id');
    expect(header('stop_times.txt')).toBe('trip_id,arrival_time,departure_time,stop_id,stop_sequence');
    expect(header('calendar.txt')).toBe(
      'service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date',
    );
    expect(entries.get('calendar_dates.txt')).toBe('service_id,date,exception_type\r\n');
    expect(header('feed_info.txt')).toBe(
      'feed_publisher_name,feed_publisher_url,feed_lang,feed_start_date,feed_end_date,feed_version',
    );
  });

  it('has the demo agency, 12 stops, 3 bus routes and a service running every day of year ± 1', () => {
    expect(rows(entries.get('agency.txt') ?? '')[1]).toEqual([
      'VITALIS_DEMO',
      'Vitalis (démonstration)',
      'https://example.com/mobility-hub-demo',
      'Europe/Paris',
      'fr',
    ]);
    expect(column(entries.get('stops.txt') ?? '', 'stop_name')).toContain('Hôtel de Ville');
    expect(column(entries.get('stops.txt') ?? '', 'stop_id')).toHaveLength(12);
    expect(column(entries.get('routes.txt') ?? '', 'route_short_name')).toEqual(['1', '2', '3']);
    expect(column(entries.get('routes.txt') ?? '', 'route_type')).toEqual(['3', '3', '3']);
    expect(rows(entries.get('calendar.txt') ?? '')[1]).toEqual([
      'TOUS_LES_JOURS',
      '1',
      '1',
      '1',
      '1',
      '1',
      '1',
      '1',
      '20250101',
      '20271231',
    ]);
    expect(rows(entries.get('feed_info.txt') ?? '')[1].slice(3)).toEqual(['20250101', '20271231', 'demo-20260310']);
  });

  it('references only trips and stops that exist', () => {
    const tripIds = column(entries.get('trips.txt') ?? '', 'trip_id');
    const stopIds = new Set(column(entries.get('stops.txt') ?? '', 'stop_id'));
    const routeIds = new Set(column(entries.get('routes.txt') ?? '', 'route_id'));
    expect(new Set(tripIds).size).toBe(tripIds.length);
    expect(column(entries.get('trips.txt') ?? '', 'route_id').every((id) => routeIds.has(id))).toBe(true);
    const stopTimes = entries.get('stop_times.txt') ?? '';
    const known = new Set(tripIds);
    expect(column(stopTimes, 'trip_id').every((id) => known.has(id))).toBe(true);
    expect(column(stopTimes, 'stop_id').every((id) => stopIds.has(id))).toBe(true);
    expect(new Set(column(stopTimes, 'trip_id')).size).toBe(tripIds.length);
  });

  it('runs every 10-15 min from 06:00 to 24:30, then every 10 min all night, with GTFS times past midnight', () => {
    const trips = timetable.trips;
    const count = (routeId: string, directionId: number): number =>
      trips.filter((t) => t.routeId === routeId && t.directionId === directionId).length;
    // L1 every 10 min from 06:00 / 06:05, L2 every 12 from 06:02 / 06:08, L3 every 15 from 06:04 / 06:11
    // until 24:30 (112, 111, 93, 92, 74, 74), then every 10 min until the next day's first departure
    // (L1 A 24:40 to 29:50: 32; L1 R 24:35 to 29:55: 33; L2 A 24:36-30:06 less one: 33; ...).
    expect([count('L1', 0), count('L1', 1), count('L2', 0), count('L2', 1), count('L3', 0), count('L3', 1)]).toEqual([
      112 + 32,
      111 + 33,
      93 + 33,
      92 + 34,
      74 + 34,
      74 + 34,
    ]);
    expect(trips.length).toBe(756);
    const firstL1 = trips.filter((t) => t.routeId === 'L1' && t.directionId === 0).map((t) => t.stopTimes[0].departure);
    expect(firstL1[0]).toBe(6 * 3600);
    expect(firstL1).toContain(24 * 3600 + 30 * 60); // the day's last
    expect(firstL1[firstL1.length - 1]).toBe(29 * 3600 + 50 * 60); // the night's last, before 06:00
    expect(firstL1[1] - firstL1[0]).toBe(600);
    const times = column(entries.get('stop_times.txt') ?? '', 'arrival_time');
    expect(times[0]).toBe('06:00:00');
    expect(times.every((t) => /^\d\d:[0-5]\d:[0-5]\d$/.test(t))).toBe(true);
    expect(times.filter((t) => t >= '24:00:00').length).toBeGreaterThan(0);
    for (const trip of trips) {
      for (let i = 1; i < trip.stopTimes.length; i++) {
        expect(trip.stopTimes[i].arrival).toBeGreaterThan(trip.stopTimes[i - 1].departure);
      }
    }
  });

  it('produces the same bytes every time for the same day', async () => {
    const again = await buildGtfsZip(buildTimetable(), TODAY);
    expect(again.equals(zip)).toBe(true);
    const files = buildGtfsFiles(timetable, TODAY);
    expect([...files.entries()]).toEqual([...entries.entries()]);
  });

  it('quotes CSV cells that need it', () => {
    expect(toCsv(['a', 'b'], [['x,y', 'say "hi"']])).toBe('a,b\r\n"x,y","say ""hi"""\r\n');
  });
});
