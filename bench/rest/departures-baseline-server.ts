import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import pg from 'pg';
import { CALLS_SQL } from '../../src/infra/database/transit-timetable.repository.js';
import { tripKey } from '../../src/transit/realtime/trip-prediction.js';
import { addDays, localDate, serviceDayStartMs } from '../../src/transit/service-time.js';

/**
 * The same storage work as GET /v1/stops/<feed>:<stop>/departures, done by hand: node:http, a pg
 * pool (10 connections, as the hub's) and ioredis. Per request: the hub's own stop_times query
 * (CALLS_SQL) for the stop and the window, one HMGET of the realtime source's predictions for the
 * calls' trips, the departures sorted and cut to the limit, one JSON.stringify. What does not vary
 * between requests (the feed version, the service days and their active services for the one `at`
 * the bench asks) is read or computed once at start. Usage:
 * departures-baseline-server.js <port> <database-url> <schema> <redis-url> <prefix> <feed> <rt-source> <at-iso> <window-s> <timezone>
 */
const [port, databaseUrl, schema, redisUrl, prefix, feed, rtSource, atIso, windowArg, timezone] = process.argv.slice(2);
const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, options: `-c search_path=${schema} -c jit=off` });
const redis = new Redis(redisUrl);
const LOOKBACK_S = 3_600;
const from = Math.floor(Date.parse(atIso) / 1000);
const to = from + Number(windowArg);

interface Row {
  trip_id: string;
  stop_id: string;
  departure: number;
  route_id: string;
  headsign: string | null;
  date: string;
  base: string;
  arrival: number;
  arrival_only: boolean;
}

async function constants(): Promise<{ version: number; dates: string[]; bases: number[]; active: string[] }> {
  const v = await pool.query<{ version_id: string }>('SELECT version_id FROM gtfs_feed_current WHERE source = $1', [
    feed,
  ]);
  const today = localDate(from * 1000, timezone);
  const dates = [addDays(today, -1), today];
  // The generated feed's calendar: WK Monday to Friday, WE on weekends.
  const active = dates.map((d) => {
    const day = new Date(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T12:00:00Z`).getUTCDay();
    return `${d}|${day === 0 || day === 6 ? 'WE' : 'WK'}`;
  });
  return {
    version: Number(v.rows[0].version_id),
    dates,
    bases: dates.map((d) => Math.round(serviceDayStartMs(d, timezone) / 1000)),
    active,
  };
}

const fixed = await constants();
const tripsKey = `${prefix}:transit:trips:${rtSource}`;

async function answer(stopId: string, limit: number): Promise<string> {
  const { rows } = await pool.query<Row>(CALLS_SQL, [
    fixed.version,
    fixed.dates,
    fixed.bases,
    [stopId],
    from - LOOKBACK_S,
    to,
    fixed.active,
    false,
  ]);
  const keys = rows.flatMap((r) => [tripKey(r.trip_id, r.date), tripKey(r.trip_id, null)]);
  const predictions = keys.length === 0 ? [] : await redis.hmget(tripsKey, ...keys);
  const departures = rows
    .map((r, i) => ({
      tripId: `${feed}:${r.trip_id}`,
      routeId: `${feed}:${r.route_id}`,
      headsign: r.headsign,
      scheduled: new Date((Number(r.base) + (r.arrival_only ? r.arrival : r.departure)) * 1000).toISOString(),
      prediction: predictions[2 * i] ?? predictions[2 * i + 1] ?? null,
    }))
    .filter((d) => {
      const t = Date.parse(d.scheduled) / 1000;
      return t >= from && t <= to;
    })
    .sort((a, b) => a.scheduled.localeCompare(b.scheduled))
    .slice(0, limit);
  return JSON.stringify({ data: departures, meta: { count: departures.length } });
}

createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const match = /^\/v1\/stops\/[^/:]+:([^/]+)\/departures$/.exec(url.pathname);
  if (match === null) {
    res.writeHead(404).end();
    return;
  }
  answer(decodeURIComponent(match[1]), Number(url.searchParams.get('limit') ?? 20)).then(
    (body) => {
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'public, max-age=15',
      });
      res.end(body);
    },
    () => res.writeHead(500).end(),
  );
}).listen(Number(port), '127.0.0.1');
