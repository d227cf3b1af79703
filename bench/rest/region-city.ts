import { seededRandom } from './seeded-random.js';

/** A region of 44 × 38 km around Poitiers: the spread of a département's car parks. */
export const REGION = { lat: 46.58, lon: 0.34, widthM: 44_000, heightM: 38_000 };
const M_PER_DEG_LAT = 111_320;
const M_PER_DEG_LON = M_PER_DEG_LAT * Math.cos((REGION.lat * Math.PI) / 180);

/** A seeded point of the region, uniformly spread. */
export function regionPoint(random: () => number): { lat: number; lon: number } {
  return {
    lat: REGION.lat + ((random() - 0.5) * REGION.heightM) / M_PER_DEG_LAT,
    lon: REGION.lon + ((random() - 0.5) * REGION.widthM) / M_PER_DEG_LON,
  };
}

/** `size` car parks spread uniformly over the region, as a json-mapping payload (items[]), seeded. */
export function regionCityPayload(size: number, observedAt: Date): string {
  const random = seededRandom(44_038);
  const items = Array.from({ length: size }, (_, i) => {
    const { lat, lon } = regionPoint(random);
    const total = 50 + Math.floor(random() * 600);
    return {
      id: `r${i}`,
      name: `PARKING ${i + 1}`,
      lat,
      lon,
      total,
      free: Math.floor(random() * (total + 1)),
      ts: observedAt.toISOString(),
    };
  });
  return JSON.stringify({ items });
}
