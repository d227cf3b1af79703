import { createServer } from 'node:http';
import { Redis } from 'ioredis';

/**
 * The same Redis work as GET /v1/parkings?near=lat,lon&radius=r, done by hand: node:http + ioredis,
 * GEOSEARCH FROMLONLAT BYRADIUS ASC COUNT 50 WITHDIST on its own keys, one MGET of the stored JSON,
 * one JSON.stringify. At start it copies the hub's facilities (its state hash) into its own keys:
 * `<prefix>:geo` and `<prefix>:p:<id>` (the Parking JSON). No validation, access rule, headers
 * beyond four, log or metrics. Usage: near-baseline-server.js <port> <redis-url> <hub-prefix> <own-prefix>
 * (the bench deletes the own prefix's keys with the hub's).
 */
const [port, redisUrl, hubPrefix, prefix] = process.argv.slice(2);
const redis = new Redis(redisUrl);
const geoKey = `${prefix}:geo`;
const keyOf = (id: string): string => `${prefix}:p:${id}`;

async function load(): Promise<void> {
  const states = await redis.hgetall(`${hubPrefix}:parking:state`);
  const multi = redis.multi();
  for (const [id, json] of Object.entries(states)) {
    const { parking } = JSON.parse(json) as { parking: { location: { lat: number; lon: number } | null } };
    multi.set(keyOf(id), JSON.stringify(parking));
    if (parking.location !== null) multi.geoadd(geoKey, parking.location.lon, parking.location.lat, id);
  }
  await multi.exec();
}

async function answer(url: URL): Promise<string> {
  const [lat, lon] = (url.searchParams.get('near') ?? '').split(',').map(Number);
  const radius = Number(url.searchParams.get('radius') ?? 1_000);
  const hits = (await redis.geosearch(
    geoKey,
    'FROMLONLAT',
    lon,
    lat,
    'BYRADIUS',
    radius,
    'm',
    'ASC',
    'COUNT',
    50,
    'WITHDIST',
  )) as Array<[string, string]>;
  const stored = hits.length === 0 ? [] : await redis.mget(...hits.map(([id]) => keyOf(id)));
  const data = stored.map((json, i) => ({
    ...(JSON.parse(json ?? 'null') as object),
    distance: Math.round(Number(hits[i][1])),
  }));
  return JSON.stringify({ data, meta: { count: data.length, generatedAt: new Date().toISOString() } });
}

await load();
createServer((req, res) => {
  answer(new URL(req.url ?? '/', 'http://x')).then(
    (body) => {
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'public, max-age=30',
      });
      res.end(body);
    },
    () => {
      res.writeHead(500).end();
    },
  );
}).listen(Number(port), '127.0.0.1');
