import type { Redis } from 'ioredis';
import { haversineM } from '../../common/geo.js';

export type Bbox = [minLon: number, minLat: number, maxLon: number, maxLat: number];

/**
 * Members of a Redis geo set inside a lon/lat box. GEOSEARCH BYBOX is measured in metres around
 * a centre, so this asks for a box surely larger, then keeps exactly the points inside.
 */
export async function geoMembersInBox(
  redis: Redis,
  key: string,
  [minLon, minLat, maxLon, maxLat]: Bbox,
): Promise<string[]> {
  const lon = (minLon + maxLon) / 2;
  const lat = (minLat + maxLat) / 2;
  const widthM = haversineM(lat, minLon, lat, maxLon) * 1.2 + 10;
  const heightM = haversineM(minLat, lon, maxLat, lon) * 1.2 + 10;
  const reply = (await redis.geosearch(
    key,
    'FROMLONLAT',
    lon,
    lat,
    'BYBOX',
    widthM,
    heightM,
    'm',
    'WITHCOORD',
  )) as Array<[string, [string, string]]>;
  return reply.filter(([, [x, y]]) => +x >= minLon && +x <= maxLon && +y >= minLat && +y <= maxLat).map(([id]) => id);
}
